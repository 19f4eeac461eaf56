import { Command, CommanderError, Option } from 'commander';
import { runAsk } from './cli/ask-command.js';
import { type AuditOptions, runAuditExport, runAuditList } from './cli/audit-commands.js';
import { runUsage, type UsageOptions } from './cli/usage-command.js';
import { runChat } from './cli/chat-command.js';
import { type CliContext, createCliContext } from './cli/cli-context.js';
import { describeError, errorLines, EXIT_FAILURE, EXIT_USAGE, UsageError } from './cli/cli-errors.js';
import { runConfigExport, runConfigImport } from './cli/config-commands.js';
import { type GapsOptions, runGaps } from './cli/gaps-command.js';
import { runConfigCheck, runDbCreate, runForget, runIngest } from './cli/operator-commands.js';
import { runTeamsPackage, type TeamsPackageOptions } from './cli/teams-package-command.js';
import { type PersonOptions, runForgetMe, runPersonErase, runPersonExport } from './cli/person-commands.js';

/** `npm run steward -- <command>`: the operator's and newcomer's command line. */
const program = new Command('steward')
  .description('Steward: a knowledge assistant with governed actions for Slack and Microsoft Teams')
  .showHelpAfterError("(run 'steward help <command>' for its options)")
  // Usage errors are thrown rather than exiting, so they get the one error format and exit code 2
  // like every other usage error; every subcommand inherits both settings.
  .exitOverride()
  .configureOutput({
    outputError: (message, write) => write(`${errorLines(message.trim().replace(/^error: /, ''), 'INPUT_INVALID')}\n`),
  });

let exitCode = 0;
const run = (action: (ctx: CliContext) => Promise<number> | number) => async () => {
  exitCode = await action(createCliContext());
};

program
  .command('ask')
  .description('answer a question (or one per line of standard input) from the knowledge base')
  .argument('[question]', 'the question; read from standard input when absent')
  .option('--knowledge-dir <dir>', 'knowledge folder (default: KNOWLEDGE_DIR or the bundled sample)')
  .option('--json', 'print one JSON object per answer')
  .action((question: string | undefined, options: { knowledgeDir?: string; json?: boolean }) =>
    run((ctx) => runAsk(ctx, question, options))(),
  );

program
  .command('chat')
  .description('talk with the bot in the terminal, with history kept in DynamoDB')
  .option('--thread <id>', 'conversation to continue', 'default')
  .option('--user <name>', 'who you are in the conversation')
  .action((options: { thread: string; user?: string }) => run((ctx) => runChat(ctx, options))());

program
  .command('ingest')
  .description('read and index a knowledge folder and report what went in')
  .argument('<dir>', 'folder of Markdown, text, HTML and PDF files')
  .option('--json', 'print the statistics as JSON')
  .action((dir: string, options: { json?: boolean }) => run((ctx) => runIngest(ctx, dir, options))());

program
  .command('db:create')
  .description('create the DynamoDB table (with TTL) when it is missing')
  .action(() => run(runDbCreate)());

program
  .command('forget')
  .description('delete the stored history of one conversation')
  .addOption(new Option('--platform <platform>').choices(['slack', 'teams', 'cli']).makeOptionMandatory())
  .requiredOption('--tenant <id>', 'Slack team id or Teams tenant id (cli: local)')
  .requiredOption('--channel <id>', 'channel id (cli: terminal)')
  .requiredOption('--thread <id>', 'thread id')
  .action((options: { platform: 'slack' | 'teams' | 'cli'; tenant: string; channel: string; thread: string }) =>
    run((ctx) => runForget(ctx, options))(),
  );

program
  .command('forget-me')
  .description('erase everything stored about you (the terminal user) in every chat conversation')
  .option('--user <name>', 'who you are in chat (default: your login name)')
  .option('--yes', 'erase; without it, only show what is stored')
  .action((options: { user?: string; yes?: boolean }) => run((ctx) => runForgetMe(ctx, options))());

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const personOptions = (command: Command): Command =>
  command
    .addOption(new Option('--platform <platform>').choices(['slack', 'teams', 'cli']).makeOptionMandatory())
    .requiredOption('--user <id>', 'the person\'s user id on that platform')
    .option('--also-id <id>', 'another id of the same person (Teams: their Entra object id); repeatable', collect);

personOptions(program.command('person:export'))
  .description('everything stored about one person, as JSON (audited)')
  .option('--out <file>', 'write to this file (readable by you only) instead of standard output')
  .action((options: PersonOptions & { out?: string }) => run((ctx) => runPersonExport(ctx, options))());

personOptions(program.command('person:erase'))
  .description('erase one person everywhere; audit and approval records keep them as a pseudonym (audited)')
  .option('--yes', 'erase; without it, only show what is stored')
  .action((options: PersonOptions & { yes?: boolean }) => run((ctx) => runPersonErase(ctx, options))());

