import { periodFromName } from '../../../shared/periods';
import type { FilePeriod } from '../stores/import-store';

/** A dropped file's proposed 所属期 and the words of its name it came from. */
export interface ProposedPeriod extends FilePeriod {
  /** What the name said (2024-03, 2024Q1…), or null when nothing was found (未识别). */
  evidence: string | null;
}

/**
 * The 所属期 a file's name gives, as a document records it. A document holds a
 * year and a month only, so a quarter or a whole year becomes the year with the
 * month empty; nothing found stays empty — never a default.
 */
export function proposePeriod(name: string): ProposedPeriod {
  const guess = periodFromName(name);
  if (!guess) return { year: null, month: null, evidence: null };
  return { year: guess.year, month: guess.month, evidence: guess.evidence };
}
