/**
 * The kinds of personal or secret data Steward keeps out of models and stored history. The names
 * are stable: they appear in audit records and in what people are told was masked.
 */
export const PERSONAL_DATA_KINDS = [
  'email',
  'phone',
  'payment-card',
  'iban',
  'national-id',
  'date-of-birth',
  'access-key',
  'secret',
  'password',
] as const;

export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** One piece of personal data in a text: `text.slice(start, end)` is the value itself. */
export interface PersonalDataFinding {
  readonly kind: PersonalDataKind;
  readonly start: number;
  readonly end: number;
}

/**
 * Finds personal data in text people typed. Findings may overlap or come in any order; the
 * masking step decides what to hide. Implementations must run in time linear in the text's
 * length: they see every message, including hostile ones.
 */
export interface PersonalDataDetector {
  find(text: string): readonly PersonalDataFinding[];
}
