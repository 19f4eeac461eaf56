import { z } from 'zod';
import { optionalString, optionalUrl } from './environment.js';

/** Slack's public Web API; GovSlack and proxies use another host (SLACK_API_URL). */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/**
 * Slack: the app's credentials and where its Web API lives. Absent credentials mean the service
 * runs without Slack; half a set (a token without its signing secret) is a mistake, not a choice.
 */
export const slackConfigSchema = z
  .object({
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_BOT_TOKEN: optionalString.refine((token) => token === undefined || token.startsWith('xoxb-'), {
      message: 'must be a bot token (xoxb-...) from OAuth & Permissions',
    }),
    SLACK_APP_TOKEN: optionalString.refine((token) => token === undefined || token.startsWith('xapp-'), {
      message: 'must be an app-level token (xapp-...) with the connections:write scope',
    }),
    SLACK_API_URL: optionalUrl,
  })
  .superRefine((env, context) => {
    const hasSecret = env.SLACK_SIGNING_SECRET !== undefined;
    const hasToken = env.SLACK_BOT_TOKEN !== undefined;
    if (hasToken && !hasSecret) {
      context.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required when SLACK_BOT_TOKEN is set (Basic Information > Signing Secret)',
      });
    }
    if (hasSecret && !hasToken) {
      context.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required when SLACK_SIGNING_SECRET is set (OAuth & Permissions > Bot User OAuth Token)',
      });
    }
    if (!hasSecret && !hasToken) {
      for (const name of ['SLACK_APP_TOKEN', 'SLACK_API_URL'] as const) {
        if (env[name] !== undefined) {
          context.addIssue({
            code: 'custom',
            path: [name],
            message: 'has no effect without SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET',
          });
        }
      }
    }
  })
  .transform((env): SlackConfig => {
    if (env.SLACK_SIGNING_SECRET === undefined || env.SLACK_BOT_TOKEN === undefined) {
      return { enabled: false, reason: 'SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set' };
    }
    return {
      enabled: true,
      signingSecret: env.SLACK_SIGNING_SECRET,
      botToken: env.SLACK_BOT_TOKEN,
      appToken: env.SLACK_APP_TOKEN,
      mode: env.SLACK_APP_TOKEN === undefined ? 'http' : 'socket',
      apiUrl: withTrailingSlash(env.SLACK_API_URL ?? DEFAULT_SLACK_API_URL),
    };
  });

export type SlackConfig =
  | { readonly enabled: false; readonly reason: string }
  | {
      readonly enabled: true;
      /** Verifies requests in HTTP mode; in both modes it also keys the signatures on button values. */
      readonly signingSecret: string;
      readonly botToken: string;
      readonly appToken: string | undefined;
      /** `socket` when an app-level token is set: no public endpoint needed. */
      readonly mode: 'http' | 'socket';
      /** Ends with `/`: the Web API client appends method names to it. */
      readonly apiUrl: string;
    };

export type EnabledSlackConfig = Extract<SlackConfig, { enabled: true }>;

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
