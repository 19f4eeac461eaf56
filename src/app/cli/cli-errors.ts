import type { AdminRefusal } from '../../admin/admin-use-cases.js';
import { ConfigError, type StewardErrorCode, StewardError } from '../../errors.js';

/** Codes shown in brackets: the error's own, or an admin refusal's (FORBIDDEN, INVALID...). */
export type ShownCode = StewardErrorCode | AdminRefusal['code'];

/** Exit codes: 1 for a command that ran and failed, 2 for a command that was called wrongly. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * The command was called wrongly (a missing or empty argument, an option that does not parse):
 * nothing was done, and running it again unchanged cannot help.
 */
export class UsageError extends StewardError {
  constructor(message: string) {
    super('INPUT_INVALID', message);
  }
}

/**
 * The one shape every error and warning of the command line takes on standard error:
 * `steward: MESSAGE [CODE]`, then any details, each on its own indented line, so a person reads
 * the first line and a script can match on the code.
 */
export function errorLines(message: string, code: ShownCode, details: readonly string[] = []): string {
  return [
    `steward: ${message.trim().replace(/\.$/, '')} [${code}]`,
    ...details.map((detail) => `  ${detail.replace(/^\s+/, '')}`),
  ].join('\n');
}

/** A warning: the command goes on, but the person should know what it will do. */
export function warningLine(message: string, code: StewardErrorCode): string {
  return `steward: warning: ${message} [${code}]`;
}

/** Any error thrown out of a command, in the one format. */
export function describeError(error: unknown): string {
  if (error instanceof ConfigError) {
    const count = error.problems.length;
    return errorLines(
      `Invalid configuration (${count} problem${count === 1 ? '' : 's'})`,
      error.code,
      error.problems.map((problem) => `- ${problem}`),
    );
  }
  if (error instanceof StewardError) {
    const [first = '', ...rest] = error.message.split('\n');
    return errorLines(first, error.code, rest);
  }
  return errorLines(error instanceof Error ? error.message : String(error), 'INTERNAL');
}
