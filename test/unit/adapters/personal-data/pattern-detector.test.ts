import { describe, expect, it } from 'vitest';
import { PatternPersonalDataDetector } from '../../../../adapters/personal-data/index.js';
import { PERSONAL_DATA_KINDS } from '../../../../src/ports/personal-data-detector.js';
import { maskPersonalData } from '../../../../src/privacy/personal-data-masking.js';
import { evaluateDetector, loadLabelledMessages } from '../../../support/personal-data-evaluation.js';

const detector = new PatternPersonalDataDetector({ phoneRegions: ['US', 'GB'] });

describe('PatternPersonalDataDetector on labelled messages', () => {
  // The built-with set and the held-out set, which was written afterwards and not tuned on.
  for (const file of ['messages.json', 'messages-held-out.json']) {
    it(`finds card numbers, emails and access keys with recall of at least 0.95, and few false alarms (${file})`, () => {
      const report = evaluateDetector(detector, loadLabelledMessages(file));
      const table = PERSONAL_DATA_KINDS.map((kind) => {
        const s = report.byKind[kind];
        return `${kind}: recall ${s.recall.toFixed(2)} precision ${s.precision.toFixed(2)}`;
      });
      console.log(`${file}\n  ${table.join('\n  ')}\n  ${report.mistakes.join('\n  ')}`);

      expect(report.byKind['payment-card'].recall, report.mistakes.join('\n')).toBeGreaterThanOrEqual(0.95);
      expect(report.byKind.email.recall, report.mistakes.join('\n')).toBeGreaterThanOrEqual(0.95);
      expect(report.byKind['access-key'].recall, report.mistakes.join('\n')).toBeGreaterThanOrEqual(0.95);
      expect(report.overall.recall, report.mistakes.join('\n')).toBeGreaterThanOrEqual(0.9);
      expect(report.overall.precision, report.mistakes.join('\n')).toBeGreaterThanOrEqual(0.9);
    });
  }
});

describe('PatternPersonalDataDetector on hostile input', () => {
  // Each input is the worst case of one pattern: a long run of what a value starts with, never
  // completed. A pattern that retries from every position would need billions of steps here.
  const runs: [string, string][] = [
    ['address characters without "@"', 'a.'.repeat(10_000)],
    ['many "@" signs', 'a@'.repeat(10_000)],
    ['a domain with no top-level part', `x@${'a-'.repeat(10_000)}`],
    ['digits with separators', '1 '.repeat(10_000)],
    ['IBAN-like letters and digits', `GB82 ${'A1 '.repeat(8_000)}`],
    ['spaces after a password word', `password${' '.repeat(20_000)}`],
    ['colons after an identity word', `passport${':'.repeat(20_000)}`],
    ['a URL scheme with no credentials', `${'a'.repeat(20_000)}://`],
    ['private key markers with no end', '-----BEGIN PRIVATE KEY-----'.repeat(500)],
    ['a birth word and spaces', `born${' is'.repeat(7_000)}`],
  ];
  for (const [name, text] of runs) {
    it(`reads ${name} without masking ordinary text`, () => {
      const kinds = detector.find(text).map((f) => f.kind);
      expect(kinds.filter((k) => k !== 'secret')).toEqual([]);
    });
  }
});

describe('PatternPersonalDataDetector specifics', () => {
  it('takes a number that fails its checksum for an ordinary number', () => {
    expect(detector.find('card 4111 1111 1111 1112 and IBAN GB82 WEST 1234 5698 7654 33')).toEqual([]);
  });

  it('ends a grouped value where its checksum says, not where the digits stop', () => {
    const text = 'card 4111 1111 1111 1111 2027 thanks';
    const [finding] = detector.find(text);
    expect(finding && text.slice(finding.start, finding.end)).toBe('4111 1111 1111 1111');
  });

  it('masks every value with a placeholder that names its kind and counts them', () => {
    const masked = maskPersonalData('mail jo@example.com or jo@example.org, pwd: Xy7!kk', detector);
    expect(masked.text).toBe('mail [email address] or [email address], pwd: [password]');
    expect(masked.counts).toEqual({ email: 2, password: 1 });
  });

  it('leaves a message without personal data exactly as written', () => {
    const text = 'How do I reset my password? Ticket INC-2024-118822, version 4.23.3.';
    expect(maskPersonalData(text, detector)).toEqual({ text, counts: {} });
  });

  it('reads national phone numbers only in the regions it is given', () => {
    const text = 'ring 030 901820 please';
    expect(new PatternPersonalDataDetector({ phoneRegions: ['US'] }).find(text)).toEqual([]);
    expect(new PatternPersonalDataDetector({ phoneRegions: ['DE'] }).find(text).map((f) => f.kind)).toEqual(['phone']);
  });
});
