import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { BLOCK_LIMITS } from '../../../../../adapters/slack/render/view-blocks.js';
import {
  readSubmittedForm,
  settingsModal,
} from '../../../../../adapters/slack/channel-settings/settings-modal.js';
import { errorsByBlock } from '../../../../../adapters/slack/channel-settings/settings-submission.js';
import { SLACK_FORM } from '../../../../../adapters/slack/channel-settings/slack-form-dialect.js';
import { formProblemsOf } from '../../../../../src/admin/settings-form/form-problems.js';
import { type FormReading, readSettingsForm } from '../../../../../src/admin/settings-form/form-reading.js';
import {
  type FilledForm,
  filledForm,
  keptValues,
} from '../../../../../src/admin/settings-form/form-values.js';
import type { EditableChannelSettings } from '../../../../../src/admin/admin-use-cases.js';
import { type FieldError, fieldErrorsOf } from '../../../../../src/admin/field-errors.js';
import {
  type ChannelSettings,
  type ChannelSettingsInput,
  channelSettingsSchema,
} from '../../../../../src/channels/channel-settings.js';
import { edited, initialState, type OpenedView, typed } from '../../../../support/slack-modal.js';
import { viewProblems } from '../../../../support/slack-view-limits.js';

const channel = { platform: 'slack' as const, tenantId: 'T0ACME', channelId: 'C0IT' };

/** The modal's errors for what the settings schema refused of a reading. */
const errorsOf = (fields: readonly FieldError[], reading: FormReading) =>
  errorsByBlock(formProblemsOf(fields, reading, SLACK_FORM));

function modalFor(input: ChannelSettingsInput): {
  settings: ChannelSettings;
  form: FilledForm;
  view: ModalView;
  opened: OpenedView;
} {
  const settings = channelSettingsSchema.parse(input);
  const editable: EditableChannelSettings = { channel, settings, configured: false, version: 0 };
  const form = filledForm(settings, SLACK_FORM, BLOCK_LIMITS.textBox);
  const view = settingsModal({
    editable,
    form,
    metadata: 'signed',
    catalogue: [{ id: 'restart-service', title: 'Restart a service' }],
    groupLabel: (id) => `@${id.toLowerCase()}`,
  });
  const opened: OpenedView = {
    view: view as unknown as Record<string, unknown>,
    blocks: view.blocks as unknown as Record<string, unknown>[],
    privateMetadata: 'signed',
  };
  return { settings, form, view, opened };
}

/** What saving the form untouched would store. */
function roundTrip(opened: OpenedView, state = initialState(opened), kept: Record<string, unknown> = {}) {
  const form = readSubmittedForm(state);
  if (form === undefined) {
    throw new Error('the form could not be read');
  }
  const reading = readSettingsForm(form, SLACK_FORM, kept);
  return { reading, parsed: channelSettingsSchema.safeParse(reading.settings) };
}

const SETTINGS: readonly [string, ChannelSettingsInput][] = [
  ['the defaults', {}],
  ['a switched-off channel answering everything', { enabled: false, replyMode: 'all' }],
  ['a local collection', { knowledge: { kind: 'local', collection: 'hr-policies' } }],
  ['the whole local folder', { knowledge: { kind: 'local' } }],
  [
    'a filtered Bedrock knowledge base with a model, guardrail and persona',
    {
      knowledge: {
        kind: 'bedrock',
        knowledgeBaseId: 'KB12345678',
        filter: {
          andAll: [{ equals: { key: 'dept', value: 'hr' } }, { in: { key: 'region', value: ['eu', 'us'] } }],
        },
        numberOfResults: 12,
        searchType: 'SEMANTIC',
      },
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      guardrail: { id: 'gr-1', version: 'DRAFT' },
      persona: 'Answer for new starters.\nKeep it short.',
    },
  ],
  [
    'actions, approvers, listed access and limits',
    {
      actions: [
        {
          actionId: 'restart-service',
          approvers: { users: ['U0ANN'], groups: ['S0SRE'] },
          quorum: 2,
          expiryHours: 12,
        },
        { actionId: 'grant-access', approvers: { users: [], groups: [] } },
      ],
      approvers: { users: ['U0BOB', 'W0EVE'], groups: ['S0OPS'] },
      approversChannelId: 'C0APPROVALS',
      access: { mode: 'listed', users: ['U0ANN'], groups: ['S0HR'] },
      userMessagesPerMinute: 5,
      retentionDays: 7,
    },
  ],
];

