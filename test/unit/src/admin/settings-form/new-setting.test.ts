import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BLOCK_LIMITS } from '../../../../../adapters/slack/render/view-blocks.js';
import {
  readSubmittedForm,
  settingsModal,
} from '../../../../../adapters/slack/channel-settings/settings-modal.js';
import { errorsByBlock } from '../../../../../adapters/slack/channel-settings/settings-submission.js';
import { slackSummary } from '../../../../../adapters/slack/render/settings-summary.js';
import { SLACK_FORM } from '../../../../../adapters/slack/channel-settings/slack-form-dialect.js';
import {
  readSubmission,
  settingsFormCard,
  storedSettingsView,
} from '../../../../../adapters/teams/channel-settings/settings-card.js';
import { TEAMS_FORM } from '../../../../../adapters/teams/channel-settings/teams-form-dialect.js';
import {
  field,
  FORM_FIELDS,
  type FormField,
  kind,
} from '../../../../../src/admin/settings-form/form-fields.js';
import { formProblemsOf } from '../../../../../src/admin/settings-form/form-problems.js';
import { readSettingsForm } from '../../../../../src/admin/settings-form/form-reading.js';
import { filledForm } from '../../../../../src/admin/settings-form/form-values.js';
import {
  type ChannelSettings,
  defaultChannelSettings,
} from '../../../../../src/channels/channel-settings.js';
import { edited, initialState, type OpenedView, typed } from '../../../../support/slack-modal.js';
import { elementsOf, inputValues } from '../../../../support/teams/card-reading.js';

/*
 * Adding a setting to the forms is one entry in the form model, declared by its kind: both
 * platforms then draw it, fill it from the stored settings, read it back from a submission,
 * place its problems and summarise it, with no change to their own code.
 */
const ANSWER_LANGUAGE = field('answering', 'answerLanguage', 'Answer language', kind.text(16), {
  path: 'answer.language',
  help: 'A language tag such as fr or de. Empty: the language of the question.',
  summary: (settings) => {
    const language = answerOf(settings)?.language;
    return language !== undefined ? `answers in ${language}` : undefined;
  },
});
const ANSWER_LENGTH = field(
  'answering',
  'answerLength',
  'Answer length',
  kind.menu(['usual', 'As usual'], ['short', 'Short'], ['long', 'Detailed']),
  { path: 'answer.length' },
);
const NEW_FIELDS = [ANSWER_LANGUAGE, ANSWER_LENGTH];

const answerOf = (settings: ChannelSettings) =>
  (settings as ChannelSettings & { answer?: { language?: string; length?: string } }).answer;

// Settings the schema does not know yet: this checks the forms, not the schema.
const settings = {
  ...defaultChannelSettings(),
  answer: { language: 'fr', length: 'short' },
} as ChannelSettings;
const channel = { platform: 'slack' as const, tenantId: 'T0ACME', channelId: 'C0IT' };

