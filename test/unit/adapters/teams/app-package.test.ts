import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  buildAppPackage,
  type AppPackageOptions,
} from '../../../../adapters/teams/app-package/build-app-package.js';
import { pngSize } from '../../../../adapters/teams/app-package/png-size.js';
import { builtInCommands } from '../../../../adapters/teams/commands/built-in-commands.js';
import { StewardError } from '../../../../src/errors.js';

const BOT_ID = '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f';
const ICONS = resolve(import.meta.dirname, '../../../../adapters/teams/app-package');

const options: AppPackageOptions = {
  botAppId: BOT_ID,
  version: '1.2.3',
  shortName: 'Ask HR',
  fullName: 'Ask HR, the people team’s assistant',
  developerName: 'Northwind',
  websiteUrl: 'https://steward.northwind.example',
  privacyUrl: 'https://northwind.example/privacy',
  termsOfUseUrl: 'https://northwind.example/terms',
  validDomains: ['steward.northwind.example'],
  commands: builtInCommands,
};

function problemsOf(overrides: Partial<AppPackageOptions>): string {
  try {
    buildAppPackage({ ...options, ...overrides });
  } catch (error) {
    if (error instanceof StewardError) {
      return error.message;
    }
    throw error;
  }
  throw new Error('expected the package to be refused');
}

describe('the Teams app package', () => {
  it('zips the filled manifest and both icons at the root', () => {
    const { zip } = buildAppPackage(options);

    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(pngSize(files['color.png']!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(files['outline.png']!)).toEqual({ width: 32, height: 32 });
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      manifestVersion: '1.17',
      version: '1.2.3',
      id: BOT_ID,
      developer: {
        name: 'Northwind',
        websiteUrl: 'https://steward.northwind.example',
        privacyUrl: 'https://northwind.example/privacy',
        termsOfUseUrl: 'https://northwind.example/terms',
      },
      name: { short: 'Ask HR', full: 'Ask HR, the people team’s assistant' },
      icons: { color: 'color.png', outline: 'outline.png' },
      bots: [{ botId: BOT_ID, scopes: ['personal', 'team', 'groupChat'] }],
      validDomains: ['steward.northwind.example'],
    });
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{/);
    expect((manifest.description as { full: string }).full).toMatch(/^Ask HR answers questions/);
  });

  it('fills the command menu of each scope from the registered commands', () => {
    const { manifest } = buildAppPackage({
      ...options,
      commands: [
        ...builtInCommands,
        {
          name: 'approvals',
          description: 'List requests waiting for you',
          scopes: ['personal'],
          run: () => Promise.reject(new Error('unused')),
        },
      ],
    });
    const lists = (
      manifest.bots as Array<{
        commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }>;
      }>
    )[0]!.commandLists;
    expect(lists.map((list) => [list.scopes, list.commands.map((command) => command.title)])).toEqual([
      [['personal'], ['help', 'forget', 'forget-me', 'export-my-data', 'config', 'approvals']],
      [['team'], ['help', 'forget', 'forget-me', 'export-my-data', 'config']],
      [['groupChat'], ['help', 'forget', 'forget-me', 'export-my-data', 'config']],
    ]);
  });

  it('asks for every message of the channels and group chats it is added to, for reply mode "all"', () => {
    const { manifest } = buildAppPackage(options);
    // Resource-specific consent: a team owner (or chat member) grants it when adding the app.
    expect(manifest).toMatchObject({
      webApplicationInfo: { id: BOT_ID, resource: expect.stringMatching(/^https:\/\//) as unknown },
      authorization: {
        permissions: {
          resourceSpecific: [
            { name: 'ChannelMessage.Read.Group', type: 'Application' },
            { name: 'ChatMessage.Read.Chat', type: 'Application' },
          ],
        },
      },
    });
    expect((manifest.description as { full: string }).full).toMatch(/every message of the channels/);
  });

  it('builds the same bytes from the same inputs', () => {
    expect(Buffer.from(buildAppPackage(options).zip).equals(Buffer.from(buildAppPackage(options).zip))).toBe(
      true,
    );
  });

  it('uses a separate Teams app id when given one', () => {
    const teamsAppId = '0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a';
    expect(buildAppPackage({ ...options, teamsAppId }).manifest).toMatchObject({
      id: teamsAppId,
      bots: [{ botId: BOT_ID }],
    });
  });

  it('refuses what Teams would refuse at upload, listing every problem', () => {
    const message = problemsOf({
      botAppId: 'my-bot',
      version: '1.2',
      shortName: 'A name that is far too long for Teams to show',
      websiteUrl: 'http://insecure.example',
    });
    expect(message).toMatch(/botAppId: must be the bot’s Microsoft App ID/);
    expect(message).toMatch(/version: must be MAJOR.MINOR.PATCH/);
    expect(message).toMatch(/shortName/);
    expect(message).toMatch(/websiteUrl/);
  });

  it('checks that custom icons are PNGs of the required size', () => {
    const color = readFileSync(resolve(ICONS, 'color.png'));
    expect(problemsOf({ outlineIcon: color })).toMatch(/outline icon: must be 32×32 pixels, not 192×192/);
    expect(problemsOf({ colorIcon: Buffer.from('GIF89a not a png at all') })).toMatch(
      /color icon: must be a PNG file/,
    );
  });
});
