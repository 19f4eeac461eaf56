import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BLOCK_LIMITS } from '../../../../../adapters/slack/render/view-blocks.js';
import { settingsModal } from '../../../../../adapters/slack/channel-settings/settings-modal.js';
import { errorsByBlock } from '../../../../../adapters/slack/channel-settings/settings-submission.js';
import { slackSummary } from '../../../../../adapters/slack/channel-settings/settings-summary.js';
import { SLACK_FORM } from '../../../../../adapters/slack/channel-settings/slack-form-dialect.js';
import { readSubmittedForm } from '../../../../../adapters/slack/channel-settings/submitted-form.js';
import { readSubmission } from '../../../../../adapters/teams/channel-settings/settings-card-actions.js';
import {
  settingsFormCard,
  storedSettingsView,
} from '../../../../../adapters/teams/channel-settings/settings-card.js';
import { TEAMS_FORM } from '../../../../../adapters/teams/channel-settings/teams-form-dialect.js';
import { FORM_FIELDS, type FormField } from '../../../../../src/admin/settings-form/form-fields.js';
import { formProblemsOf } from '../../../../../src/admin/settings-form/form-problems.js';
import { readSettingsForm } from '../../../../../src/admin/settings-form/form-reading.js';
import { filledForm } from '../../../../../src/admin/settings-form/form-values.js';
import {
  type ChannelSettings,
  defaultChannelSettings,
} from '../../../../../src/channels/channel-settings.js';
import { initialState, type OpenedView } from '../../../../support/slack-modal.js';
import { elementsOf, inputValues } from '../../../../support/teams/card-reading.js';

/*
 * Adding a setting to the forms is one entry in the form model: both platforms then draw it,
 * fill it from the stored settings, read it back from a submission, place its problems and
 * summarise it, with no change to their own code.
 */
const ANSWER_LANGUAGE: FormField = {
  name: 'answerLanguage',
  section: 'answering',
  label: 'Answer language',
  help: 'A language tag such as fr or de. Empty: the language of the question.',
  kind: { type: 'text', maxLength: 16 },
  path: 'answerLanguage',
  summary: (settings) => {
    const language = (settings as ChannelSettings & { answerLanguage?: string }).answerLanguage;
    return language !== undefined ? `answers in ${language}` : undefined;
  },
};

// A setting the schema does not know yet: this checks the forms, not the schema.
const settings = { ...defaultChannelSettings(), answerLanguage: 'fr' } as ChannelSettings;
const channel = { platform: 'slack' as const, tenantId: 'T0ACME', channelId: 'C0IT' };

describe('a setting added to the form model', () => {
  beforeEach(() => {
    (FORM_FIELDS as FormField[]).push(ANSWER_LANGUAGE);
  });
  afterEach(() => {
    (FORM_FIELDS as FormField[]).pop();
  });

  it('is drawn in the Slack modal, filled, and read back from its submission', () => {
    const view = settingsModal({
      editable: { channel, settings, configured: true, version: 3 },
      form: filledForm(settings, SLACK_FORM, BLOCK_LIMITS.textBox),
      dialect: SLACK_FORM,
      metadata: 'signed',
      catalogue: [],
      groupLabel: (id) => id,
    });
    // In its section, after the inputs already there and before the next section.
    const blocks = view.blocks as unknown as {
      type: string;
      block_id?: string;
      text?: { text: string };
    }[];
    const names = blocks.map((block) =>
      block.type === 'header' ? (block.text?.text ?? '') : (block.block_id ?? ''),
    );
    expect(names.slice(names.indexOf('Answering'), names.indexOf('Knowledge'))).toEqual([
      'Answering',
      'settings_enabled',
      'settings_replyMode',
      'settings_answerLanguage',
    ]);
    const block = view.blocks.find((candidate) => candidate.block_id === 'settings_answerLanguage');
    expect(block).toMatchObject({
      type: 'input',
      label: { text: 'Answer language' },
      element: { type: 'plain_text_input', initial_value: 'fr', max_length: 16 },
      hint: { text: ANSWER_LANGUAGE.help },
    });
    const opened: OpenedView = {
      view: view as unknown as Record<string, unknown>,
      blocks: view.blocks as unknown as Record<string, unknown>[],
      privateMetadata: 'signed',
    };
    const submitted = readSubmittedForm(initialState(opened));
    expect(submitted?.answerLanguage).toBe('fr');
    expect(readSettingsForm(submitted ?? {}, SLACK_FORM).settings).toMatchObject({ answerLanguage: 'fr' });
  });

  it('is drawn in the Teams card, filled, and read back from its submission', () => {
    const card = settingsFormCard({
      ...storedSettingsView({ channel, settings, configured: false, version: 3 }),
      place: 'this channel',
    }) as { body: unknown[] };
    expect(elementsOf(card).find((element) => element.id === 'answerLanguage')).toMatchObject({
      type: 'Input.Text',
      label: 'Answer language',
      value: 'fr',
    });
    const submission = readSubmission({ ...inputValues(card), version: 3 });
    expect(submission?.values.answerLanguage).toBe('fr');
    expect(readSettingsForm(submission?.values ?? {}, TEAMS_FORM).settings).toMatchObject({
      answerLanguage: 'fr',
    });
  });

  it('has its problems shown under it and its value in the summary', () => {
    const reading = readSettingsForm(filledForm(settings, TEAMS_FORM).values, TEAMS_FORM);
    const refused = [
      { path: 'answerLanguage', setting: 'answerLanguage', message: 'must be a language tag' },
    ];
    expect(formProblemsOf(refused, reading, TEAMS_FORM)).toEqual([
      { field: 'answerLanguage', message: 'Must be a language tag' },
    ]);
    expect(errorsByBlock(formProblemsOf(refused, reading, SLACK_FORM))).toEqual({
      settings_answerLanguage: 'Must be a language tag.',
    });
    expect(slackSummary(settings)).toContain('answers in fr');
  });
});
