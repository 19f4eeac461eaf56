/** Every error the service raises on purpose carries one of these codes. */
export type StewardErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'MESSAGE_TOO_LONG'
  | 'KNOWLEDGE_SOURCE_UNREADABLE'
  | 'STORE_UNAVAILABLE'
  | 'STORE_CONFLICT'
  | 'DEPENDENCY_UNAVAILABLE'
  | 'PLATFORM_REJECTED'
  | 'NOT_FOUND'
  | 'APPROVAL_STATE_INVALID'
  | 'ACTION_FAILED'
  | 'ACCESS_DENIED'
  | 'RATE_LIMITED'
  | 'CHANNEL_DISABLED'
  | 'INTERNAL'
  | 'DEPENDENCY_THROTTLED'
  | 'PERSONAL_DATA_REFUSED'
  | 'BUDGET_EXCEEDED';

export class StewardError extends Error {
  readonly code: StewardErrorCode;

  constructor(code: StewardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Invalid configuration; `problems` lists every issue found, not just the first. */
export class ConfigError extends StewardError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super('CONFIG_INVALID', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
    this.problems = problems;
  }
}

/** An error whose message is safe and useful to show to the person who sent the message. */
export class UserFacingError extends StewardError {
  /** `author` when only the person who wrote should see it (a refusal aimed at them). */
  readonly audience: 'conversation' | 'author';

  constructor(
    code: StewardErrorCode,
    message: string,
    options?: { cause?: unknown; audience?: 'conversation' | 'author' },
  ) {
    super(code, message, options);
    this.audience = options?.audience ?? 'conversation';
  }
}

/** A backing service (DynamoDB, Redis, a model endpoint) could not be reached or refused the call. */
export class DependencyError extends StewardError {
  readonly dependency: string;
  /** Shown to the person instead of the generic "a service is unreachable" reply, when set. */
  readonly userMessage?: string;

  constructor(dependency: string, message: string, options?: DependencyErrorOptions) {
    super(options?.code ?? 'DEPENDENCY_UNAVAILABLE', message, options);
    this.dependency = dependency;
    if (options?.userMessage !== undefined) {
      this.userMessage = options.userMessage;
    }
  }
}

export interface DependencyErrorOptions {
  readonly cause?: unknown;
  readonly userMessage?: string;
  /** `DEPENDENCY_THROTTLED`: the service refused for load and kept refusing through our retries. */
  readonly code?: 'DEPENDENCY_UNAVAILABLE' | 'DEPENDENCY_THROTTLED';
}

/** A write lost an optimistic-concurrency race: someone else saved first. Nothing was written. */
export class VersionConflictError extends StewardError {
  /** The version now stored (0 when the item no longer exists), when known. */
  readonly currentVersion: number | undefined;

  constructor(message: string, currentVersion: number | undefined, options?: { cause?: unknown }) {
    super('STORE_CONFLICT', message, options);
    this.currentVersion = currentVersion;
  }
}

export function isStewardError(error: unknown): error is StewardError {
  return error instanceof StewardError;
}

/** Funnels anything thrown into a StewardError, keeping the original as `cause`. */
export function toStewardError(error: unknown): StewardError {
  if (error instanceof StewardError) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StewardError('INTERNAL', message, { cause: error });
}
