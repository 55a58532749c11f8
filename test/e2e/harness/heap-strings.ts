import type { Page } from '@playwright/test';

/**
 * Every string alive in the page's JavaScript heap, read from a V8 heap
 * snapshot over the DevTools protocol after a full garbage collection. It
 * covers every zustand store, React's fibers and any closure or module
 * variable, without the app exposing anything: nothing test-only ships.
 * Covers the whole renderer isolate (Playwright's own utility world too), so
 * a test must not pass the strings it looks for into the page first.
 */
export async function heapStrings(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const chunks: string[] = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await cdp.send('HeapProfiler.disable');
    const snapshot = JSON.parse(chunks.join('')) as { strings: string[] };
    return snapshot.strings;
  } finally {
    await cdp.detach();
  }
}

/** Which of `needles` occur anywhere in a string of the page's heap. */
export async function foundInHeap(page: Page, needles: readonly string[]): Promise<string[]> {
  const strings = await heapStrings(page);
  return needles.filter((needle) => strings.some((s) => s.includes(needle)));
}
