import type { ChannelSettings } from '../../channels/channel-settings.js';

/*
 * The channel settings form, once for every chat platform: each input with its label, help, kind
 * and place in the settings, and the sections they are grouped in. The Slack modal and the Teams
 * card only draw these fields by their kind and hand back what was typed; reading, checking,
 * placing problems and summarising are done here. A new setting is one more entry in FORM_FIELDS.
 */

export type FormSection =
  'answering' | 'knowledge' | 'model' | 'actions' | 'access' | 'privacy' | 'history' | 'spending';

/** The sections in the order they are shown; a note is shown under a section's first input. */
export const FORM_SECTIONS: Readonly<
  Record<FormSection, { readonly title: string; readonly note?: string }>
> = {
  answering: { title: 'Answering' },
  knowledge: {
    title: 'Knowledge',
    note: 'Fill in the boxes of the source chosen above; the others are ignored.',
  },
  model: { title: 'Model' },
  actions: { title: 'Actions and approvals' },
  access: { title: 'Who can use Steward here' },
  privacy: { title: 'Personal data' },
  history: { title: 'History' },
  spending: {
    title: 'Spending',
    note: 'Budgets count the model’s tokens and cost this calendar month (UTC).',
  },
};

export interface FormChoice {
  readonly value: string;
  readonly text: string;
  readonly description?: string;
}

/**
 * How an input is drawn and how its value is read. `people`, `groups` and `channel` hold ids (a
 * platform picks them from lists or has them typed); `actions` is the allowed-action lines.
 */
export type FieldKind =
  /** On or off (`true`/`false`); `title` says what on means. */
  | { readonly type: 'switch'; readonly title: string }
  | {
      readonly type: 'choice';
      readonly choices: readonly FormChoice[];
      /** Radio buttons rather than a menu. */
      readonly expanded: boolean;
      /** The choice that leaves the setting unset (its default). */
      readonly unset?: string;
    }
  | { readonly type: 'text'; readonly maxLength: number; readonly multiline?: boolean }
  /** `decimals`: amounts such as dollars; whole numbers otherwise. */
  | { readonly type: 'number'; readonly min: number; readonly max: number; readonly decimals?: boolean }
  | { readonly type: 'json' }
  | { readonly type: 'people' }
  | { readonly type: 'groups' }
  | { readonly type: 'channel' }
  | { readonly type: 'actions' };

/** What was typed or picked: text, or the ids a picker gives. */
export type FormValue = string | readonly string[];
export type FormValues = Readonly<Record<string, FormValue>>;

export interface FormField {
  /** The input's id on every platform. */
  readonly name: string;
  readonly section: FormSection;
  readonly label: string;
  readonly help?: string;
  readonly placeholder?: string;
  readonly kind: FieldKind;
  /** Where the value sits in the settings, dotted: `knowledge.collection`. */
  readonly path: string;
  /** Further paths whose problems are shown under this input (the object it belongs to). */
  readonly holds?: readonly string[];
  /** Always submitted and never empty (choices and switches). */
  readonly required?: boolean;
  /** Written even when empty, so the settings schema names what is missing. */
  readonly alwaysSet?: boolean;
  /** Counts only when this holds of the submitted values (the boxes of the chosen source). */
  readonly when?: (values: FormValues) => boolean;
  /** A short phrase for a summary of the settings, when this field's setting is not its default. */
  readonly summary?: (settings: ChannelSettings, markup: SummaryMarkup) => string | undefined;
}

/** How a platform marks up a summary: code spans and channel references. */
export interface SummaryMarkup {
  readonly code: (text: string) => string;
  readonly strong: (text: string) => string;
  /** Text shown as it is (escaped where the markup would read it). */
  readonly plain: (text: string) => string;
  readonly channel: (channelId: string) => string;
  /** A person of this platform as it shows them (a mention); others are named by platform and id. */
  readonly person?: (userId: string) => string;
}

/* Declaring a field: its kind, then what only some fields have. */

type FieldOptions = Partial<
  Pick<FormField, 'help' | 'placeholder' | 'path' | 'holds' | 'alwaysSet' | 'when' | 'summary'>
