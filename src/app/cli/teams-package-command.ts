import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../errors.js';
import { buildAppPackage } from '../../../adapters/teams/index.js';
import { createTeamsCommands } from '../teams.js';
import { type CliContext, writeLine } from './cli-context.js';

export interface TeamsPackageOptions {
  readonly out: string;
  readonly appVersion: string;
  readonly name: string;
  readonly fullName?: string;
  readonly developer: string;
  /** The public messaging endpoint, e.g. https://steward.example.com/api/messages. */
  readonly endpoint?: string;
  readonly websiteUrl?: string;
  readonly privacyUrl?: string;
  readonly termsUrl?: string;
  readonly teamsAppId?: string;
  readonly colorIcon?: string;
  readonly outlineIcon?: string;
}

/**
 * Builds the Teams app package (manifest plus icons) for the configured bot, the zip an admin
 * uploads in the Teams admin centre (or a user sideloads). The bot id comes from MICROSOFT_APP_ID;
 * the command menu lists the commands the bot understands.
 */
export function runTeamsPackage(ctx: CliContext, options: TeamsPackageOptions): number {
  const teams = ctx.appConfig.teams;
  if (!teams.enabled || teams.appId === '') {
    throw new ConfigError([
      'MICROSOFT_APP_ID: set it to the Azure Bot’s Microsoft App ID to build the Teams app package',
    ]);
  }
  const origin =
    options.endpoint !== undefined && URL.canParse(options.endpoint)
      ? new URL(options.endpoint).origin
      : undefined;
  const website = options.websiteUrl ?? origin;
  const missing = [
    ...(website === undefined ? ['--website-url (or --endpoint, whose address is used)'] : []),
    ...(options.endpoint !== undefined && origin === undefined ? ['--endpoint must be a URL'] : []),
  ];
  if (missing.length > 0 || website === undefined) {
    throw new ConfigError(missing);
  }
  const { zip, manifest } = buildAppPackage({
    botAppId: teams.appId,
    ...(options.teamsAppId !== undefined ? { teamsAppId: options.teamsAppId } : {}),
    version: options.appVersion,
    shortName: options.name,
    fullName: options.fullName ?? `${options.name} knowledge assistant`,
    developerName: options.developer,
    websiteUrl: website,
    privacyUrl: options.privacyUrl ?? website,
    termsOfUseUrl: options.termsUrl ?? website,
    validDomains: origin !== undefined ? [new URL(origin).host] : [],
    commands: createTeamsCommands().list(),
    ...(options.colorIcon !== undefined ? { colorIcon: readFileSync(resolve(options.colorIcon)) } : {}),
    ...(options.outlineIcon !== undefined ? { outlineIcon: readFileSync(resolve(options.outlineIcon)) } : {}),
  });
  const out = resolve(options.out);
  writeFileSync(out, zip);
  writeLine(
    ctx.stdout,
    `Wrote ${out} (${zip.byteLength.toLocaleString('en-US')} bytes): Teams app ${String(manifest.id)} version ${options.appVersion} for bot ${teams.appId}.`,
  );
  writeLine(
    ctx.stdout,
    'Upload it in the Teams admin centre (Manage apps > Upload new app), or sideload it in Teams (Apps > Manage your apps > Upload an app).',
  );
  return 0;
}
