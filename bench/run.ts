import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { runApprovalsBench } from './approvals.js';
import type { BenchSection } from './bench-result.js';
import { runChannelAdminBench } from './channel-admin.js';
import { runBedrockTurnBench } from './bedrock-turn.js';
import { runCoreTurnBench } from './core-turn.js';
import { runTeamsApprovalsBench } from './teams-approvals.js';
import { runTeamsSettingsBench } from './teams-settings.js';
import { runTeamsTurnBench } from './teams-turn.js';
import { runSlackAckBench } from './slack-ack.js';
import { runKnowledgeBuildBench } from './knowledge-build.js';
import { runKnowledgeIndexBench } from './knowledge-index.js';
import { runPersonalDataBench } from './personal-data.js';
import { runSlackSettingsBench } from './slack-settings.js';
import { runSlackApprovalsBench } from './slack-approvals.js';
import { runTracingBench } from './tracing.js';

/**
 * `npm run bench [-- --only NAME] [-- --write]`: runs the benchmarks one after another (never in
 * parallel: they share two cores) and prints a Markdown report; `--write` also updates their
 * sections in docs/benchmarks.md, each with its machine and date.
 */
const BENCHES: Record<string, () => Promise<BenchSection>> = {
  'core-turn': runCoreTurnBench,
  approvals: runApprovalsBench,
  'channel-admin': runChannelAdminBench,
  'teams-turn': runTeamsTurnBench,
  'bedrock-turn': runBedrockTurnBench,
  'slack-ack': runSlackAckBench,
  'teams-settings': runTeamsSettingsBench,
  'teams-approvals': runTeamsApprovalsBench,
  'knowledge-index': runKnowledgeIndexBench,
  'knowledge-build': runKnowledgeBuildBench,
  'slack-settings': runSlackSettingsBench,
  'slack-approvals': runSlackApprovalsBench,
  'personal-data': runPersonalDataBench,
  tracing: runTracingBench,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
  const names = Object.keys(BENCHES).filter((name) => only === undefined || name === only);
  if (names.length === 0) {
    throw new Error(`unknown benchmark ${only ?? ''}; choose from ${Object.keys(BENCHES).join(', ')}`);
  }

  const write = args.includes('--write');
  const failed: string[] = [];
  for (const name of names) {
    process.stderr.write(`running ${name}...\n`);
    const bench = BENCHES[name];
    if (!bench) {
      continue;
    }
    // One failing benchmark must not cost the figures the others measured, so each section is
    // printed (and written) as soon as it is done.
    let section: BenchSection;
    try {
      section = await bench();
    } catch (error) {
      failed.push(name);
      process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      continue;
    }
    const rendered = renderSection(section);
    process.stdout.write(`${rendered}\n`);
    if (write) {
      const file = resolve(import.meta.dirname, '../docs/benchmarks.md');
      const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
      writeFileSync(file, mergeReport(previous, [rendered]));
      process.stderr.write(`updated the ${name} section of docs/benchmarks.md\n`);
    }
  }
  if (failed.length > 0) {
    throw new Error(`benchmarks failed: ${failed.join(', ')}`);
  }
}

const HEADER = [
  '# Benchmarks',
  '',
  'Produced by `npm run bench -- --write` (one benchmark: `npm run bench -- --only NAME --write`).',
  'Each section says when and on which machine it was measured; compare runs on the same machine',
  'only. Tests never assert on these timings.',
  '',
].join('\n');

/** Replaces the sections that were just measured and keeps the others, so benchmarks can be re-run one at a time. */
function mergeReport(previous: string, rendered: readonly string[]): string {
  const kept = new Map<string, string>();
  for (const block of previous.split(/^(?=## )/m).slice(1)) {
    kept.set(titleOf(block), block.trimEnd());
  }
  for (const block of rendered) {
    kept.set(titleOf(block), block.trimEnd());
  }
  return `${HEADER}\n${[...kept.values()].join('\n\n')}\n`;
}

function titleOf(block: string): string {
  return block.slice(0, block.indexOf('\n')).trim();
}

function renderSection(section: BenchSection): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `## ${section.title}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version} ${process.platform}/${process.arch}.`,
    '',
    `| ${section.columns.join(' | ')} |`,
    `| ${section.columns.map(() => '---').join(' | ')} |`,
    ...section.rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  if (section.notes && section.notes.length > 0) {
    lines.push('', ...section.notes.map((note) => `- ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
