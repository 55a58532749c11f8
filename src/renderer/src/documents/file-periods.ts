import { guessCategory, type ImportProposal } from '../../../shared/document-guess';
import { periodFromName } from '../../../shared/periods';
import type { FilePeriod } from '../stores/import-store';

/** A dropped file's proposed 所属期 and category, with the words they came from and where those were. */
export interface ProposedPeriod extends FilePeriod {
  /** What was read (2024-03, 对账期间：…), or null when nothing was found (未识别) or a person chose. */
  evidence: string | null;
  source: 'name' | 'content' | null;
  category: string | null;
  categoryEvidence: string | null;
  categorySource: 'name' | 'content' | null;
}

const EMPTY_PERIOD = { year: null, month: null, evidence: null, source: null } as const;

/**
 * The 所属期 a guess gives, as a document records it. A document holds a year and a month only, so a
 * quarter or a whole year becomes the year with the month empty; nothing found stays empty — never a default.
 */
function periodOf(guess: ImportProposal['period']): Pick<ProposedPeriod, 'year' | 'month' | 'evidence' | 'source'> {
  return guess ? { year: guess.year, month: guess.month, evidence: guess.evidence, source: guess.source } : EMPTY_PERIOD;
}

function categoryOf(guess: ImportProposal['category']): Pick<ProposedPeriod, 'category' | 'categoryEvidence' | 'categorySource'> {
  return guess ? { category: guess.category, categoryEvidence: guess.evidence, categorySource: guess.source } : { category: null, categoryEvidence: null, categorySource: null };
}

/** What a dropped file's name alone says. */
export function proposePeriod(name: string): ProposedPeriod {
  return { ...periodOf(periodFromName(name)), ...categoryOf(guessCategory(name, null)) };
}

/** Whether reading the file's content could add to what its name said. */
export function wantsContent(p: ProposedPeriod): boolean {
  return p.year === null || p.category === null;
}

/** Main's proposal (name, then content) merged into a row: only what the row still lacks. */
export function withContent(p: ProposedPeriod, proposal: ImportProposal): ProposedPeriod {
  return {
    ...p,
    ...(p.year === null ? periodOf(proposal.period) : {}),
    ...(p.category === null ? categoryOf(proposal.category) : {}),
  };
}
