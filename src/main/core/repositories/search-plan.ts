/**
 * How a search finds the first page of matches in list order. Two ways work,
 * and each is fast only for some terms:
 * - walking the list in its order (an index walk) and testing each row stops
 *   after a page of matches: quick for a common term ("有限公司" in every
 *   client name), a scan of the whole table for a rare one;
 * - the n-gram index gives a rare term's few candidates at once, but each is
 *   read out of order (its page is rarely the one just decrypted) and a common
 *   term's thousands must all be read and sorted.
 * The index's candidate count, read only as far as a cap, is taken first: a
 * rare term's few candidates are read at once; otherwise a probe of the list's
 * first rows answers common terms, and the count tells the rest apart.
 */

/** Rows of the list tested first. */
export const PROBE_ROWS = 1000;
/** Candidates counted from the index, at most: past this many the walk is always chosen. */
export const INDEX_CAP = 5000;
/**
 * Rows walked in order that cost as much as one candidate read out of order (measured at 100,000 documents
 * with the view's cache warm: about 10 µs against 1 µs; both read a row and test it). A probe that found k
 * matches in its rows says a walk reads about limit × PROBE_ROWS / k rows for a page (the whole list when k
 * is 0), so the index is read when its candidates cost less than that.
 */
export const CANDIDATE_COST = 10;

export interface SearchPlans<T> {
  /** The matches among the list's first `rows` rows, in list order, at most `limit`. */
  probe(rows: number, limit: number): T[];
  /** Whether the list has more than `rows` rows. */
  longerThan(rows: number): boolean;
  /** The index's candidates, counted no further than `cap`; null when the query cannot use the index. */
  candidates(cap: number): number | null;
  /** The first `limit` matches, walking the list in order. */
  walk(limit: number): T[];
  /** The first `limit` matches in list order, through the index. */
  indexed(limit: number): T[];
}

/**
 * Candidates below which the index answers before any probe: reading this many rows out of order costs
 * less than the probe's rows in order (a candidate costs about 15 of them), so a rare term — most of
 * what people type into a large vault — never walks the list at all.
 */
export const DIRECT_CAP = 64;

export function firstMatches<T>(plans: SearchPlans<T>, limit: number): T[] {
  // A short list is read whole.
  if (!plans.longerThan(PROBE_ROWS)) return plans.probe(PROBE_ROWS, limit);
  const candidates = plans.candidates(INDEX_CAP);
  if (candidates !== null && candidates < DIRECT_CAP) return plans.indexed(limit);
  const probed = plans.probe(PROBE_ROWS, limit);
  // A page found among the first rows is the first page (the probe reads them in list order).
  if (probed.length >= limit) return probed;
  const walkRows = (limit * PROBE_ROWS) / Math.max(1, probed.length);
  const useIndex = candidates !== null && candidates < INDEX_CAP && candidates * CANDIDATE_COST < walkRows;
  return useIndex ? plans.indexed(limit) : plans.walk(limit);
}
