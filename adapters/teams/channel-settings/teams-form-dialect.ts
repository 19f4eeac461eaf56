import type { ActionLineDialect } from '../../../src/admin/action-lines.js';
import { idList } from '../../../src/admin/form-text.js';
import type { FormDialect } from '../../../src/admin/settings-form/form-dialect.js';

/*
 * How the settings card writes what the form model leaves to each platform: people and groups
 * are typed as Microsoft Entra object ids, and an allowed action names them the same way:
 *
 *   reset-mfa | approvers: 4f0c6a52-…, 9e2b1c7d-… | groups: 0b6f3a2c-… | quorum: 2 | expires: 24h
 */
const TEAMS_ACTION_LINES: ActionLineDialect = {
  approverOptions: ['approvers', 'groups'],
  separator: /\|/u,
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

export const TEAMS_FORM: FormDialect = {
  actionLines: TEAMS_ACTION_LINES,
  actionExample: 'reset-mfa | approvers: <Entra object id>, <Entra object id> | quorum: 2 | expires: 24h',
  writing: {
    actions:
      'One action per line: its id, then any of approvers: (Entra object ids of people), groups: (Entra group object ids), quorum: (approvals needed) and expires: (24h, 2d), separated by |.',
    people:
      'People by their Microsoft Entra object id (Entra admin centre > Users > the person > Object ID), separated by commas.',
    groups:
      'Microsoft Entra groups by their object id (Entra admin centre > Groups > the group > Object ID), separated by commas. Members of groups nested in them count too.',
  },
  // Each problem has a line of its own under the input: naming the action helps find it.
  namesActionInProblems: true,
};
