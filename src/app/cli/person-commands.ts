import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { systemClock } from '../../clock.js';
import type { Platform } from '../../conversation/types.js';
import { UserFacingError } from '../../errors.js';
import type { AuditActor } from '../../ports/audit-log.js';
import type { ErasureCounts, PersonRef } from '../../ports/personal-records.js';
import type { PersonalDataRights } from '../../privacy/personal-data-rights.js';
import { createAdminCore } from '../admin.js';
import { openStorage } from '../storage.js';
import { type CliContext, writeLine } from './cli-context.js';
import { operator } from './config-commands.js';

export interface PersonOptions {
  readonly platform: Platform;
  readonly user: string;
  /** The same person's other ids (Teams: the Entra object id). */
  readonly alsoId?: readonly string[];
}

async function withRights(ctx: CliContext, use: (rights: PersonalDataRights) => Promise<number>): Promise<number> {
  const storage = await openStorage(ctx.config, systemClock, ctx.logger);
  try {
    await storage.ensureTable();
    const { personalData } = createAdminCore(ctx.appConfig, { storage, clock: systemClock, logger: ctx.logger });
    if (personalData === undefined) {
      throw new UserFacingError(
        'CONFIG_INVALID',
        'PSEUDONYM_SECRET is not set: export and erasure are off in production without it (docs/privacy.md).',
      );
    }
    return await use(personalData);
  } finally {
    await storage.close();
  }
}

function personOf(options: PersonOptions): PersonRef {
  const others = (options.alsoId ?? []).filter((id) => id !== options.user);
  return { platform: options.platform, userId: options.user, ...(others.length > 0 ? { otherIds: others } : {}) };
}

/** `person:export`: everything stored about one person, as JSON (an operator answering a request). */
export function runPersonExport(ctx: CliContext, options: PersonOptions & { out?: string }): Promise<number> {
  return withRights(ctx, async (rights) => {
    const data = await rights.exportData(personOf(options), operator());
    const json = `${JSON.stringify(data, null, 2)}\n`;
    if (options.out === undefined) {
      ctx.stdout.write(json);
    } else {
      await writeFile(options.out, json, { mode: 0o600 });
      writeLine(ctx.stderr, `exported ${data.turns.length} turns, ${data.feedback.length} ratings and ${data.auditRecords.length} audit records to ${options.out}`);
    }
    return 0;
  });
}

/** `person:erase --yes`: erases one person everywhere; without --yes, says what it would erase. */
export function runPersonErase(ctx: CliContext, options: PersonOptions & { yes?: boolean }): Promise<number> {
  return eraseOrPreview(ctx, personOf(options), operator(), options.yes === true, `person:erase --platform ${options.platform} --user ${options.user}`);
}

/** `forget-me --yes`: the terminal user's own erasure (their `chat` conversations). */
export function runForgetMe(ctx: CliContext, options: { user?: string; yes?: boolean }): Promise<number> {
  const user = options.user ?? userInfo().username;
  const actor: AuditActor = { kind: 'user', id: user, platform: 'cli' };
  return eraseOrPreview(ctx, { platform: 'cli', userId: user }, actor, options.yes === true, 'forget-me');
}

function eraseOrPreview(
  ctx: CliContext,
  person: PersonRef,
  actor: AuditActor,
  confirmed: boolean,
  command: string,
): Promise<number> {
  return withRights(ctx, async (rights) => {
    if (!confirmed) {
      const data = await rights.exportData(person, actor);
      writeLine(
        ctx.stdout,
        `Stored about ${person.platform} user ${person.userId}: ${data.turns.length} questions with their answers, ${data.feedback.length} ratings of others' answers, ${data.auditRecords.length} audit records.`,
      );
      writeLine(ctx.stdout, `Nothing was erased. Run again with --yes to erase it (this cannot be undone): ${command} --yes`);
      return 0;
    }
    const { pseudonym, counts } = await rights.erase(person, actor);
    writeLine(ctx.stdout, erasureLine(counts, pseudonym));
    return 0;
  });
}

export function erasureLine(counts: ErasureCounts, pseudonym: string): string {
  return `Erased ${counts.turns} turns, ${counts.feedback} ratings, ${counts.gaps} knowledge-gap entries and ${counts.summaries} summaries; ${counts.auditRecords} audit records and ${counts.approvals} approvals now name ${pseudonym}.`;
}
