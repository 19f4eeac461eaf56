import { Command } from 'commander';
import { isStewardError } from '../errors.js';
import { createCliContext } from './cli/cli-context.js';
import { runEval } from './cli/eval-command.js';

/**
 * `npm run eval`: answer quality of the offline (or configured) answering path, measured on the
 * evaluation corpora in `eval/` or on a folder and questions file of your own.
 */
const program = new Command('eval')
  .description('measure retrieval and answers on question sets with known evidence')
  .option('--knowledge-dir <dir>', 'knowledge folder (default: the one the questions file names)')
  .option('--questions <file>', 'questions file (default: every eval/*/questions*.json)')
  .option('--json', 'print one JSON object per question set')
  .option('--verbose', 'list every question answered wrongly or not at all')
  .showHelpAfterError()
  .action(
    async (options: { knowledgeDir?: string; questions?: string; json?: boolean; verbose?: boolean }) => {
      process.exitCode = await runEval(createCliContext(), options);
    },
  );

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(
    isStewardError(error)
      ? `steward: ${error.message} [${error.code}]\n`
      : `steward: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
