/**
 * Holds every Buffer of key material a vault session uses, so that locking
 * can zero-fill all of them in one place.
 */
export class KeyRing {
  private readonly buffers = new Set<Buffer>();
  private wiped = false;

  track(buffer: Buffer): Buffer {
    if (this.wiped) {
      buffer.fill(0);
      throw new Error('key ring already wiped');
    }
    this.buffers.add(buffer);
    return buffer;
  }

  /** Zero-fills every tracked buffer. Idempotent. */
  wipe(): void {
    for (const buffer of this.buffers) buffer.fill(0);
    this.buffers.clear();
    this.wiped = true;
  }

  get isWiped(): boolean {
    return this.wiped;
  }

  /** For tests: the buffers currently held (views of the same memory). */
  snapshot(): Buffer[] {
    return [...this.buffers];
  }
}

export function wipe(...buffers: (Buffer | null | undefined)[]): void {
  for (const buffer of buffers) buffer?.fill(0);
}
