/**
 * Runs `run` over `items` with at most `lanes` calls in flight, each lane
 * taking the next item when its call ends. Resolves when all have run; the
 * first rejection rejects (lanes already running finish their item).
 */
export async function inParallel<T>(items: readonly T[], lanes: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await run(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}
