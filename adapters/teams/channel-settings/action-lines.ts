import {
  formatActionLines as formatLines,
  parseActionLines as parseLines,
  type ActionLineDialect,
  type ParsedActionLines,
} from '../../../src/admin/action-lines.js';
import type { AllowedAction } from '../../../src/channels/channel-settings.js';
import { idList } from './id-list.js';

/*
 * Allowed actions in the settings card's multi-line text box, one action per line (the grammar
 * is the core's):
 *
 *   reset-mfa | approvers: 4f0c6a52-…, 9e2b1c7d-… | groups: 0b6f3a2c-… | quorum: 2 | expires: 24h
 */
const TEAMS_ACTION_LINES: ActionLineDialect = {
  approverOptions: ['approvers', 'groups'],
  separator: /\|/u,
  lineWord: 'line',
  sentenceEnd: '',
  readApprovers: (options) => {
    const approvers = options.get('approvers');
    const groups = options.get('groups');
    return approvers === undefined && groups === undefined
      ? undefined
      : { users: idList(approvers ?? ''), groups: idList(groups ?? '') };
  },
  writeApprovers: (approvers) => [
    // Written even when empty: "no approvers" is an override of its own.
    `approvers: ${approvers.users.join(', ')}`.trimEnd(),
    ...(approvers.groups.length > 0 ? [`groups: ${approvers.groups.join(', ')}`] : []),
  ],
  writeHours: (hours) => `${hours}h`,
};

export function formatActionLines(actions: readonly AllowedAction[]): string {
  return formatLines(actions, TEAMS_ACTION_LINES);
}

export function parseActionLines(text: string): ParsedActionLines {
  return parseLines(text, TEAMS_ACTION_LINES);
}