const auditOptions = (command: Command): Command =>
  command
    .addOption(new Option('--platform <platform>', 'with --tenant and --channel: one channel only').choices(['slack', 'teams', 'cli']))
    .option('--tenant <id>', 'Slack team id or Teams tenant id')
    .option('--channel <id>', 'channel id')
    .option('--from <date>', 'start (inclusive): 2026-01-31 or an ISO time; default 30 days before --to')
    .option('--to <date>', 'end (exclusive); default now')
    .option('--action <prefix>', 'only actions starting with this, e.g. approval. or action.failed');

auditOptions(program.command('audit:list'))
  .description('list audit records (approvals, decisions, refused clicks, runs) by channel and time range')
  .option('--limit <n>', 'at most this many records', '100')
  .action((options: AuditOptions) => run((ctx) => runAuditList(ctx, options))());

auditOptions(program.command('audit:export'))
  .description('export audit records as JSON lines, every page, by channel and time range')
  .option('--out <file>', 'write to this file instead of standard output')
  .action((options: AuditOptions) => run((ctx) => runAuditExport(ctx, options))());

program
  .command('usage')
  .description('model token use and cost of one month, by channel, cost centre or model (chargeback)')
  .option('--by <grouping>', 'channel, cost-centre or model', 'channel')
  .option('--month <YYYY-MM>', 'the month (UTC); this month by default')
  .option('--json', 'one JSON object')
  .option('--csv', 'CSV with a header row')
  .action((options: UsageOptions) => run((ctx) => runUsage(ctx, options))());

program
  .command('gaps')
  .description('questions Steward refused and answers rated 👎, per channel, grouped by question, newest first')
  .addOption(new Option('--platform <platform>', 'with --tenant: one workspace or tenant').choices(['slack', 'teams', 'cli']))
  .option('--tenant <id>', 'Slack team id or Teams tenant id')
  .option('--channel <id>', 'one channel: platform:tenant:channel, or a channel id with --platform and --tenant')
  .option('--since <date>', 'start (inclusive): 2026-01-31 or an ISO time; default 30 days before --until')
  .option('--until <date>', 'end (exclusive); default now')
  .option('--json', 'print the report as JSON')
  .action((options: GapsOptions) => run((ctx) => runGaps(ctx, options))());

program
  .command('config:check')
  .description('validate the environment and print the effective configuration')
  .action(() => run(runConfigCheck)());

const config = program.command('config').description('channel settings and admins as a YAML file (settings as code)');

config
  .command('export')
  .description('write every channel\'s settings and the added admins as YAML')
  .option('--out <file>', 'write to this file instead of standard output')
  .action((options: { out?: string }) => run((ctx) => runConfigExport(ctx, options))());

config
  .command('import')
  .description('make the stored configuration equal a YAML file: validated first, applied all or nothing')
  .argument('<file>', 'a file written by config export (and edited)')
  .option('--dry-run', 'show what would change without changing anything')
  .action((file: string, options: { dryRun?: boolean }) => run((ctx) => runConfigImport(ctx, file, options))());

program
  .command('teams:package')
  .description('build the Teams app package (manifest and icons) that admins upload, for MICROSOFT_APP_ID')
  .option('--out <file>', 'where to write the zip', 'steward-teams-app.zip')
  .option('--endpoint <url>', 'the public messaging endpoint (https://host/api/messages); its host becomes a valid domain')
  .option('--app-version <version>', 'app version, MAJOR.MINOR.PATCH; raise it for every upload', '1.0.0')
  .option('--name <name>', 'short app name shown in Teams (at most 30 characters)', 'Steward')
  .option('--full-name <name>', 'full app name (at most 100 characters)')
  .option('--developer <name>', 'your organisation, shown as the app’s developer', 'Steward')
  .option('--website-url <url>', 'https page about the bot (default: the endpoint’s address)')
  .option('--privacy-url <url>', 'https privacy statement (default: the website)')
  .option('--terms-url <url>', 'https terms of use (default: the website)')
  .option('--teams-app-id <guid>', 'the Teams app id, when it differs from the bot’s app id')
  .option('--color-icon <png>', 'your own 192×192 colour icon')
  .option('--outline-icon <png>', 'your own 32×32 white-on-transparent outline icon')
  .action((options: TeamsPackageOptions) => run((ctx) => runTeamsPackage(ctx, options))());

program
  .parseAsync()
  .then(() => {
    process.exitCode = exitCode;
  })
  .catch((error: unknown) => {
    process.exitCode = exitCodeOf(error);
    if (!(error instanceof CommanderError)) {
      // Commander has already written its own errors, in the same format.
      process.stderr.write(`${describeError(error)}\n`);
    }
  });

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // `--help` and `--version` end the same way, with exit code 0.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}
