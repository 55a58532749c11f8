/** Masks a phone number for lists: 13812345678 → 138****5678. */
export function maskPhone(value: string | null): string | null {
  if (!value) return value;
  const digits = value.replace(/\s+/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  if (digits.length <= 7) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** Masks a bank account: only the last four digits stay visible. */
export function maskAccount(value: string | null): string | null {
  if (!value) return value;
  const compact = value.replace(/\s+/g, '');
  if (compact.length <= 4) return '*'.repeat(compact.length);
  return `**** **** ${compact.slice(-4)}`;
}
