import { describe, expect, it } from 'vitest';
import { field, kind } from '../../../../../src/admin/settings-form/form-fields.js';
import { submittedValue } from '../../../../../src/admin/settings-form/form-reading.js';
import { problemsByInput } from '../../../../../src/admin/settings-form/form-problems.js';
import { pickedIds, unshowableIds } from '../../../../../src/admin/settings-form/form-view.js';
import { filledForm } from '../../../../../src/admin/settings-form/form-values.js';
import { channelSettingsSchema } from '../../../../../src/channels/channel-settings.js';
import { SLACK_FORM } from '../../../../../adapters/slack/channel-settings/slack-form-dialect.js';
import { TEAMS_FORM } from '../../../../../adapters/teams/channel-settings/teams-form-dialect.js';

describe('declaring a field by its kind', () => {
  it('makes switches and choices without an unset choice required, and lists always written', () => {
    expect(field('answering', 'on', 'On', kind.switch('Yes'))).toMatchObject({ required: true, path: 'on' });
    expect(field('answering', 'pick', 'Pick', kind.radio(['a', 'A'], ['b', 'B']))).toMatchObject({
      required: true,
      kind: {
        type: 'choice',
        expanded: true,
        choices: [
          { value: 'a', text: 'A' },
          { value: 'b', text: 'B' },
        ],
      },
    });
    const menu = field('answering', 'menu', 'Menu', kind.menu(['none', 'None'], ['some', 'Some']));
    expect(menu.required).toBeUndefined();
    expect(menu.kind).toMatchObject({ type: 'choice', expanded: false, unset: 'none' });
    expect(field('access', 'who', 'Who', kind.people, { path: 'access.users' })).toMatchObject({
      alwaysSet: true,
      path: 'access.users',
    });
    expect(field('model', 'note', 'Note', kind.text(10)).alwaysSet).toBeUndefined();
  });
});

describe('a submitted value', () => {
  it('is text, a number as its text, or picked ids without repeats; nothing submitted is empty', () => {
    expect(submittedValue('hello', 10)).toBe('hello');
    expect(submittedValue(12.5, 10)).toBe('12.5');
    expect(submittedValue(['U1', 'U2', 'U1'], 10)).toEqual(['U1', 'U2']);
    expect(submittedValue(null, 10)).toBe('');
    expect(submittedValue(undefined, 10)).toBe('');
  });

  it('is refused when no input holds it', () => {
    expect(submittedValue('x'.repeat(11), 10)).toBeUndefined();
    expect(submittedValue(Number.NaN, 10)).toBeUndefined();
    expect(submittedValue([1, 2], 10)).toBeUndefined();
    expect(
      submittedValue(
        Array.from({ length: 1001 }, (_, i) => `U${i}`),
        10,
      ),
    ).toBeUndefined();
    expect(submittedValue({ value: 'x' }, 10)).toBeUndefined();
    expect(submittedValue(true, 10)).toBeUndefined();
  });
});

describe('stored ids a platform cannot show', () => {
  const settings = channelSettingsSchema.parse({
    approvers: { users: ['U0ANN', 'ann@example.com'], groups: ['S0OPS'] },
    approversChannelId: 'not-a-channel',
    access: { mode: 'listed', users: ['ann@example.com'], groups: [] },
  });

  it('are those its pickers cannot show, each once', () => {
    expect(unshowableIds(filledForm(settings, SLACK_FORM), SLACK_FORM)).toEqual([
      'ann@example.com',
      'not-a-channel',
    ]);
  });

  it('are none where ids are typed', () => {
    expect(unshowableIds(filledForm(settings, TEAMS_FORM), TEAMS_FORM)).toEqual([]);
  });
});

describe('the ids a form has picked', () => {
  it('are those of every input of the kind, each once', () => {
    const settings = channelSettingsSchema.parse({
      approvers: { users: ['U0ANN'], groups: ['S0OPS', 'S0SRE'] },
      access: { mode: 'listed', users: ['U0BO', 'U0ANN'], groups: ['S0OPS'] },
    });
    const form = filledForm(settings, SLACK_FORM);
    expect(pickedIds(form, 'groups')).toEqual(['S0OPS', 'S0SRE']);
    expect(pickedIds(form, 'people')).toEqual(['U0ANN', 'U0BO']);
  });
});

describe('problems grouped by input', () => {
  it('keeps each input’s problems once, in order, and puts the ones no input holds under the first', () => {
    const grouped = problemsByInput([
      { field: 'modelId', message: 'Too long' },
      { message: 'Something else' },
      { field: 'modelId', message: 'Too long' },
      { field: 'modelId', message: 'Not a model' },
    ]);
    expect([...grouped]).toEqual([
      ['modelId', ['Too long', 'Not a model']],
      ['enabled', ['Something else']],
    ]);
  });
});
