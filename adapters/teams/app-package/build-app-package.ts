import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import { StewardError } from '../../../src/errors.js';
import type { TeamsCommand } from '../commands/command-registry.js';
import type { TeamsScope } from '../teams-conversation.js';
import { pngSize } from './png-size.js';

const PACKAGE_DIR = import.meta.dirname;

export interface AppPackageOptions {
  /** The bot's Microsoft App ID (MICROSOFT_APP_ID). */
  readonly botAppId: string;
  /** The Teams app's own id; the bot's app id when absent, which is what most organisations use. */
  readonly teamsAppId?: string;
  readonly version: string;
  readonly shortName: string;
  readonly fullName: string;
  readonly developerName: string;
  readonly websiteUrl: string;
  readonly privacyUrl: string;
  readonly termsOfUseUrl: string;
  /** Hosts the app may open (the service's own); the messaging endpoint itself is set in Azure. */
  readonly validDomains: readonly string[];
  readonly commands: readonly TeamsCommand[];
  /** 192×192 PNG; the bundled icon when absent. */
  readonly colorIcon?: Uint8Array;
  /** 32×32 white-on-transparent PNG; the bundled icon when absent. */
  readonly outlineIcon?: Uint8Array;
}

export interface AppPackage {
  readonly manifest: Readonly<Record<string, unknown>>;
  /** manifest.json, color.png and outline.png at the root, as Teams admin centre expects. */
  readonly zip: Uint8Array;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const httpsUrl = (max: number) => z.url({ protocol: /^https$/ }).max(max);

/** Teams' own limits on the fields Steward fills, checked before an admin finds out at upload. */
const optionsSchema = z.object({
  botAppId: z.string().regex(GUID, 'must be the bot’s Microsoft App ID (a GUID)'),
  teamsAppId: z.string().regex(GUID, 'must be a GUID'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be MAJOR.MINOR.PATCH'),
  shortName: z.string().trim().min(1).max(30),
  fullName: z.string().trim().min(1).max(100),
  developerName: z.string().trim().min(1).max(32),
  websiteUrl: httpsUrl(2048),
  privacyUrl: httpsUrl(2048),
  termsOfUseUrl: httpsUrl(2048),
  validDomains: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9.*-]+(:\d+)?$/i, 'must be a host name')
        .max(2048),
    )
    .max(16),
});

const MANIFEST_SCOPES: ReadonlyArray<{ readonly manifest: string; readonly scope: TeamsScope }> = [
  { manifest: 'personal', scope: 'personal' },
  { manifest: 'team', scope: 'channel' },
  { manifest: 'groupChat', scope: 'groupChat' },
];
/** Teams shows at most ten commands per scope in the bot's command menu. */
const MAX_MENU_COMMANDS = 10;

/** Fills the manifest template and zips it with the icons into the package admins upload. */
export function buildAppPackage(options: AppPackageOptions): AppPackage {
  const fields = { ...options, teamsAppId: options.teamsAppId ?? options.botAppId };
  const parsed = optionsSchema.safeParse(fields);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
  const colorIcon = options.colorIcon ?? readFileSync(resolve(PACKAGE_DIR, 'color.png'));
  const outlineIcon = options.outlineIcon ?? readFileSync(resolve(PACKAGE_DIR, 'outline.png'));
  problems.push(
    ...iconProblems('color icon', colorIcon, 192),
    ...iconProblems('outline icon', outlineIcon, 32),
  );
  if (problems.length > 0 || !parsed.success) {
    throw new StewardError(
      'INPUT_INVALID',
      `The Teams app package cannot be built:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }

  const template = JSON.parse(readFileSync(resolve(PACKAGE_DIR, 'manifest.template.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const manifest = fill(template, parsed.data) as Record<string, unknown> & {
    bots: Array<Record<string, unknown>>;
  };
  const bot = manifest.bots[0];
  if (bot !== undefined) {
    bot.commandLists = commandLists(options.commands);
  }
  manifest.validDomains = [...parsed.data.validDomains];
  const zip = zipSync(
    {
      'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
      'color.png': colorIcon,
      'outline.png': outlineIcon,
    },
    // A fixed date keeps packages built from the same inputs byte-identical.
    { level: 9, mtime: new Date('2026-01-01T00:00:00Z') },
  );
  return { manifest, zip };
}

function commandLists(commands: readonly TeamsCommand[]) {
  return MANIFEST_SCOPES.map(({ manifest, scope }) => ({
    scopes: [manifest],
    commands: commands
      .filter((command) => (command.scopes ?? ['personal', 'groupChat', 'channel']).includes(scope))
      .slice(0, MAX_MENU_COMMANDS)
      .map((command) => ({ title: command.name, description: command.description })),
  })).filter((list) => list.commands.length > 0);
}

/** Replaces every `{{name}}` in the template's strings; an unknown name is a bug in the template. */
function fill(value: unknown, values: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/gu, (placeholder, name: string) => {
      const replacement = values[name];
      if (typeof replacement !== 'string') {
        throw new StewardError('INTERNAL', `manifest template placeholder ${placeholder} has no value`);
      }
      return replacement;
    });
  }
  if (Array.isArray(value)) {
    return value.map((item) => fill(item, values));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner, values)]));
  }
  return value;
}

function iconProblems(name: string, bytes: Uint8Array, side: number): string[] {
  const size = pngSize(bytes);
  if (size === undefined) {
    return [`${name}: must be a PNG file`];
  }
  return size.width === side && size.height === side
    ? []
    : [`${name}: must be ${side}×${side} pixels, not ${size.width}×${size.height}`];
}
