/**
 * Every store registers its reset here when it is created, so locking the
 * vault can clear them all without a list to keep in sync by hand.
 */
const resets = new Set<() => void>();

export function registerReset(reset: () => void): void {
  resets.add(reset);
}

/** Called on lock: afterwards the renderer holds no client data. */
export function resetAllStores(): void {
  for (const reset of resets) reset();
}
