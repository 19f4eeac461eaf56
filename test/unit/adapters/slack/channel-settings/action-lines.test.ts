import { describe, expect, it } from 'vitest';
import { SLACK_FORM } from '../../../../../adapters/slack/channel-settings/slack-form-dialect.js';
import {
  formatActionLines as formatLines,
  parseActionLines as parseLines,
} from '../../../../../src/admin/action-lines.js';
import { type AllowedAction, channelSettingsSchema } from '../../../../../src/channels/channel-settings.js';

const formatActionLines = (actions: readonly AllowedAction[]) => formatLines(actions, SLACK_FORM.actionLines);
const parseActionLines = (text: string) => parseLines(text, SLACK_FORM.actionLines);

describe('allowed actions as lines of text', () => {
  it('writes each action on a line, approvers as mentions, and reads the lines back to the same actions', () => {
    const { actions } = channelSettingsSchema.parse({
      actions: [
        {
          actionId: 'restart-service',
          approvers: { users: ['U0ANN', 'W0EVE'], groups: ['S0SRE'] },
          quorum: 2,
          expiryHours: 48,
        },
        { actionId: 'grant-access', expiryHours: 36 },
        { actionId: 'open-ticket', approvers: { users: [], groups: [] } },
        { actionId: 'reset-mfa', quorum: 0 },
      ],
    });
    const text = formatActionLines(actions);
    expect(text.split('\n')).toEqual([
      'restart-service | approvers: <@U0ANN> <@W0EVE> <!subteam^S0SRE> | quorum: 2 | expires: 2d',
      'grant-access | expires: 36h',
      'open-ticket | approvers:',
      'reset-mfa | quorum: 0',
    ]);
    const parsed = parseActionLines(text);
    expect(parsed.problems).toEqual([]);
    expect(channelSettingsSchema.parse({ actions: parsed.actions }).actions).toEqual(actions);
  });

  it('accepts bare ids, labelled mentions, commas, list bullets and blank lines', () => {
    const parsed = parseActionLines(
      '\n• restart-service | approvers: U0ANN, S0SRE <@U0BOB|bob> <!subteam^S0OPS|@ops> | Expires: 3 days\n\n- grant-access',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.actions).toEqual([
      {
        actionId: 'restart-service',
        approvers: { users: ['U0ANN', 'U0BOB'], groups: ['S0SRE', 'S0OPS'] },
        expiryHours: 72,
      },
      { actionId: 'grant-access' },
    ]);
    expect(parsed.lineOf).toEqual([2, 4]);
  });

  it.each([
    ['restart service', 'Line 1: start with the action id (no spaces)'],
    ['restart-service | quorum 2', 'Line 1: “quorum 2” is not an option'],
    ['restart-service | colour: red', 'Line 1: “colour: red” is not an option'],
    ['restart-service | quorum: 1 | quorum: 2', 'Line 1: quorum is given twice'],
    ['restart-service | expires: tomorrow', 'Line 1: expires “tomorrow” must be a number of hours or days'],
    ['restart-service | approvers: @ann', 'Line 1: “@ann” is not a person or user group Slack knows'],
  ])('names what is wrong with “%s”', (line, problem) => {
    const parsed = parseActionLines(line);
    expect(parsed.actions).toEqual([]);
    expect(parsed.problems).toEqual([expect.stringContaining(problem) as unknown]);
  });

  it('leaves values for the settings schema to judge', () => {
    expect(parseActionLines('restart-service | quorum: many | expires:').actions).toEqual([
      { actionId: 'restart-service', quorum: 'many', expiryHours: '' },
    ]);
  });
});
