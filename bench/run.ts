import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { BenchSection } from './bench-result.js';
import { runCoreTurnBench } from './core-turn.js';

/**
 * `npm run bench [-- --only NAME] [-- --write]`: runs the benchmarks one after another (never in
 * parallel: they share two cores) and prints a Markdown report; `--write` also saves it as
 * docs/benchmarks.md with the machine and date.
 */
const BENCHES: Record<string, () => Promise<BenchSection>> = {
  'core-turn': runCoreTurnBench,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
  const names = Object.keys(BENCHES).filter((name) => only === undefined || name === only);
  if (names.length === 0) {
    throw new Error(`unknown benchmark ${only ?? ''}; choose from ${Object.keys(BENCHES).join(', ')}`);
  }

  const sections: BenchSection[] = [];
  for (const name of names) {
    process.stderr.write(`running ${name}...\n`);
    const bench = BENCHES[name];
    if (bench) {
      sections.push(await bench());
    }
  }
  const report = renderReport(sections);
  process.stdout.write(report);
  if (args.includes('--write')) {
    writeFileSync(resolve(import.meta.dirname, '../docs/benchmarks.md'), report);
    process.stderr.write('wrote docs/benchmarks.md\n');
  }
}

function renderReport(sections: readonly BenchSection[]): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmarks',
    '',
    'Produced by `npm run bench -- --write`. Numbers are from one run on the machine below; compare',
    'runs on the same machine only. Tests never assert on these timings.',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB memory`,
    `- Node.js ${process.version}, ${process.platform}/${process.arch}`,
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '');
    lines.push(`| ${section.columns.join(' | ')} |`, `| ${section.columns.map(() => '---').join(' | ')} |`);
    for (const row of section.rows) {
      lines.push(`| ${row.join(' | ')} |`);
    }
    lines.push('');
    for (const note of section.notes ?? []) {
      lines.push(`- ${note}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
