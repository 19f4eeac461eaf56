import type { PersonalDataDetector, PersonalDataFinding, PersonalDataKind } from '../ports/personal-data-detector.js';

/** What stands in the text where a value was masked: says what was there, never the value. */
const PLACEHOLDERS: Readonly<Record<PersonalDataKind, string>> = {
  email: '[email address]',
  phone: '[phone number]',
  'payment-card': '[card number]',
  iban: '[bank account]',
  'national-id': '[ID number]',
  'date-of-birth': '[date of birth]',
  'access-key': '[access key]',
  secret: '[secret]',
  password: '[password]',
};

/** How people read each kind when told what was masked ("an email address and a password"). */
const READABLE: Readonly<Record<PersonalDataKind, string>> = {
  email: 'an email address',
  phone: 'a phone number',
  'payment-card': 'a card number',
  iban: 'a bank account number',
  'national-id': 'an identity number',
  'date-of-birth': 'a date of birth',
  'access-key': 'an access key',
  secret: 'a secret',
  password: 'a password',
};

export interface MaskedText {
  readonly text: string;
  /** How many values of each kind were masked; empty when the text held none. */
  readonly counts: Readonly<Partial<Record<PersonalDataKind, number>>>;
}

/** Replaces every finding with its placeholder. Overlapping findings are masked as one span. */
export function maskPersonalData(text: string, detector: PersonalDataDetector): MaskedText {
  const spans = mergeOverlaps(detector.find(text));
  if (spans.length === 0) {
    return { text, counts: {} };
  }
  const counts: Partial<Record<PersonalDataKind, number>> = {};
  let masked = '';
  let from = 0;
  for (const span of spans) {
    masked += text.slice(from, span.start) + PLACEHOLDERS[span.kind];
    from = span.end;
    counts[span.kind] = (counts[span.kind] ?? 0) + 1;
  }
  return { text: masked + text.slice(from), counts };
}

/** The kinds a `MaskedText` held, readable, in the order they first appear in the text. */
export function describeMasked(counts: MaskedText['counts']): string {
  const kinds = (Object.keys(counts) as PersonalDataKind[]).map((kind) => READABLE[kind]);
  if (kinds.length <= 1) {
    return kinds[0] ?? '';
  }
  return `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1] ?? ''}`;
}

export function hasMasked(masked: MaskedText): boolean {
  return Object.keys(masked.counts).length > 0;
}

/**
 * Sorted, non-overlapping spans. Where two findings overlap the wider one names the kind: a
 * card number inside a longer "secret: ..." value is still one secret.
 */
function mergeOverlaps(findings: readonly PersonalDataFinding[]): PersonalDataFinding[] {
  const sorted = [...findings].filter((f) => f.end > f.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: PersonalDataFinding[] = [];
  for (const finding of sorted) {
    const last = merged[merged.length - 1];
    if (last === undefined || finding.start >= last.end) {
      merged.push(finding);
      continue;
    }
    const wider = finding.end - finding.start > last.end - last.start ? finding.kind : last.kind;
    merged[merged.length - 1] = { kind: wider, start: last.start, end: Math.max(last.end, finding.end) };
  }
  return merged;
}