>;
type Choice = readonly [value: string, text: string, description?: string];

/**
 * One input of a section; its settings path is its name unless given. A switch, and a choice
 * without an unset choice, is always submitted; picked lists and action lines are always written.
 */
export function field(
  section: FormSection,
  name: string,
  label: string,
  kind: FieldKind,
  options: FieldOptions = {},
): FormField {
  const required = kind.type === 'switch' || (kind.type === 'choice' && kind.unset === undefined);
  const listed = kind.type === 'people' || kind.type === 'groups' || kind.type === 'actions';
  return {
    name,
    section,
    label,
    kind,
    path: name,
    ...(required ? { required } : {}),
    ...(listed ? { alwaysSet: true } : {}),
    ...options,
  };
}

const choicesOf = (choices: readonly Choice[]): FormChoice[] =>
  choices.map(([value, text, description]) => ({ value, text, ...(description ? { description } : {}) }));

/** The kinds of input, as declared in FORM_FIELDS. */
export const kind = {
  switch: (title: string): FieldKind => ({ type: 'switch', title }),
  radio: (...choices: Choice[]): FieldKind => ({
    type: 'choice',
    expanded: true,
    choices: choicesOf(choices),
  }),
  /** A menu whose first choice leaves the setting unset. */
  menu: (...choices: [Choice, ...Choice[]]): FieldKind => ({
    type: 'choice',
    expanded: false,
    unset: choices[0][0],
    choices: choicesOf(choices),
  }),
  text: (maxLength: number, multiline?: 'multiline'): FieldKind => ({
    type: 'text',
    maxLength,
    ...(multiline ? { multiline: true } : {}),
  }),
  number: (min: number, max: number, decimals?: 'decimals'): FieldKind => ({
    type: 'number',
    min,
    max,
    ...(decimals ? { decimals: true } : {}),
  }),
  json: { type: 'json' },
  people: { type: 'people' },
  groups: { type: 'groups' },
  channel: { type: 'channel' },
  actions: { type: 'actions' },
} as const satisfies Record<string, FieldKind | ((...args: never[]) => FieldKind)>;

const countOf = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
const textOf = (value: FormValue | undefined): string => (typeof value === 'string' ? value : '');
const knowledgeIs = (source: string) => (values: FormValues) => textOf(values.knowledgeKind) === source;
const guardrailGiven = (values: FormValues) =>
  textOf(values.guardrailId).trim() !== '' || textOf(values.guardrailVersion).trim() !== '';
const listedAccess = (values: FormValues) => textOf(values.accessMode) === 'listed';
/** A phrase when the setting is set. */
const ifSet =
  <T>(
    read: (settings: ChannelSettings) => T | undefined,
    phrase: (value: T, markup: SummaryMarkup) => string,
  ) =>
  (settings: ChannelSettings, markup: SummaryMarkup): string | undefined => {
    const value = read(settings);
    return value === undefined ? undefined : phrase(value, markup);
  };

