import { readFile, rename, writeFile } from 'node:fs/promises';
import { systemClock } from '../../clock.js';
import type { PlannedChange } from '../../admin/import-plan.js';
import type { AuditActor } from '../../ports/audit-log.js';
import { channelKeyString } from '../../channels/channel-key.js';
import { createAdminCore } from '../admin.js';
import { openStorage } from '../storage.js';
import { type CliContext, writeLine } from './cli-context.js';
import { errorLines, EXIT_FAILURE } from './cli-errors.js';
import { parseConfigFile, renderConfigFile } from './config-file.js';
import { userInfo } from 'node:os';

/** Who ran the command, for the audit log: the operator's login name. */
export function operator(): AuditActor {
  let name = 'operator';
  try {
    name = userInfo().username || name;
  } catch {
    // No user database entry (some containers): the generic name will do.
  }
  return { kind: 'cli', id: name };
}

async function withAdmin<T>(
  ctx: CliContext,
  run: (admin: ReturnType<typeof createAdminCore>) => Promise<T>,
): Promise<T> {
  const storage = await openStorage(ctx.config, systemClock, ctx.logger);
  try {
    // A fresh deployment may have no table yet; an import into it is a normal first step.
    await storage.ensureTable();
    return await run(createAdminCore(ctx.appConfig, { storage, clock: systemClock, logger: ctx.logger }));
  } finally {
    await storage.close();
  }
}

/** `config export [--out FILE]`: every channel's settings and the added admins as YAML. */
export async function runConfigExport(ctx: CliContext, options: { out?: string }): Promise<number> {
  return withAdmin(ctx, async (admin) => {
    const outcome = await admin.useCases.exportConfiguration(operator());
    if (!outcome.ok) {
      writeLine(ctx.stderr, errorLines(outcome.refusal.message, outcome.refusal.code));
      return EXIT_FAILURE;
    }
    const text = renderConfigFile(outcome.value);
    if (options.out === undefined) {
      ctx.stdout.write(text);
    } else {
      // Written beside and renamed, so an interrupted export never leaves half a file.
      await writeFile(`${options.out}.tmp`, text, 'utf8');
      await rename(`${options.out}.tmp`, options.out);
      writeLine(
        ctx.stderr,
        `Exported ${outcome.value.channels.length} channels and ${outcome.value.admins.length} admins to ${options.out}.`,
      );
    }
    return 0;
  });
}

/** `config import FILE [--dry-run]`: validate everything, then apply all or nothing. */
export async function runConfigImport(
  ctx: CliContext,
  file: string,
  options: { dryRun?: boolean },
): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    writeLine(
      ctx.stderr,
      errorLines(
        `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
        'INPUT_INVALID',
      ),
    );
    return EXIT_FAILURE;
  }
  const parsed = parseConfigFile(text);
  if (!parsed.ok) {
    const problems = parsed.problems.map(
      (problem) => `${file}:${problem.line}:${problem.column}: ${problem.message}`,
    );
    writeLine(
      ctx.stderr,
      errorLines(`${file} is not valid YAML; nothing was imported`, 'INPUT_INVALID', problems),
    );
    return EXIT_FAILURE;
  }
  return withAdmin(ctx, async (admin) => {
    const outcome = await admin.useCases.importConfiguration(operator(), parsed.value, {
      dryRun: options.dryRun === true,
    });
    if (!outcome.ok) {
      const { refusal } = outcome;
      const problems =
        refusal.code === 'INVALID'
          ? refusal.fields
              .map(parsed.locate)
              .sort((a, b) => a.line - b.line || a.column - b.column)
              .map(
                (problem) =>
                  `${file}:${problem.line}:${problem.column}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`,
              )
          : [];
      writeLine(ctx.stderr, errorLines(refusal.message, refusal.code, problems));
      return EXIT_FAILURE;
    }
    const { applied, changes } = outcome.value;
    for (const change of changes) {
      writeLine(ctx.stdout, describeChange(change));
    }
    if (changes.length === 0) {
      writeLine(ctx.stdout, 'Nothing to change: the stored configuration already matches the file.');
    } else if (applied) {
      writeLine(
        ctx.stdout,
        `Imported: ${changes.length} ${changes.length === 1 ? 'change' : 'changes'} applied.`,
      );
    } else {
      writeLine(
        ctx.stdout,
        `Dry run: ${changes.length} ${changes.length === 1 ? 'change' : 'changes'} planned, nothing was changed.`,
      );
    }
    return 0;
  });
}

function describeChange(change: PlannedChange): string {
  switch (change.kind) {
    case 'create':
      return `+ ${channelKeyString(change.channel)}: configure (${change.settings.join(', ')})`;
    case 'change':
      return `~ ${channelKeyString(change.channel)}: change ${change.settings.join(', ')}`;
    case 'reset':
      return `- ${channelKeyString(change.channel)}: reset to the defaults`;
    case 'add-admin':
      return `+ admin ${change.admin}`;
    case 'remove-admin':
      return `- admin ${change.admin}`;
  }
}
