// The bare Bolt app the Slack acknowledgement benchmark compares Steward with: Bolt's own HTTP
// receiver and an empty app_mention listener, in a process of its own. It is plain JavaScript
// run by plain Node.js, as Steward's web tier runs from its compiled build in the benchmark, so
// that neither pays for a TypeScript loader or shares a heap with the other.
//
// argv[2]: JSON { port, signingSecret }. Prints {"listening":port} once it accepts requests and
// stops on SIGTERM.
import process from 'node:process';
import { App, LogLevel } from '@slack/bolt';

const { port, signingSecret } = JSON.parse(process.argv[2] ?? '{}');
const app = new App({
  signingSecret,
  token: 'xoxb-bench',
  botId: 'BBOT0STEWARD',
  botUserId: 'UBOT0STEWARD',
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
});
app.event('app_mention', async () => {});

try {
  await app.start(port);
  process.stdout.write(`${JSON.stringify({ listening: port })}\n`);
} catch (error) {
  process.stderr.write(`bare Bolt app did not start: ${String(error)}\n`);
  process.exit(1);
}

process.once('SIGTERM', () => {
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