export const FORM_FIELDS: readonly FormField[] = [
  field('answering', 'enabled', 'Steward here', kind.switch('Answer here'), {
    help: 'Off: Steward answers nobody here (people can still ask it to forget their history).',
  }),
  field(
    'answering',
    'replyMode',
    'Answer',
    kind.radio(
      ['mentions', 'When mentioned', 'And follow-ups in threads Steward is part of'],
      ['all', 'Every message', 'Every message here, mentioned or not'],
    ),
    { summary: (settings) => (settings.replyMode === 'all' ? 'answers every message' : 'answers mentions') },
  ),
  field(
    'knowledge',
    'knowledgeKind',
    'Answer from',
    kind.radio(
      ['default', 'The service’s knowledge base'],
      ['local', 'A collection of the local knowledge folder'],
      ['bedrock', 'An Amazon Bedrock knowledge base'],
    ),
    { path: 'knowledge.kind', holds: ['knowledge'], summary: knowledgePhrase },
  ),
  field('knowledge', 'knowledgeCollection', 'Local collection', kind.text(64), {
    path: 'knowledge.collection',
    help: 'A sub-folder of the knowledge folder. Empty: the whole folder.',
    placeholder: 'hr-policies',
    when: knowledgeIs('local'),
  }),
  field('knowledge', 'knowledgeBaseId', 'Bedrock knowledge base id', kind.text(10), {
    path: 'knowledge.knowledgeBaseId',
    help: 'The 10-character id shown in the Amazon Bedrock console.',
    placeholder: 'ABCDE12345',
    alwaysSet: true,
    when: knowledgeIs('bedrock'),
  }),
  field('knowledge', 'knowledgeFilter', 'Bedrock metadata filter (JSON)', kind.json, {
    path: 'knowledge.filter',
    help: 'A Bedrock retrieval filter: only passages whose metadata match are used. Empty: no filter.',
    placeholder: '{"equals": {"key": "department", "value": "hr"}}',
    when: knowledgeIs('bedrock'),
  }),
  field('knowledge', 'knowledgeResults', 'Bedrock passages per question', kind.number(1, 100), {
    path: 'knowledge.numberOfResults',
    help: 'Empty: the service’s setting.',
    when: knowledgeIs('bedrock'),
  }),
  field(
    'knowledge',
    'knowledgeSearchType',
    'Bedrock search type',
    kind.menu(
      ['default', 'Let Bedrock choose'],
      ['HYBRID', 'Hybrid: words and meaning'],
      ['SEMANTIC', 'Semantic: meaning only'],
    ),
    { path: 'knowledge.searchType', when: knowledgeIs('bedrock') },
  ),
  field('model', 'modelId', 'Model id', kind.text(256), {
    help: 'A Bedrock model id or inference profile used here instead of the service’s model. Empty: the service’s model.',
    placeholder: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
    summary: ifSet(
      (settings) => settings.modelId,
      (id, markup) => `model ${markup.code(id)}`,
    ),
  }),
  field('model', 'guardrailId', 'Guardrail id', kind.text(64), {
    path: 'guardrail.id',
    holds: ['guardrail'],
    help: 'A Bedrock guardrail checking questions and answers here. Give its version too, or leave both empty.',
    alwaysSet: true,
    when: guardrailGiven,
    summary: ifSet(
      (settings) => settings.guardrail,
      ({ id, version }, markup) => `guardrail ${markup.code(id)} v${markup.plain(version)}`,
    ),
  }),
  field('model', 'guardrailVersion', 'Guardrail version', kind.text(16), {
    path: 'guardrail.version',
    placeholder: 'DRAFT or 1',
    alwaysSet: true,
    when: guardrailGiven,
  }),
  field('model', 'persona', 'Extra instructions', kind.text(2000, 'multiline'), {
    help: 'Tone and audience for answers here, such as “Answer for new starters, briefly.” Up to 2,000 characters; they never override Steward’s rules.',
    summary: ifSet(
      (settings) => settings.persona,
      () => 'extra instructions',
    ),
  }),
  field('actions', 'actions', 'Allowed actions', kind.actions, {
    help: 'Without approvers the channel’s approvers below decide; without quorum or expires the catalogue’s values apply. Empty: no actions here.',
    summary: ({ actions }, markup) =>
      actions.length > 0
        ? `actions ${actions.map((action) => markup.code(action.actionId)).join(', ')}`
        : undefined,
  }),
  field('actions', 'approverUsers', 'Approvers', kind.people, {
    path: 'approvers.users',
    holds: ['approvers'],
    help: 'Approve every allowed action that names no approvers of its own.',
    summary: ({ approvers }) => {
      const count = approvers.users.length + approvers.groups.length;
      return count > 0 ? countOf(count, 'approver', 'approvers') : undefined;
    },
  }),
  field('actions', 'approverGroups', 'Approver groups', kind.groups, {
    path: 'approvers.groups',
    help: 'Membership is checked when someone approves.',
  }),
  field('actions', 'approversChannel', 'Approvers’ channel', kind.channel, {
    path: 'approversChannelId',
    help: 'Approval cards are also posted there. Empty: only in the conversation that asked.',
    summary: ifSet(
      (settings) => settings.approversChannelId,
      (id, markup) => `approvals also in ${markup.channel(id)}`,
    ),
  }),
  field(
    'access',
    'accessMode',
    'Access',
    kind.radio(['everyone', 'Everyone in the conversation'], ['listed', 'Only the people and groups below']),
    {
      path: 'access.mode',
      holds: ['access'],
      summary: ({ access }) =>
        access.mode === 'listed'
          ? `only ${countOf(access.users.length, 'person', 'people')}${access.groups.length > 0 ? ` and ${countOf(access.groups.length, 'group', 'groups')}` : ''}`
          : undefined,
    },
  ),
  field('access', 'accessUsers', 'People', kind.people, { path: 'access.users', when: listedAccess }),
  field('access', 'accessGroups', 'Groups', kind.groups, { path: 'access.groups', when: listedAccess }),
  field('access', 'userMessagesPerMinute', 'Messages per person per minute', kind.number(1, 600), {
    help: 'More are refused with a short reply. Empty: no limit.',
    summary: ifSet(
      (settings) => settings.userMessagesPerMinute,
      (count) => `${count} messages a minute each`,
    ),
  }),
  field(
    'privacy',
    'personalData',
    'Personal data in questions',
    kind.radio(
      ['mask', 'Mask it', 'Left out before the model or the history see the question; the person is told'],
      ['refuse', 'Refuse the message', 'The person is asked to send it again without it'],
      ['off', 'Keep it as typed'],
    ),
    {
      help: 'Emails, phone and card numbers, bank accounts, identity numbers, birth dates, access keys and passwords.',
      summary: ({ personalData }) =>
        ({ refuse: 'refuses personal data', off: 'keeps personal data as typed', mask: undefined })[
          personalData
        ],
    },
  ),
  field('history', 'retentionDays', 'Keep conversation history (days)', kind.number(1, 3650), {
    help: 'Counted from the last message of a conversation. Empty: the service’s setting.',
    summary: ifSet(
      (settings) => settings.retentionDays,
      (days) => `history kept ${countOf(days, 'day', 'days')}`,
    ),
  }),
  field('spending', 'costCentre', 'Cost centre', kind.text(64), {
    help: 'Who pays for answers here: usage is reported, and budgeted, per cost centre. Empty: none.',
    placeholder: 'hr-emea',
    summary: ifSet(
      (settings) => settings.costCentre,
      (centre, markup) => `cost centre ${markup.code(centre)}`,
    ),
  }),
  field(
    'spending',
    'budgetMonthlyUsd',
    'Monthly budget (US dollars)',
    kind.number(0.01, 10_000_000, 'decimals'),
    {
      path: 'budget.monthlyUsd',
      holds: ['budget'],
      help: 'Empty: no dollar limit for this channel.',
      summary: ifSet(
        (settings) => settings.budget?.monthlyUsd,
        (usd) => `budget $${usd} a month`,
      ),
    },
  ),
  field('spending', 'budgetMonthlyTokens', 'Monthly budget (tokens)', kind.number(1, 1_000_000_000_000), {
    path: 'budget.monthlyTokens',
    help: 'Input and output tokens together. Empty: no token limit for this channel.',
    summary: ifSet(
      (settings) => settings.budget?.monthlyTokens,
      (tokens) => `budget ${tokens} tokens a month`,
    ),
  }),
  field(
    'spending',
    'budgetWhenExceeded',
    'When the budget is used up',
    kind.menu(
      ['refuse', 'Refuse politely until next month'],
      ['local', 'Quote the knowledge base without the model'],
    ),
    { path: 'budget.whenExceeded' },
  ),
];

function knowledgePhrase({ knowledge }: ChannelSettings, markup: SummaryMarkup): string {
  switch (knowledge.kind) {
    case 'default':
      return 'default knowledge';
    case 'local':
      return knowledge.collection !== undefined
        ? `local collection ${markup.code(knowledge.collection)}`
        : 'the whole local knowledge folder';
    case 'bedrock':
      return `Bedrock knowledge base ${markup.code(knowledge.knowledgeBaseId)}${knowledge.filter !== undefined ? ' (filtered)' : ''}`;
  }
}
