import { cpus } from 'node:os';
import { PatternPersonalDataDetector } from '../adapters/personal-data/index.js';
import { countTokens } from '../src/conversation/token-count.js';
import { PERSONAL_DATA_KINDS } from '../src/ports/personal-data-detector.js';
import { maskPersonalData } from '../src/privacy/personal-data-masking.js';
import { evaluateDetector, loadLabelledMessages } from '../test/support/personal-data-evaluation.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';

const ROUNDS = 30;
/** MAX_MESSAGE_CHARS's default: no message the detector sees is longer. */
const LONGEST = 4_000;

/** The worst case of each pattern, cut to the longest message Steward accepts. */
const HOSTILE: readonly [string, string][] = [
  ['digits and spaces', '1 '],
  ['address characters, no "@"', 'a.'],
  ['"@" signs', 'a@'],
  ['IBAN-like groups', 'GB82 A1 '],
  ['"password" words', 'password '],
];

function timeEach(texts: readonly string[], work: (text: string) => unknown): number[] {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const text of texts) {
      const started = performance.now();
      work(text);
      samples.push(performance.now() - started);
    }
  }
  return samples;
}

/**
 * What masking costs per message, against counting the message's tokens, which every turn already
 * does for the history budget; and that hostile input costs time in proportion to its length.
 */
export function runPersonalDataBench(): Promise<BenchSection> {
  const detector = new PatternPersonalDataDetector({ phoneRegions: ['US', 'GB'] });
  const built = loadLabelledMessages('messages.json');
  const heldOut = loadLabelledMessages('messages-held-out.json');
  const ordinary = [...built, ...heldOut].map((message) => message.text);

  const rows: (string | number)[][] = [];
  const measure = (label: string, texts: readonly string[]) => {
    const baseline = timeEach(texts, countTokens);
    const masking = timeEach(texts, (text) => maskPersonalData(text, detector));
    const p50 = percentile(masking, 0.5);
    const base = percentile(baseline, 0.5);
    rows.push([label, texts[0]?.length ?? 0, formatMs(p50), formatMs(percentile(masking, 0.99)), formatMs(base), (p50 / base).toFixed(1)]);
    return p50;
  };
  // Warm both paths first so the JIT does not count against the first rows.
  timeEach(ordinary, (text) => maskPersonalData(text, detector));
  timeEach(ordinary, countTokens);

  measure(`labelled chat messages (${ordinary.length})`, ordinary);
  const growth: string[] = [];
  for (const [name, unit] of HOSTILE) {
    const short = measure(`${name}, 1,000 chars`, [unit.repeat(Math.ceil(1_000 / unit.length)).slice(0, 1_000)]);
    const long = measure(`${name}, 4,000 chars`, [unit.repeat(Math.ceil(LONGEST / unit.length)).slice(0, LONGEST)]);
    growth.push(`${name} ${(long / short).toFixed(1)}×`);
  }

  const scores = [
    ['built with', evaluateDetector(detector, built)],
    ['held out', evaluateDetector(detector, heldOut)],
  ] as const;
  const quality = scores.map(([set, report]) => {
    const kinds = PERSONAL_DATA_KINDS.map((kind) => `${kind} ${report.byKind[kind].recall.toFixed(2)}/${report.byKind[kind].precision.toFixed(2)}`);
    return `${set} set: recall ${report.overall.recall.toFixed(2)}, precision ${report.overall.precision.toFixed(2)} (recall/precision by kind: ${kinds.join(', ')})`;
  });

  return Promise.resolve({
    title: 'Personal data masking',
    columns: ['input', 'chars', 'mask p50 ms', 'mask p99 ms', 'token count p50 ms (baseline)', 'ratio p50'],
    rows,
    notes: [
      `Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${ROUNDS} rounds.`,
      'Baseline: counting the same text\'s tokens (gpt-tokenizer), which every turn already pays for the history budget.',
      `Growth from 1,000 to 4,000 characters of hostile input (4× is linear): ${growth.join(', ')}.`,
      ...quality,
    ],
  });
}
