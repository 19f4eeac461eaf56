import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createAdminCore } from '../../../src/app/admin.js';
import type { CliContext } from '../../../src/app/cli/cli-context.js';
import { runConfigExport, runConfigImport } from '../../../src/app/cli/config-commands.js';
import { openStorage } from '../../../src/app/storage.js';
import { systemClock } from '../../../src/clock.js';
import { parseAppConfig } from '../../../src/config/app-config.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { createTestTable } from '../../support/dynamodb.js';

const admin = { kind: 'admin-api', id: 'test' } as const;

/** The command line's context over a fresh table, with output captured. */
async function setUp() {
  const table = await createTestTable('config-cli');
  const appConfig = parseAppConfig({
    DYNAMODB_ENDPOINT: table.endpoint,
    DYNAMODB_TABLE: table.tableName,
    ADMIN_USERS: 'slack:U0ROOT',
  });
  const output = { stdout: '', stderr: '' };
  const stream = (name: 'stdout' | 'stderr') => {
    const passThrough = new PassThrough();
    passThrough.on('data', (chunk: Buffer) => (output[name] += chunk.toString('utf8')));
    return passThrough;
  };
  const ctx: CliContext = {
    config: appConfig.core,
    appConfig,
    logger: createCapturingLogger().logger,
    stdout: stream('stdout'),
    stderr: stream('stderr'),
    stdin: new PassThrough(),
  };
  const storage = await openStorage(appConfig.core, systemClock, ctx.logger);
  const core = createAdminCore(appConfig, { storage, clock: systemClock, logger: ctx.logger });
  const dir = await mkdtemp(join(tmpdir(), 'steward-config-'));
  const reset = () => {
    output.stdout = '';
    output.stderr = '';
  };
  const close = async () => {
    await storage.close();
    await table.drop();
  };
  return { ctx, core, output, dir, reset, close };
}

