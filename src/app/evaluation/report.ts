import { relative } from 'node:path';
import type { SetEvaluation, Tally } from './evaluate-set.js';

const share = (part: number, total: number): string =>
  total === 0 ? '   -' : `${(part / total).toFixed(2)} (${part}/${total})`;

/** The measures of one question set as a small table, with the misses when asked for. */
export function describeEvaluation(
  evaluation: SetEvaluation,
  options: { verbose?: boolean; cwd?: string } = {},
): string {
  const { set, answerable, byKind, unanswerable } = evaluation;
  const where = (path: string) => relative(options.cwd ?? process.cwd(), path) || '.';
  const columns: [string, Tally][] = [
    ['answerable', answerable],
    ['direct', byKind.direct],
    ['reworded', byKind.reworded],
  ];
  const row = (label: string, pick: (tally: Tally) => number) =>
    `  ${label.padEnd(24)}${columns.map(([, tally]) => share(pick(tally), tally.total).padEnd(16)).join('')}`;
  const lines = [
    `${where(set.file)} on ${where(evaluation.knowledgeDir)}${set.corpus !== undefined ? `: ${set.corpus}` : ''}`,
    `  ${''.padEnd(24)}${columns.map(([label]) => label.padEnd(16)).join('')}`,
    row('retrieval hit rate', (tally) => tally.retrieved),
    row('evidence shown', (tally) => tally.evidence),
    row('evidence in answer', (tally) => tally.evidenceInAnswer),
    row('answered', (tally) => tally.answered),
    `  ${'unanswerable refused'.padEnd(24)}${share(unanswerable.refused, unanswerable.total)}`,
    `  ${'mixed-document answers'.padEnd(24)}${evaluation.mixedDocuments.length}`,
  ];
  if (options.verbose) {
    for (const outcome of evaluation.outcomes) {
      const { question } = outcome;
      const wrong =
        question.kind === 'unanswerable' ? outcome.found : outcome.evidence !== true || !outcome.found;
      if (!wrong && !evaluation.mixedDocuments.includes(outcome)) {
        continue;
      }
      const marks =
        question.kind === 'unanswerable'
          ? 'answered anyway'
          : [
              outcome.retrieved === true ? 'retrieved' : 'NOT retrieved',
              outcome.found ? 'answered' : 'refused',
              outcome.evidence === true ? 'evidence shown' : 'NO evidence',
            ].join(', ');
      lines.push(`  - ${question.id} (${question.kind}): ${question.question} -> ${marks}`);
      if (outcome.found) {
        lines.push(`      ${outcome.answer.replace(/\s+/g, ' ').slice(0, 160)}`);
      }
    }
  }
  return lines.join('\n');
}

/** The same measures as one JSON object per set, for scripts and trend tracking. */
export function evaluationAsJson(evaluation: SetEvaluation): Record<string, unknown> {
  return {
    questions: evaluation.set.file,
    knowledgeDir: evaluation.knowledgeDir,
    answerable: evaluation.answerable,
    direct: evaluation.byKind.direct,
    reworded: evaluation.byKind.reworded,
    unanswerable: evaluation.unanswerable,
    mixedDocumentAnswers: evaluation.mixedDocuments.map((outcome) => outcome.question.id),
  };
}
