import type { Person } from '../../../src/approval-rules/approval-types.js';
import { displayName, formatTime } from '../../../src/approval-rules/approval-card.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';

/** Slack user ids (`U…`, and `W…` in Enterprise Grid): safe to put in a `<@…>` mention. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;

/**
 * At most `max` characters, cut at a code point (never inside an emoji or other surrogate pair),
 * with an ellipsis when anything was cut.
 */
export function clip(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max
    ? text
    : `${points
        .slice(0, Math.max(0, max - 1))
        .join('')
        .trimEnd()}…`;
}

/** The length Slack counts (code points), for deciding whether to say how much was cut. */
export function lengthOf(text: string): number {
  return Array.from(text).length;
}

/** The person as a Slack mention (their current name, unambiguous), or their name as text. */
export function mention(person: Person): string {
  return person.platform === 'slack' && SLACK_USER_ID.test(person.userId)
    ? `<@${person.userId}>`
    : escapeMrkdwn(displayName(person));
}

/** A time every reader sees in their own time zone, with UTC text where Slack cannot format it. */
export function slackDate(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${formatTime(date)}>`;
}

const SECRET_QUERY_NAME = /(token|secret|key|sig|signature|password|passwd|auth|credential|code)/i;

/**
 * What will be called, without anything that could be a credential: user information in the
 * URL and the values of query parameters whose names suggest a secret. Catalogues keep secrets
 * in the environment, but a card is read by many people, so a careless URL is not repeated.
 */
export function withoutCredentials(target: string): string {
  return target.replace(
    /\b(https?:\/\/)([^\s/?#]+)([^\s]*)/gi,
    (_match, scheme: string, host: string, rest: string) => {
      const bareHost = host.includes('@') ? `…@${host.slice(host.lastIndexOf('@') + 1)}` : host;
      const queryAt = rest.indexOf('?');
      if (queryAt < 0) {
        return `${scheme}${bareHost}${rest}`;
      }
      const afterQuery = rest.slice(queryAt + 1);
      const hashAt = afterQuery.indexOf('#');
      const query = hashAt < 0 ? afterQuery : afterQuery.slice(0, hashAt);
      const fragment = hashAt < 0 ? undefined : afterQuery.slice(hashAt + 1);
      const redacted = query
        .split('&')
        .map((pair) => {
          const equalsAt = pair.indexOf('=');
          const name = equalsAt < 0 ? pair : pair.slice(0, equalsAt);
          return equalsAt >= 0 && SECRET_QUERY_NAME.test(name) ? `${name}=…` : pair;
        })
        .join('&');
      return `${scheme}${bareHost}${rest.slice(0, queryAt)}?${redacted}${fragment !== undefined ? `#${fragment}` : ''}`;
    },
  );
}