describe('config export and import', () => {
  it('round-trips: an exported file imported elsewhere reproduces the configuration, and re-importing changes nothing', async () => {
    const source = await setUp();
    const target = await setUp();
    try {
      const { useCases } = source.core;
      await useCases.changeSettings(
        admin,
        { platform: 'slack', tenantId: 'T001', channelId: 'C0HR' },
        {
          mode: 'replace',
          values: {
            replyMode: 'all',
            persona: 'Answer as the HR team: warm, brief.\nCite the handbook.',
            knowledge: {
              kind: 'bedrock',
              knowledgeBaseId: 'ABCDEFGHIJ',
              filter: { equals: { key: 'team', value: 'hr' } },
            },
            actions: [
              {
                actionId: 'grant-access',
                approvers: { users: ['U0BOSS'], groups: [] },
                quorum: 2,
                expiryHours: 4,
              },
            ],
            access: { mode: 'listed', users: ['U1'], groups: ['S0HR'] },
            retentionDays: 30,
            userMessagesPerMinute: 10,
          },
        },
      );
      await useCases.changeSettings(
        admin,
        { platform: 'teams', tenantId: 'tenant-a', channelId: '19:abc@thread.tacv2' },
        {
          mode: 'merge',
          values: { enabled: false },
        },
      );
      await useCases.addAdmin(admin, 'teams:3f2504e0-4f89-41d3-9a0c-0305e82c3301');

      const file = join(source.dir, 'steward.yaml');
      expect(await runConfigExport(source.ctx, { out: file })).toBe(0);
      const yaml = await readFile(file, 'utf8');
      expect(yaml).toMatch(/^# Steward configuration/);
      expect(yaml).toContain('teams:3f2504e0-4f89-41d3-9a0c-0305e82c3301');

      expect(await runConfigImport(target.ctx, file, { dryRun: true })).toBe(0);
      expect(target.output.stdout).toContain('Dry run: 3 changes planned, nothing was changed.');
      expect(
        (await target.core.useCases.listChannelSettings(admin, {})).ok &&
          (await target.core.settings.list()).items,
      ).toEqual([]);

      expect(await runConfigImport(target.ctx, file, {})).toBe(0);
      expect(target.output.stdout).toContain('Imported: 3 changes applied.');
      target.reset();
      expect(await runConfigExport(target.ctx, {})).toBe(0);
      expect(target.output.stdout).toBe(yaml);

      target.reset();
      expect(await runConfigImport(target.ctx, file, {})).toBe(0);
      expect(target.output.stdout).toContain('Nothing to change');

      const audit = await target.core.audit.list({ actionPrefix: 'config.' });
      expect(audit.records).toMatchObject([
        { action: 'config.imported', actor: { kind: 'cli' }, details: { create: 2, 'add-admin': 1 } },
      ]);
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('a bad import changes nothing and names every problem with its line', async () => {
    const env = await setUp();
    try {
      const channel = { platform: 'slack', tenantId: 'T001', channelId: 'C0KEEP' } as const;
      await env.core.useCases.changeSettings(admin, channel, { mode: 'merge', values: { persona: 'Kept.' } });
      const file = join(env.dir, 'bad.yaml');
      await writeFile(
        file,
        [
          'version: 1',
          'admins:',
          '  - slack:U0NEW',
          '  - U0NOPLATFORM',
          'channels:',
          '  - platform: slack',
          '    tenantId: T001',
          '    channelId: C0NEW',
          '    settings:',
          '      replyMode: sometimes',
          '      userMessagesPerMinute: 0',
          '  - platform: slack',
          '    tenantId: T001',
          '    channelId: C0NEW',
          '    settings:',
          '      colour: blue',
          '',
        ].join('\n'),
      );

      expect(await runConfigImport(env.ctx, file, {})).toBe(1);
      const lines = env.output.stderr.trim().split('\n');
      expect(lines[0]).toBe('steward: Nothing was imported: the file has 5 problems [INVALID]');
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(new RegExp(`^  ${file}:4:5: admins\\[1\\]: "U0NOPLATFORM" is not an admin`)),
        expect.stringMatching(new RegExp(`^  ${file}:10:18: channels\\[0\\]\\.settings\\.replyMode: `)),
        expect.stringMatching(
          new RegExp(`^  ${file}:11:30: channels\\[0\\]\\.settings\\.userMessagesPerMinute: `),
        ),
        expect.stringMatching(
          new RegExp(
            `^  ${file}:14:16: channels\\[1\\]\\.channelId: this channel is already configured at channels\\[0\\]`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^  ${file}:16:15: channels\\[1\\]\\.settings\\.colour: colour is not a known setting`),
        ),
      ]);
      const stored = await env.core.settings.list();
      expect(stored.items.map((item) => [item.channel.channelId, item.settings.persona])).toEqual([
        ['C0KEEP', 'Kept.'],
      ]);
      expect(await env.core.useCases.isAdmin({ kind: 'user', id: 'U0NEW', platform: 'slack' })).toBe(false);
    } finally {
      await env.close();
    }
  });

  it('reports malformed YAML with its position, and an unreadable file', async () => {
    const env = await setUp();
    try {
      const file = join(env.dir, 'broken.yaml');
      await writeFile(file, 'version: 1\nchannels:\n  - platform: slack\n    platform: teams\n');
      expect(await runConfigImport(env.ctx, file, {})).toBe(1);
      expect(env.output.stderr).toMatch(
        new RegExp(
          `^steward: ${file} is not valid YAML; nothing was imported \\[INPUT_INVALID\\]\\n  ${file}:4:5: `,
        ),
      );
      env.reset();
      expect(await runConfigImport(env.ctx, join(env.dir, 'missing.yaml'), {})).toBe(1);
      expect(env.output.stderr).toMatch(/^steward: Cannot read .*missing\.yaml.* \[INPUT_INVALID\]$/m);
    } finally {
      await env.close();
    }
  });

  it('makes the stored configuration equal the file: channels left out are reset, added admins left out removed', async () => {
    const env = await setUp();
    try {
      const { useCases } = env.core;
      await useCases.changeSettings(
        admin,
        { platform: 'slack', tenantId: 'T001', channelId: 'C0OLD' },
        { mode: 'merge', values: { enabled: false } },
      );
      await useCases.addAdmin(admin, 'slack:U0GONE');
      const file = join(env.dir, 'small.yaml');
      await writeFile(
        file,
        'version: 1\nadmins: [slack:U0ROOT]\nchannels:\n  - { platform: slack, tenantId: T001, channelId: C0NEW, settings: { replyMode: all } }\n',
      );

      expect(await runConfigImport(env.ctx, file, {})).toBe(0);
      expect(env.output.stdout.split('\n').filter(Boolean)).toEqual([
        '+ slack#T001#C0NEW: configure (enabled, replyMode, knowledge, actions, approvers, access, personalData)',
        '- slack#T001#C0OLD: reset to the defaults',
        '- admin slack:U0GONE',
        'Imported: 3 changes applied.',
      ]);
      expect((await env.core.settings.list()).items.map((item) => item.channel.channelId)).toEqual(['C0NEW']);
      expect(await useCases.isAdmin({ kind: 'user', id: 'U0GONE', platform: 'slack' })).toBe(false);
      expect(await useCases.isAdmin({ kind: 'user', id: 'U0ROOT', platform: 'slack' })).toBe(true);
    } finally {
      await env.close();
    }
  });
});
