import { describe, expect, it } from 'vitest';
import { groupIdProblems } from '../../../../src/channels/group-ids.js';

const ENTRA_GROUP = '0b6f3a2c-1d4e-4f5a-8b9c-7d6e5f4a3b2c';

describe('group ids of a channel’s platform', () => {
  const settings = (groups: readonly unknown[]) => ({
    approvers: { users: [], groups },
    actions: [{ actionId: 'restart-vpn' }, { actionId: 'reset-mfa', approvers: { users: [], groups } }],
    access: { mode: 'listed', users: [], groups },
  });

  it('takes Entra group object ids in Teams, in any case, and refuses anything else with its place', () => {
    expect(groupIdProblems('teams', settings([ENTRA_GROUP, ` ${ENTRA_GROUP.toUpperCase()} `]))).toEqual([]);
    expect(groupIdProblems('teams', settings(['S0SRE'])).map((problem) => problem.path)).toEqual([
      ['approvers', 'groups', 0],
      ['actions', 1, 'approvers', 'groups', 0],
      ['access', 'groups', 0],
    ]);
    expect(groupIdProblems('teams', settings(['S0SRE']))[0]?.message).toMatch(
      /Microsoft Entra group object id/,
    );
  });

  it('takes Slack user group ids in Slack, and refuses an Entra id there', () => {
    expect(groupIdProblems('slack', settings(['S0SRE', 'S0123ABCD']))).toEqual([]);
    const problems = groupIdProblems('slack', settings([ENTRA_GROUP]));
    expect(problems).toHaveLength(3);
    expect(problems[0]?.message).toMatch(/Slack user group id/);
  });

  it('leaves values the settings schema refuses to its own messages, and platforms without groups alone', () => {
    expect(groupIdProblems('teams', settings(['not an id!', 42]))).toEqual([]);
    expect(groupIdProblems('cli', settings(['anything']))).toEqual([]);
    expect(groupIdProblems('teams', { access: { mode: 'everyone', groups: ['S0SRE'] } })).toEqual([]);
    expect(groupIdProblems('teams', 'not settings')).toEqual([]);
  });
});
