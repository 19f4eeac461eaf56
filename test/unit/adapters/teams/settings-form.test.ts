import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../../../src/admin/field-errors.js';
import {
  type ChannelSettings,
  channelSettingsSchema,
  defaultChannelSettings,
} from '../../../../src/channels/channel-settings.js';
import {
  formatActionLines as formatLines,
  parseActionLines as parseLines,
} from '../../../../src/admin/action-lines.js';
import { FORM_FIELDS, type FormValues } from '../../../../src/admin/settings-form/form-fields.js';
import { formProblemsOf } from '../../../../src/admin/settings-form/form-problems.js';
import { readSettingsForm } from '../../../../src/admin/settings-form/form-reading.js';
import { filledForm } from '../../../../src/admin/settings-form/form-values.js';
import { TEAMS_FORM } from '../../../../adapters/teams/channel-settings/teams-form-dialect.js';
import {
  readSubmission,
  settingsFormCard,
  storedSettingsView,
} from '../../../../adapters/teams/channel-settings/settings-card.js';
import { elementsOf, inputValues } from '../../../support/teams/card-reading.js';

const FORM_INPUTS = FORM_FIELDS.map((field) => field.name);
const settingsFromForm = (values: FormValues) => readSettingsForm(values, TEAMS_FORM);
const formValuesOf = (settings: ChannelSettings) => filledForm(settings, TEAMS_FORM).values;
const parseActionLines = (text: string) => parseLines(text, TEAMS_FORM.actionLines);
const formatActionLines = (actions: ChannelSettings['actions']) =>
  formatLines(actions, TEAMS_FORM.actionLines);

const ANN = '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61';
const BO = '9e2b1c7d-5a4f-4e3b-a6c8-0d1f2e3a4b5c';

/** Every setting in use, so a round trip through the form has something to lose. */
const everything: ChannelSettings = channelSettingsSchema.parse({
  enabled: false,
  replyMode: 'all',
  knowledge: {
    kind: 'bedrock',
    knowledgeBaseId: 'KB12AB34CD',
    filter: {
      andAll: [{ equals: { key: 'department', value: 'hr' } }, { in: { key: 'region', value: ['eu'] } }],
    },
    numberOfResults: 12,
    searchType: 'SEMANTIC',
  },
  modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  guardrail: { id: 'gr-7f3a', version: 'DRAFT' },
  persona: 'Answer for new starters.\nKeep it short.',
  actions: [
    {
      actionId: 'reset-mfa',
      approvers: { users: [ANN, BO], groups: ['S0SEC'] },
      quorum: 2,
      expiryHours: 1.5,
    },
    { actionId: 'restart-vpn', approvers: { users: [], groups: [] } },
    { actionId: 'unlock-account', approvers: { users: [], groups: ['S0HELP'] }, expiryHours: 48 },
    { actionId: 'open-ticket', quorum: 0 },
  ],
  approvers: { users: [ANN], groups: ['S0IT'] },
  approversChannelId: '19:approvers@thread.tacv2',
  retentionDays: 30,
  access: { mode: 'listed', users: [ANN, BO], groups: ['S0HR'] },
  userMessagesPerMinute: 6,
});

function roundTrip(settings: ChannelSettings) {
  const reading = settingsFromForm(formValuesOf(settings));
  expect(reading.problems).toEqual([]);
  return channelSettingsSchema.parse(reading.settings);
}

function values(overrides: Readonly<Record<string, string | undefined>> = {}): FormValues {
  const typed: Record<string, string> = {};
  for (const [name, value] of Object.entries(overrides)) {
    if (value !== undefined) {
      typed[name] = value;
    }
  }
  return { ...formValuesOf(defaultChannelSettings()), ...typed };
}