describe('settings added to the form model', () => {
  beforeEach(() => {
    (FORM_FIELDS as FormField[]).push(...NEW_FIELDS);
  });
  afterEach(() => {
    (FORM_FIELDS as FormField[]).splice(-NEW_FIELDS.length);
  });

  it('are drawn in the Slack modal by their kind, filled, and read back from its submission', () => {
    const view = settingsModal({
      editable: { channel, settings, configured: true, version: 3 },
      form: filledForm(settings, SLACK_FORM, BLOCK_LIMITS.textBox),
        metadata: 'signed',
      catalogue: [],
      groupLabel: (id) => id,
    });
    // In their section, after the inputs already there and before the next section.
    const blocks = view.blocks as unknown as { type: string; block_id?: string; text?: { text: string } }[];
    const names = blocks.map((block) =>
      block.type === 'header' ? (block.text?.text ?? '') : (block.block_id ?? ''),
    );
    expect(names.slice(names.indexOf('Answering'), names.indexOf('Knowledge'))).toEqual([
      'Answering',
      'settings_enabled',
      'settings_replyMode',
      'settings_answerLanguage',
      'settings_answerLength',
    ]);
    expect(view.blocks.find((block) => block.block_id === 'settings_answerLanguage')).toMatchObject({
      type: 'input',
      label: { text: 'Answer language' },
      element: { type: 'plain_text_input', initial_value: 'fr', max_length: 16 },
      hint: { text: ANSWER_LANGUAGE.help },
      optional: true,
    });
    expect(view.blocks.find((block) => block.block_id === 'settings_answerLength')).toMatchObject({
      type: 'input',
      label: { text: 'Answer length' },
      element: {
        type: 'static_select',
        options: [{ value: 'usual' }, { value: 'short' }, { value: 'long' }],
        initial_option: { value: 'short', text: { text: 'Short' } },
      },
      optional: true,
    });
    const opened: OpenedView = {
      view: view as unknown as Record<string, unknown>,
      blocks: view.blocks as unknown as Record<string, unknown>[],
      privateMetadata: 'signed',
    };
    const untouched = readSubmittedForm(initialState(opened));
    expect(readSettingsForm(untouched ?? {}, SLACK_FORM).settings).toMatchObject({
      answer: { language: 'fr', length: 'short' },
    });
    const changed = readSubmittedForm(
      edited(initialState(opened), {
        answerLanguage: typed.text('de'),
        answerLength: typed.choice('usual', 'static_select'),
      }),
    );
    // The menu's first choice leaves the setting unset.
    expect(readSettingsForm(changed ?? {}, SLACK_FORM).settings).toMatchObject({
      answer: { language: 'de' },
    });
    expect(readSettingsForm(changed ?? {}, SLACK_FORM).settings.answer).toEqual({ language: 'de' });
  });

  it('are drawn in the Teams card by their kind, filled, and read back from its submission', () => {
    const card = settingsFormCard({
      ...storedSettingsView({ channel, settings, configured: false, version: 3 }),
      place: 'this channel',
    }) as { body: unknown[] };
    const elements = elementsOf(card);
    expect(elements.find((element) => element.id === 'answerLanguage')).toMatchObject({
      type: 'Input.Text',
      label: 'Answer language',
      value: 'fr',
      maxLength: 16,
    });
    expect(elements.find((element) => element.id === 'answerLength')).toMatchObject({
      type: 'Input.ChoiceSet',
      label: 'Answer length',
      value: 'short',
      style: 'compact',
      choices: [
        { title: 'As usual', value: 'usual' },
        { title: 'Short', value: 'short' },
        { title: 'Detailed', value: 'long' },
      ],
    });
    const submission = readSubmission({ ...inputValues(card), version: 3 });
    expect(readSettingsForm(submission?.values ?? {}, TEAMS_FORM).settings).toMatchObject({
      answer: { language: 'fr', length: 'short' },
    });
    const changed = readSubmission({
      ...inputValues(card),
      answerLanguage: '',
      answerLength: 'long',
      version: 3,
    });
    expect(readSettingsForm(changed?.values ?? {}, TEAMS_FORM).settings.answer).toEqual({ length: 'long' });
  });

  it('have their problems shown under them and their values in the summary', () => {
    const reading = readSettingsForm(filledForm(settings, TEAMS_FORM).values, TEAMS_FORM);
    const refused = [
      { path: 'answer.language', setting: 'answer', message: 'must be a language tag' },
      { path: 'answer.length', setting: 'answer', message: 'must be one of usual, short, long' },
    ];
    expect(formProblemsOf(refused, reading, TEAMS_FORM)).toEqual([
      { field: 'answerLanguage', message: 'Must be a language tag' },
      { field: 'answerLength', message: 'Must be one of usual, short, long' },
    ]);
    expect(errorsByBlock(formProblemsOf(refused, reading, SLACK_FORM))).toEqual({
      settings_answerLanguage: 'Must be a language tag.',
      settings_answerLength: 'Must be one of usual, short, long.',
    });
    expect(slackSummary(settings)).toContain('answers in fr');
  });
});
