import type { TFunction } from 'i18next';

/** The years a 所属期 picker offers: next year and the eleven before it, newest first, plus any `extra` (a year a file gave). */
export function recentYears(extra: readonly (number | null)[] = []): number[] {
  const thisYear = new Date().getFullYear();
  const years = new Set(Array.from({ length: 12 }, (_, i) => thisYear + 1 - i));
  for (const y of extra) if (y !== null) years.add(y);
  return [...years].sort((a, b) => b - a);
}

export function yearOptions(t: TFunction, years: readonly number[]): { value: number; label: string }[] {
  return years.map((y) => ({ value: y, label: t('documents.period.yearOption', { year: y }) }));
}

/** 1月 … 12月. */
export function monthOptions(t: TFunction): { value: number; label: string }[] {
  return Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: t('documents.period.monthOption', { month: i + 1 }) }));
}
