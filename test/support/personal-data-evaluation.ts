import { readFileSync } from 'node:fs';
import { PERSONAL_DATA_KINDS, type PersonalDataDetector, type PersonalDataKind } from '../../src/ports/personal-data-detector.js';

export interface LabelledMessage {
  readonly text: string;
  readonly expect: readonly { readonly kind: PersonalDataKind; readonly value: string }[];
}

export interface KindScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
}

export interface DetectionReport {
  readonly byKind: Readonly<Record<PersonalDataKind, KindScore>>;
  readonly overall: KindScore;
  /** Human-readable lines for every miss and false alarm, to print when a floor is not met. */
  readonly mistakes: readonly string[];
}

/** `messages.json` (the set the detector was built with) or `messages-held-out.json` (never tuned on). */
export function loadLabelledMessages(file = 'messages.json'): LabelledMessage[] {
  const url = new URL(`../fixtures/personal-data/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { messages: LabelledMessage[] }).messages;
}

/**
 * Scores a detector against labelled messages. An expected value is found when a finding of its
 * kind covers its first character range in the text; a finding that covers no expected value of
 * any kind is a false positive. Spans are located by value, so the fixture stays readable.
 */
export function evaluateDetector(detector: PersonalDataDetector, messages: readonly LabelledMessage[]): DetectionReport {
  const counts = new Map<PersonalDataKind, { tp: number; fp: number; fn: number }>(
    PERSONAL_DATA_KINDS.map((kind) => [kind, { tp: 0, fp: 0, fn: 0 }]),
  );
  const mistakes: string[] = [];
  for (const message of messages) {
    const findings = [...detector.find(message.text)];
    const expected = spansOf(message);
    const matched = new Set<number>();
    for (const want of expected) {
      const hit = findings.findIndex((f) => f.kind === want.kind && f.start < want.end && want.start < f.end);
      const count = counts.get(want.kind);
      if (count === undefined) {
        continue;
      }
      if (hit === -1) {
        count.fn += 1;
        mistakes.push(`missed ${want.kind} "${want.value}" in: ${message.text}`);
      } else {
        count.tp += 1;
        matched.add(hit);
      }
    }
    findings.forEach((finding, index) => {
      // A value found under another kind is still masked: not a false alarm, though not a hit for its kind.
      const coversExpected = expected.some((w) => finding.start < w.end && w.start < finding.end);
      if (!matched.has(index) && !coversExpected) {
        const count = counts.get(finding.kind);
        if (count !== undefined) {
          count.fp += 1;
        }
        mistakes.push(`false ${finding.kind} "${message.text.slice(finding.start, finding.end)}" in: ${message.text}`);
      }
    });
  }
  const byKind = Object.fromEntries([...counts].map(([kind, c]) => [kind, score(c.tp, c.fp, c.fn)])) as Record<
    PersonalDataKind,
    KindScore
  >;
  const total = [...counts.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  return { byKind, overall: score(total.tp, total.fp, total.fn), mistakes };
}

function spansOf(message: LabelledMessage): { kind: PersonalDataKind; value: string; start: number; end: number }[] {
  const searchFrom = new Map<string, number>();
  return message.expect.map((want) => {
    const from = searchFrom.get(want.value) ?? 0;
    const start = message.text.indexOf(want.value, from);
    if (start === -1) {
      throw new Error(`fixture value "${want.value}" is not in: ${message.text}`);
    }
    searchFrom.set(want.value, start + want.value.length);
    return { ...want, start, end: start + want.value.length };
  });
}

function score(tp: number, fp: number, fn: number): KindScore {
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}
