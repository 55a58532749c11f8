/** sessionStorage as a page has it, in memory; `failing` makes every access throw (storage disabled). */
export class MemoryStorage {
  private readonly items = new Map<string, string>();
  failing = false;

  get length(): number {
    this.check();
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
    this.failing = false;
  }

  getItem(key: string): string | null {
    this.check();
    return this.items.get(key) ?? null;
  }

  key(index: number): string | null {
    this.check();
    return [...this.items.keys()][index] ?? null;
  }

  removeItem(key: string): void {
    this.check();
    this.items.delete(key);
  }

  setItem(key: string, value: string): void {
    this.check();
    this.items.set(key, String(value));
  }

  private check(): void {
    if (this.failing) throw new DOMException('storage disabled', 'SecurityError');
  }
}
