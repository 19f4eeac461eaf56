import type { ActionLineDialect } from '../../../src/admin/action-lines.js';
import type { FormDialect } from '../../../src/admin/settings-form/form-dialect.js';

/*
 * How the settings modal writes what the form model leaves to each platform. Approvers in the
 * allowed-actions box are mentions of people and user groups (in the text, Slack's tokens `<@U…>`
 * and `<!subteam^S…>`; bare ids are accepted too):
 *
 *   reset-mfa | approvers: @ann @it-admins | quorum: 2 | expires: 24h
 */
const SLACK_ACTION_LINES: ActionLineDialect = {
  approverOptions: ['approvers'],
  // A `|` inside a mention token (`<@U123|ann>`) is part of the token, not a separator.
  separator: /\|(?![^<]*>)/u,
  // Rich text pasted into the box keeps its list bullets.
  leading: /^[\s•◦▪*-]+(?=\S)/u,
  readApprovers: (options) => {
    const approvers = options.get('approvers');
    return approvers === undefined ? undefined : parseApprovers(approvers);
  },
  // Written even when empty: "no approvers of its own" is an override too.
  writeApprovers: (approvers) => [
    `approvers: ${[
      ...approvers.users.map((id) => `<@${id}>`),
      ...approvers.groups.map((id) => `<!subteam^${id}>`),
    ].join(' ')}`.trimEnd(),
  ],
  writeHours: (hours) => (hours >= 24 && hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`),
};

export const SLACK_FORM: FormDialect = {
  actionLines: SLACK_ACTION_LINES,
  actionExample: 'restart-service | approvers: @someone | quorum: 1 | expires: 24h',
  writing: {
    actions:
      'One action per line: its id, then optionally | approvers: (type @ to pick people or groups) | quorum: 2 | expires: 24h.',
    groups: 'Slack user groups.',
  },
  // Slack shows one short message under an input: the line number says enough.
  namesActionInProblems: false,
  // People and the approvers' channel are picked from Slack's lists.
  pickable: { people: /^[UW][A-Z0-9]{2,}$/u, channel: /^[CGD][A-Z0-9]{2,}$/u },
};

/** Mentions (or ids) of people and user groups; anything else is named as the problem. */
function parseApprovers(text: string): { users: string[]; groups: string[] } | string {
  const users: string[] = [];
  const groups: string[] = [];
  for (const word of text.split(/[\s,;]+/u).filter((part) => part !== '')) {
    const user = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$|^([UW][A-Z0-9]{2,})$/u.exec(word);
    const group = /^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$|^(S[A-Z0-9]{2,})$/u.exec(word);
    if (user) {
      users.push(user[1] ?? user[2] ?? '');
    } else if (group) {
      groups.push(group[1] ?? group[2] ?? '');
    } else {
      return `“${word}” is not a person or user group Slack knows: type @ and pick them from the list`;
    }
  }
  return { users: [...new Set(users)], groups: [...new Set(groups)] };
}