describe('the Teams settings form', () => {
  it('gives back exactly the settings it was filled with, every setting in use or none', () => {
    expect(roundTrip(everything)).toEqual(everything);
    expect(roundTrip(defaultChannelSettings())).toEqual(defaultChannelSettings());
    const local = channelSettingsSchema.parse({ knowledge: { kind: 'local', collection: 'hr-policies' } });
    expect(roundTrip(local)).toEqual(local);
  });

  it('reads only the boxes of the chosen knowledge source', () => {
    const typedBefore = { knowledgeBaseId: 'KB12AB34CD', knowledgeFilter: '{}', knowledgeCollection: 'hr' };
    expect(settingsFromForm(values({ ...typedBefore, knowledgeKind: 'default' })).settings.knowledge).toEqual(
      {
        kind: 'default',
      },
    );
    expect(settingsFromForm(values({ ...typedBefore, knowledgeKind: 'local' })).settings.knowledge).toEqual({
      kind: 'local',
      collection: 'hr',
    });
    expect(settingsFromForm(values({ ...typedBefore, knowledgeKind: 'bedrock' })).settings.knowledge).toEqual(
      {
        kind: 'bedrock',
        knowledgeBaseId: 'KB12AB34CD',
        filter: {},
      },
    );
  });

  it('ignores listed people while access is open to everyone, and takes ids however they are separated', () => {
    expect(settingsFromForm(values({ accessMode: 'everyone', accessUsers: ANN })).settings.access).toEqual({
      mode: 'everyone',
    });
    expect(
      settingsFromForm(values({ accessMode: 'listed', accessUsers: ` ${ANN},${BO}; ${ANN}\n29:x ` })).settings
        .access,
    ).toEqual({ mode: 'listed', users: [ANN, BO, '29:x'], groups: [] });
  });

  it('never lets a form with text it could not read pass the settings schema', () => {
    for (const unreadable of [
      { knowledgeKind: 'bedrock', knowledgeBaseId: 'KB12AB34CD', knowledgeFilter: '{not json' },
      { actions: 'restart-vpn\nreset mfa' },
      { actions: 'restart-vpn | owner: bo' },
      { actions: 'restart-vpn | expires: tomorrow' },
      { actions: 'restart-vpn | quorum: 1 | quorum: 2' },
    ]) {
      const reading = settingsFromForm(values(unreadable));
      expect(reading.problems.length).toBeGreaterThan(0);
      expect(channelSettingsSchema.safeParse(reading.settings).success).toBe(false);
    }
  });

  describe('allowed actions, one per line', () => {
    it('reads ids, approvers, groups, quorum and expiry in hours or days, skipping blank lines', () => {
      const parsed = parseActionLines(
        `reset-mfa | approvers: ${ANN}, ${BO} | groups: S0SEC | quorum: 2 | expires: 2d\n\n  restart-vpn  \nunlock | EXPIRES: 36`,
      );
      expect(parsed.problems).toEqual([]);
      expect(parsed.lineOf).toEqual([1, 3, 4]);
      expect(parsed.actions).toEqual([
        {
          actionId: 'reset-mfa',
          approvers: { users: [ANN, BO], groups: ['S0SEC'] },
          quorum: 2,
          expiryHours: 48,
        },
        { actionId: 'restart-vpn' },
        { actionId: 'unlock', expiryHours: 36 },
      ]);
    });

    it('names the line and what is wrong with it', () => {
      expect(
        parseActionLines(
          'ok\nreset mfa\nb | owner: bo\nc | quorum: 1 | quorum: 2\nd | expires: soon\n| quorum: 2',
        ).problems,
      ).toEqual([
        'Line 2: start with the action id (no spaces), then options separated by |',
        'Line 3: “owner: bo” is not an option; write approvers:, groups:, quorum: or expires: followed by a value',
        'Line 4: quorum is given twice',
        'Line 5: expires “soon” must be a number of hours or days, such as 24h or 2d',
        'Line 6: start with the action id (no spaces), then options separated by |',
      ]);
    });

    it('writes what it reads', () => {
      const text = formatActionLines(everything.actions);
      expect(text.split('\n')).toEqual([
        `reset-mfa | approvers: ${ANN}, ${BO} | groups: S0SEC | quorum: 2 | expires: 1.5h`,
        'restart-vpn | approvers:',
        'unlock-account | approvers: | groups: S0HELP | expires: 48h',
        'open-ticket | quorum: 0',
      ]);
      expect(channelSettingsSchema.shape.actions.parse(parseActionLines(text).actions)).toEqual(
        everything.actions,
      );
    });
  });

  describe('placing the schema’s problems next to their inputs', () => {
    function problemsFor(overrides: Readonly<Record<string, string>>) {
      const reading = settingsFromForm(values(overrides));
      const parsed = channelSettingsSchema.safeParse(reading.settings);
      expect(parsed.success).toBe(false);
      return parsed.success ? [] : formProblemsOf(fieldErrorsOf(parsed.error), reading, TEAMS_FORM);
    }

    it('names the id an approver or access list got wrong', () => {
      expect(problemsFor({ approverUsers: `${ANN}, bad id!`, approverGroups: 'S0 ok, gr@up!' })).toEqual([
        { field: 'approverUsers', message: '“id!” must be a platform id (letters, digits, _ . : @ -)' },
        { field: 'approverGroups', message: '“gr@up!” must be a platform id (letters, digits, _ . : @ -)' },
      ]);
    });

    it('names the line and the option of an action', () => {
      expect(
        problemsFor({
          actions: `restart-vpn\nRESET | groups: ok, no!\nunlock | expires: 9000h | quorum: 11`,
        }),
      ).toEqual([
        {
          field: 'actions',
          message:
            'Line 2 (RESET): the action id must be lower-case letters, digits, _ or -, at most 64 characters',
        },
        {
          field: 'actions',
          message: 'Line 2 (RESET): group “no!” must be a platform id (letters, digits, _ . : @ -)',
        },
        { field: 'actions', message: 'Line 3 (unlock): quorum must be at most 10' },
        { field: 'actions', message: 'Line 3 (unlock): expires must be at most 720' },
      ]);
    });

    it('puts knowledge, guardrail and number problems under their own boxes', () => {
      const problems = problemsFor({
        knowledgeKind: 'bedrock',
        knowledgeBaseId: '',
        knowledgeResults: '0',
        guardrailVersion: '3',
        userMessagesPerMinute: 'ten',
        enabled: 'maybe',
      });
      expect(problems).toEqual(
        expect.arrayContaining([
          { field: 'knowledgeBaseId', message: 'Must be a 10-character Bedrock knowledge base id' },
          { field: 'knowledgeResults', message: 'Must be at least 1' },
          { field: 'guardrailId', message: 'Must not be empty' },
          { field: 'userMessagesPerMinute', message: 'Must be a number' },
          { field: 'enabled', message: 'Must be true or false' },
        ]),
      );
      expect(problems).toHaveLength(5);
    });

    it('keeps what reading a box found over the schema’s view of the same box', () => {
      expect(
        problemsFor({ knowledgeKind: 'bedrock', knowledgeBaseId: 'KB12AB34CD', knowledgeFilter: '[1' }),
      ).toEqual([
        {
          field: 'knowledgeFilter',
          message: 'Must be JSON, such as {"equals": {"key": "department", "value": "hr"}}',
        },
      ]);
    });
  });

  describe('reading a submission', () => {
    // As the card submits them: every input as text.
    const asTyped = Object.entries(values()).map(
      ([name, value]) => [name, typeof value === 'string' ? value : value.join(', ')] as const,
    );
    const submitted: Record<string, unknown> = { ...Object.fromEntries(asTyped), version: 3 };

    it('takes the inputs and the version, and nothing else', () => {
      const reading = readSubmission({ ...submitted, channelId: '19:elsewhere', knowledgeResults: 8 });
      expect(reading?.version).toBe(3);
      expect(reading?.values.knowledgeResults).toBe('8');
      expect(Object.keys(reading?.values ?? {}).sort()).toEqual([...FORM_INPUTS].sort());
    });

    it('treats an input a client left out as empty, but refuses a form without its toggles and choices', () => {
      const { persona: _persona, ...withoutPersona } = submitted;
      expect(readSubmission(withoutPersona)?.values.persona).toBe('');
      const { enabled: _enabled, ...withoutEnabled } = submitted;
      expect(readSubmission(withoutEnabled)).toBeUndefined();
      const { version: _version, ...withoutVersion } = submitted;
      expect(readSubmission(withoutVersion)).toBeUndefined();
      expect(readSubmission({ ...submitted, version: -1 })).toBeUndefined();
      expect(readSubmission({ ...submitted, persona: { nested: true } })).toBeUndefined();
      expect(readSubmission('enabled=true')).toBeUndefined();
    });
  });

  describe('the card', () => {
    const editable = {
      channel: { platform: 'teams', tenantId: 't', channelId: 'c' },
      configured: true,
    } as const;

    it('has each input once, filled, and refreshes for the admin viewing it', () => {
      const card = settingsFormCard({
        ...storedSettingsView({
          ...editable,
          settings: everything,
          version: 4,
          updatedAt: new Date('2026-11-03T10:15:27.112Z'),
          updatedBy: { kind: 'user', platform: 'teams', id: ANN },
        }),
        place: 'this channel',
        viewer: '29:ann',
      }) as { body: unknown[]; refresh?: { userIds: string[] } };

      const ids = elementsOf(card)
        .filter((element) => String(element.type).startsWith('Input.'))
        .map((element) => element.id);
      expect(ids.sort()).toEqual([...FORM_INPUTS].sort());
      expect(inputValues(card)).toMatchObject({
        replyMode: 'all',
        knowledgeResults: '12',
        retentionDays: '30',
      });
      expect(card.refresh?.userIds).toEqual(['29:ann']);
      expect(JSON.stringify(card)).toContain(
        `Version 4, last changed on {{DATE(2026-11-03T10:15:27Z, SHORT)}} at {{TIME(2026-11-03T10:15:27Z)}} by Teams user ${ANN}.`,
      );
    });

    it('says where to change settings too large for a Teams message instead of sending one', () => {
      const huge = channelSettingsSchema.parse({
        access: { mode: 'listed', users: Array.from({ length: 500 }, (_, i) => `29:${'x'.repeat(60)}${i}`) },
      });
      const card = settingsFormCard({
        ...storedSettingsView({ ...editable, settings: huge, version: 1 }),
        place: 'this chat',
      });
      expect(
        elementsOf(card as { body: unknown[] }).some((element) => String(element.type).startsWith('Input.')),
      ).toBe(false);
      expect(JSON.stringify(card)).toMatch(
        /too large to edit in a Teams card[\s\S]*admin API or with config export/,
      );
    });
  });
});
