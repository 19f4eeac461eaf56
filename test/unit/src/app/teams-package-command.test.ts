import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../../src/config/app-config.js';
import { ConfigError } from '../../../../src/errors.js';
import type { CliContext } from '../../../../src/app/cli/cli-context.js';
import { runTeamsPackage } from '../../../../src/app/cli/teams-package-command.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';

const APP_ID = '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f';
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function context(env: Record<string, string>) {
  const appConfig = parseAppConfig(env);
  const stdout = new PassThrough();
  let printed = '';
  stdout.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const ctx: CliContext = {
    config: appConfig.core,
    appConfig,
    logger: createCapturingLogger().logger,
    stdout,
    stderr: new PassThrough(),
    stdin: new PassThrough(),
  };
  return { ctx, printed: () => printed };
}

const defaults = { appVersion: '1.0.0', name: 'Steward', developer: 'Northwind IT' };

describe('npm run steward -- teams:package', () => {
  it('writes the zip for the configured bot, with the endpoint’s host as a valid domain', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'steward-teams-package-'));
    dirs.push(dir);
    const { ctx, printed } = context({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret' });
    const out = join(dir, 'app.zip');

    const code = runTeamsPackage(ctx, {
      ...defaults,
      out,
      endpoint: 'https://steward.northwind.example/api/messages',
    });

    expect(code).toBe(0);
    const manifest = JSON.parse(strFromU8(unzipSync(await readFile(out))['manifest.json']!)) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({
      id: APP_ID,
      developer: { name: 'Northwind IT', websiteUrl: 'https://steward.northwind.example' },
      validDomains: ['steward.northwind.example'],
      bots: [{ botId: APP_ID }],
    });
    expect(printed()).toContain(`Wrote ${out}`);
    // The command menu comes from the same registry the bot matches messages with.
    const [bot] = manifest.bots as Array<{
      commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }>;
    }>;
    for (const list of bot?.commandLists ?? []) {
      expect(
        list.commands.map((command) => command.title),
        list.scopes.join(),
      ).toEqual(['help', 'forget', 'forget-me', 'export-my-data', 'config', 'run', 'approvals']);
    }
    expect(bot?.commandLists).toHaveLength(3);
  });

  it('needs the bot’s app id and somewhere to point the developer links', () => {
    expect(() =>
      runTeamsPackage(context({}).ctx, {
        ...defaults,
        out: 'x.zip',
        endpoint: 'https://a.example/api/messages',
      }),
    ).toThrow(ConfigError);
    expect(() =>
      runTeamsPackage(context({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's' }).ctx, {
        ...defaults,
        out: 'x.zip',
      }),
    ).toThrow(/--website-url/);
  });
});
