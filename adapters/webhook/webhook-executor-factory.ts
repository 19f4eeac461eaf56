import type { Clock } from '../../src/clock.js';
import type { ExecutorFactory } from '../../src/ports/action-executor.js';
import { unknownPlaceholders } from './body-template.js';
import type { Resolver } from './guarded-http.js';
import { urlTemplateProblems } from './url-template.js';
import { ENV_REFERENCE, RESERVED_HEADERS, webhookSpecSchema } from './webhook-spec.js';
import { WebhookExecutor } from './webhook-executor.js';

export interface WebhookFactoryOptions {
  /** The parsed environment, for `${NAME}` references (secrets are never in the catalogue file). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** ACTIONS_SIGNING_SECRET: the HMAC key of every webhook that names none of its own. */
  readonly defaultSigningSecret: string;
  readonly clock: Clock;
  /** How host names are resolved (the system resolver unless a test gives its own). */
  readonly resolve?: Resolver;
}

const MIN_SECRET_CHARS = 32;

/** Builds webhook executors from catalogue blocks, resolving `${NAME}` secrets from the environment. */
export function createWebhookExecutorFactory(options: WebhookFactoryOptions): ExecutorFactory {
  return (raw, context) => {
    const parsed = webhookSpecSchema.safeParse(raw);
    if (!parsed.success) {
      return {
        problems: parsed.error.issues.map(
          (issue) => `${issue.path.map(String).join('.') || '(executor)'}: ${issue.message}`,
        ),
      };
    }
    const spec = parsed.data;
    const problems: string[] = [];
    const resolve = (value: string, where: string): string =>
      value.replace(ENV_REFERENCE, (_match, name: string) => {
        const found = options.env[name];
        if (found === undefined || found === '') {
          problems.push(`${where}: environment variable ${name} is not set`);
          return '';
        }
        return found;
      });

    problems.push(...urlTemplateProblems(spec.url));
    const unknown = [
      ...unknownPlaceholders(spec.url, context.parameterNames),
      ...unknownPlaceholders(spec.body, context.parameterNames),
    ];
    for (const path of unknown) {
      problems.push(`body: {{ ${path} }} names no parameter or request field`);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(spec.headers)) {
      if (value.includes('${')) {
        problems.push(`headers.${name}: put values from the environment under secretHeaders`);
      }
      headers[name.toLowerCase()] = value;
    }
    for (const [name, value] of Object.entries(spec.secretHeaders)) {
      headers[name.toLowerCase()] = resolve(value, `secretHeaders.${name}`);
    }
    for (const name of Object.keys(headers)) {
      if (RESERVED_HEADERS.includes(name)) {
        problems.push(`headers.${name}: Steward sets this header itself`);
      }
    }
    const signingSecret =
      spec.signingSecret === undefined
        ? options.defaultSigningSecret
        : resolve(spec.signingSecret, 'signingSecret');
    if (spec.signingSecret !== undefined && signingSecret !== '' && signingSecret.length < MIN_SECRET_CHARS) {
      problems.push(`signingSecret: must be at least ${MIN_SECRET_CHARS} characters`);
    }
    if (problems.length > 0) {
      return { problems };
    }
    return {
      executor: new WebhookExecutor({
        url: spec.url,
        method: spec.method,
        headers,
        signingSecret,
        body: spec.body,
        timeoutMs: spec.timeoutSeconds * 1000,
        clock: options.clock,
        ...(options.resolve !== undefined ? { resolve: options.resolve } : {}),
      }),
    };
  };
}