describe('the Slack settings form', () => {
  it.each(SETTINGS)('shows %s so that saving it untouched stores the same settings', (_label, input) => {
    const { settings, view, opened } = modalFor(input);
    expect(viewProblems(view)).toEqual([]);
    const { reading, parsed } = roundTrip(opened);
    expect(reading.problems).toEqual([]);
    expect(parsed.success && parsed.data).toEqual(settings);
  });

  it('keeps a Bedrock filter too long for its box while the box stays empty, and replaces it when typed', () => {
    const filter = { in: { key: 'team', value: Array.from({ length: 400 }, (_, i) => `team-${i}`) } };
    const { settings, form, view, opened } = modalFor({
      knowledge: { kind: 'bedrock', knowledgeBaseId: 'KB12345678', filter },
    });
    expect(form.tooLong).toEqual(['knowledgeFilter']);
    const stored = keptValues(settings, form.tooLong);
    expect(viewProblems(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('longer than this box holds');

    const kept = roundTrip(opened, initialState(opened), stored);
    expect(kept.parsed.success && kept.parsed.data).toEqual(settings);
    const replaced = roundTrip(
      opened,
      edited(initialState(opened), { knowledgeFilter: typed.text('{"equals":{"key":"team","value":"a"}}') }),
      stored,
    );
    expect(replaced.parsed.success && replaced.parsed.data.knowledge).toMatchObject({
      filter: { equals: { key: 'team', value: 'a' } },
    });
  });

  it('ignores the boxes of the knowledge sources not chosen', () => {
    const { opened } = modalFor({});
    const { parsed } = roundTrip(
      opened,
      edited(initialState(opened), {
        knowledgeKind: typed.choice('local'),
        knowledgeBaseId: typed.text('KB12345678'),
        knowledgeFilter: typed.text('not json'),
        knowledgeResults: typed.number('3'),
      }),
    );
    expect(parsed.success && parsed.data.knowledge).toEqual({ kind: 'local' });
  });

  it('warns about stored values the pickers cannot show', () => {
    const { view } = modalFor({
      approvers: { users: ['U0ANN', 'ann@example.com'], groups: [] },
      approversChannelId: 'not-a-channel',
    });
    expect(JSON.stringify(view.blocks)).toContain(
      'removed when you save: `ann@example.com`, `not-a-channel`',
    );
  });

  it('refuses a submission that is not this form', () => {
    const { opened } = modalFor({});
    const state = initialState(opened);
    const { settings_persona: _persona, ...missing } = state;
    expect(readSubmittedForm(missing)).toBeUndefined();
    expect(
      readSubmittedForm(edited(state, { persona: { type: 'datepicker', selected_date: '2026-01-01' } })),
    ).toBeUndefined();
    expect(
      readSubmittedForm(
        edited(state, { approverUsers: { type: 'multi_users_select', selected_users: [1, 2] } }),
      ),
    ).toBeUndefined();
    expect(readSubmittedForm('values')).toBeUndefined();
  });
});

/** A form reading of these settings, its actions read from the given lines. */
function readingOf(settings: Record<string, unknown>, actionLines: number[]) {
  return { settings, problems: [], actionLines };
}

describe('problems shown next to their inputs', () => {
  it('places each schema problem under the input that holds the value, in plain words', () => {
    const candidate = {
      enabled: 'maybe',
      knowledge: { kind: 'bedrock', knowledgeBaseId: 'short', numberOfResults: 0 },
      guardrail: { id: 'gr-1', version: '' },
      actions: [{ actionId: 'grant-access' }, { actionId: 'restart-service', quorum: 12 }],
      approvers: { users: ['bad id!'], groups: [] },
      access: { mode: 'listed', users: [], groups: ['no spaces allowed'] },
      userMessagesPerMinute: 0,
    };
    const parsed = channelSettingsSchema.safeParse(candidate);
    expect(parsed.success).toBe(false);
    const errors = errorsOf(parsed.success ? [] : fieldErrorsOf(parsed.error), readingOf(candidate, [1, 3]));
    expect(errors).toEqual({
      settings_enabled: 'Must be true or false.',
      settings_knowledgeBaseId: 'Must be a 10-character Bedrock knowledge base id.',
      settings_knowledgeResults: 'Must be at least 1.',
      settings_guardrailVersion: 'Must not be empty.',
      settings_actions: 'Line 3: quorum must be at most 10.',
      settings_approverUsers: '“bad id!” must be a platform id (letters, digits, _ . : @ -).',
      settings_accessGroups: '“no spaces allowed” must be a platform id (letters, digits, _ . : @ -).',
      settings_userMessagesPerMinute: 'Must be at least 1.',
    });
  });

  it('names the line of an action listed twice', () => {
    const candidate = { actions: [{ actionId: 'grant-access' }, { actionId: 'grant-access' }] };
    const parsed = channelSettingsSchema.safeParse(candidate);
    expect(errorsOf(parsed.success ? [] : fieldErrorsOf(parsed.error), readingOf(candidate, [2, 5]))).toEqual(
      {
        settings_actions: 'Line 5: action grant-access is listed twice.',
      },
    );
  });

  it('keeps reading problems and puts a problem no input holds under the first one', () => {
    expect(
      errorsOf([{ path: '', setting: '', message: 'settings must be a JSON object' }], {
        settings: {},
        problems: [{ field: 'knowledgeFilter', message: 'Must be JSON.' }],
        actionLines: [],
      }),
    ).toEqual({
      settings_enabled: 'Settings must be a JSON object.',
      settings_knowledgeFilter: 'Must be JSON.',
    });
  });
});
