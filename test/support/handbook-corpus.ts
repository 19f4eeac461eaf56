import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The team's employee handbook corpus, kept beside the repository because its licence does not
 * allow copying its text into it. `HANDBOOK_DIR` points elsewhere (a second checkout, say).
 */
export const handbookDir = path.resolve(
  process.env['HANDBOOK_DIR'] ?? path.resolve(repoRoot, '../shared/corpus/handbook'),
);

export const handbookPresent = existsSync(handbookDir);

/** Said once per suite that skips, so an opt-in run that measured nothing says why. */
export function explainHandbookSkip(suite: string): void {
  if (!handbookPresent) {
    console.warn(
      `${suite}: skipped, the handbook corpus is not at ${handbookDir} (set HANDBOOK_DIR to where it is).`,
    );
  }
}
