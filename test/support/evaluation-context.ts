import { PassThrough, Readable } from 'node:stream';
import type { CliContext } from '../../src/app/cli/cli-context.js';
import { parseAppConfig } from '../../src/config/app-config.js';
import { createSilentLogger } from '../../src/logger.js';

/** What `npm run eval` runs with on a machine configured with nothing: the offline providers. */
export function offlineCliContext(): CliContext {
  const appConfig = parseAppConfig({});
  return {
    config: appConfig.core,
    appConfig,
    logger: createSilentLogger(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: Readable.from([]),
  };
}
