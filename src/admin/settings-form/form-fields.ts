import type { ChannelSettings } from '../../channels/channel-settings.js';

/*
 * The channel settings form, once for every chat platform: each input with its label, help, kind
 * and place in the settings, and the sections they are grouped in. The Slack modal and the Teams
 * card only draw these fields and hand back what was typed; reading, checking, placing problems
 * and summarising are done here. A new setting is one more entry in FORM_FIELDS.
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

const countOf = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

const textOf = (value: FormValue | undefined): string => (typeof value === 'string' ? value : '');
const knowledgeIs = (kind: string) => (values: FormValues) => textOf(values.knowledgeKind) === kind;
const guardrailGiven = (values: FormValues) =>
  textOf(values.guardrailId).trim() !== '' || textOf(values.guardrailVersion).trim() !== '';
const listedAccess = (values: FormValues) => textOf(values.accessMode) === 'listed';

export const FORM_FIELDS: readonly FormField[] = [
  {
    name: 'enabled',
    section: 'answering',
    label: 'Steward here',
    help: 'Off: Steward answers nobody here (people can still ask it to forget their history).',
    kind: { type: 'switch', title: 'Answer here' },
    path: 'enabled',
    required: true,
  },
  {
    name: 'replyMode',
    section: 'answering',
    label: 'Answer',
    kind: {
      type: 'choice',
      expanded: true,
      choices: [
        {
          value: 'mentions',
          text: 'When mentioned',
          description: 'And follow-ups in threads Steward is part of',
        },
        { value: 'all', text: 'Every message', description: 'Every message here, mentioned or not' },
      ],
    },
    path: 'replyMode',
    summary: (settings) => (settings.replyMode === 'all' ? 'answers every message' : 'answers mentions'),
    required: true,
  },
  {
    name: 'knowledgeKind',
    section: 'knowledge',
    label: 'Answer from',
    kind: {
      type: 'choice',
      expanded: true,
      choices: [
        { value: 'default', text: 'The service’s knowledge base' },
        { value: 'local', text: 'A collection of the local knowledge folder' },
        { value: 'bedrock', text: 'An Amazon Bedrock knowledge base' },
      ],
    },
    path: 'knowledge.kind',
    summary: knowledgePhrase,
    holds: ['knowledge'],
    required: true,
  },
  {
    name: 'knowledgeCollection',
    section: 'knowledge',
    label: 'Local collection',
    help: 'A sub-folder of the knowledge folder. Empty: the whole folder.',
    placeholder: 'hr-policies',
    kind: { type: 'text', maxLength: 64 },
    path: 'knowledge.collection',
    when: knowledgeIs('local'),
  },
  {
    name: 'knowledgeBaseId',
    section: 'knowledge',
    label: 'Bedrock knowledge base id',
    help: 'The 10-character id shown in the Amazon Bedrock console.',
    placeholder: 'ABCDE12345',
    kind: { type: 'text', maxLength: 10 },
    path: 'knowledge.knowledgeBaseId',
    alwaysSet: true,
    when: knowledgeIs('bedrock'),
  },
  {
    name: 'knowledgeFilter',
    section: 'knowledge',
    label: 'Bedrock metadata filter (JSON)',
    help: 'A Bedrock retrieval filter: only passages whose metadata match are used. Empty: no filter.',
    placeholder: '{"equals": {"key": "department", "value": "hr"}}',
    kind: { type: 'json' },
    path: 'knowledge.filter',
    when: knowledgeIs('bedrock'),
  },
  {
    name: 'knowledgeResults',
    section: 'knowledge',
    label: 'Bedrock passages per question',
    help: 'Empty: the service’s setting.',
    kind: { type: 'number', min: 1, max: 100 },
    path: 'knowledge.numberOfResults',
    when: knowledgeIs('bedrock'),
  },
  {
    name: 'knowledgeSearchType',
    section: 'knowledge',
    label: 'Bedrock search type',
    kind: {
      type: 'choice',
      expanded: false,
      unset: 'default',
      choices: [
        { value: 'default', text: 'Let Bedrock choose' },
        { value: 'HYBRID', text: 'Hybrid: words and meaning' },
        { value: 'SEMANTIC', text: 'Semantic: meaning only' },
      ],
    },
    path: 'knowledge.searchType',
    when: knowledgeIs('bedrock'),
  },
  {
    name: 'modelId',
    section: 'model',
    label: 'Model id',
    help: 'A Bedrock model id or inference profile used here instead of the service’s model. Empty: the service’s model.',
    placeholder: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
    kind: { type: 'text', maxLength: 256 },
    path: 'modelId',
    summary: (settings, markup) =>
      settings.modelId !== undefined ? `model ${markup.code(settings.modelId)}` : undefined,
  },
  {
    name: 'guardrailId',
    section: 'model',
    label: 'Guardrail id',
    help: 'A Bedrock guardrail checking questions and answers here. Give its version too, or leave both empty.',
    kind: { type: 'text', maxLength: 64 },
    path: 'guardrail.id',
    summary: ({ guardrail }, markup) =>
      guardrail !== undefined
        ? `guardrail ${markup.code(guardrail.id)} v${markup.plain(guardrail.version)}`
        : undefined,
    holds: ['guardrail'],
    alwaysSet: true,
    when: guardrailGiven,
  },
  {
    name: 'guardrailVersion',
    section: 'model',
    label: 'Guardrail version',
    placeholder: 'DRAFT or 1',
    kind: { type: 'text', maxLength: 16 },
    path: 'guardrail.version',
    alwaysSet: true,
    when: guardrailGiven,
  },
  {
    name: 'persona',
    section: 'model',
    label: 'Extra instructions',
    help: 'Tone and audience for answers here, such as “Answer for new starters, briefly.” Up to 2,000 characters; they never override Steward’s rules.',
    kind: { type: 'text', maxLength: 2000, multiline: true },
    path: 'persona',
    summary: (settings) => (settings.persona !== undefined ? 'extra instructions' : undefined),
  },
  {
    name: 'actions',
    section: 'actions',
    label: 'Allowed actions',
    help: 'Without approvers the channel’s approvers below decide; without quorum or expires the catalogue’s values apply. Empty: no actions here.',
    kind: { type: 'actions' },
    path: 'actions',
    summary: ({ actions }, markup) =>
      actions.length > 0
        ? `actions ${actions.map((action) => markup.code(action.actionId)).join(', ')}`
        : undefined,
    alwaysSet: true,
  },
  {
    name: 'approverUsers',
    section: 'actions',
    label: 'Approvers',
    help: 'Approve every allowed action that names no approvers of its own.',
    kind: { type: 'people' },
    path: 'approvers.users',
    summary: ({ approvers }) => {
      const count = approvers.users.length + approvers.groups.length;
      return count > 0 ? countOf(count, 'approver', 'approvers') : undefined;
    },
    holds: ['approvers'],
    alwaysSet: true,
  },
  {
    name: 'approverGroups',
    section: 'actions',
    label: 'Approver groups',
    help: 'Membership is checked when someone approves.',
    kind: { type: 'groups' },
    path: 'approvers.groups',
    alwaysSet: true,
  },
  {
    name: 'approversChannel',
    section: 'actions',
    label: 'Approvers’ channel',
    help: 'Approval cards are also posted there. Empty: only in the conversation that asked.',
    kind: { type: 'channel' },
    path: 'approversChannelId',
    summary: (settings, markup) =>
      settings.approversChannelId !== undefined
        ? `approvals also in ${markup.channel(settings.approversChannelId)}`
        : undefined,
  },
  {
    name: 'accessMode',
    section: 'access',
    label: 'Access',
    kind: {
      type: 'choice',
      expanded: true,
      choices: [
        { value: 'everyone', text: 'Everyone in the conversation' },
        { value: 'listed', text: 'Only the people and groups below' },
      ],
    },
    path: 'access.mode',
    summary: ({ access }) =>
      access.mode === 'listed'
        ? `only ${countOf(access.users.length, 'person', 'people')}${access.groups.length > 0 ? ` and ${countOf(access.groups.length, 'group', 'groups')}` : ''}`
        : undefined,
    holds: ['access'],
    required: true,
  },
  {
    name: 'accessUsers',
    section: 'access',
    label: 'People',
    kind: { type: 'people' },
    path: 'access.users',
    alwaysSet: true,
    when: listedAccess,
  },
  {
    name: 'accessGroups',
    section: 'access',
    label: 'Groups',
    kind: { type: 'groups' },
    path: 'access.groups',
    alwaysSet: true,
    when: listedAccess,
  },
  {
    name: 'userMessagesPerMinute',
    section: 'access',
    label: 'Messages per person per minute',
    help: 'More are refused with a short reply. Empty: no limit.',
    kind: { type: 'number', min: 1, max: 600 },
    path: 'userMessagesPerMinute',
    summary: (settings) =>
      settings.userMessagesPerMinute !== undefined
        ? `${settings.userMessagesPerMinute} messages a minute each`
        : undefined,
  },
  {
    name: 'personalData',
    section: 'privacy',
    label: 'Personal data in questions',
    help: 'Emails, phone and card numbers, bank accounts, identity numbers, birth dates, access keys and passwords.',
    kind: {
      type: 'choice',
      expanded: true,
      choices: [
        {
          value: 'mask',
          text: 'Mask it',
          description: 'Left out before the model or the history see the question; the person is told',
        },
        {
          value: 'refuse',
          text: 'Refuse the message',
          description: 'The person is asked to send it again without it',
        },
        { value: 'off', text: 'Keep it as typed' },
      ],
    },
    path: 'personalData',
    summary: ({ personalData }) =>
      personalData === 'refuse'
        ? 'refuses personal data'
        : personalData === 'off'
          ? 'keeps personal data as typed'
          : undefined,
    required: true,
  },
  {
    name: 'retentionDays',
    section: 'history',
    label: 'Keep conversation history (days)',
    help: 'Counted from the last message of a conversation. Empty: the service’s setting.',
    kind: { type: 'number', min: 1, max: 3650 },
    path: 'retentionDays',
    summary: (settings) =>
      settings.retentionDays !== undefined
        ? `history kept ${countOf(settings.retentionDays, 'day', 'days')}`
        : undefined,
  },
  {
    name: 'costCentre',
    section: 'spending',
    label: 'Cost centre',
    help: 'Who pays for answers here: usage is reported, and budgeted, per cost centre. Empty: none.',
    placeholder: 'hr-emea',
    kind: { type: 'text', maxLength: 64 },
    path: 'costCentre',
    summary: (settings, markup) =>
      settings.costCentre !== undefined ? `cost centre ${markup.code(settings.costCentre)}` : undefined,
  },
  {
    name: 'budgetMonthlyUsd',
    section: 'spending',
    label: 'Monthly budget (US dollars)',
    help: 'Empty: no dollar limit for this channel.',
    kind: { type: 'number', min: 0.01, max: 10_000_000, decimals: true },
    path: 'budget.monthlyUsd',
    holds: ['budget'],
    summary: ({ budget }) =>
      budget?.monthlyUsd !== undefined ? `budget $${budget.monthlyUsd} a month` : undefined,
  },
  {
    name: 'budgetMonthlyTokens',
    section: 'spending',
    label: 'Monthly budget (tokens)',
    help: 'Input and output tokens together. Empty: no token limit for this channel.',
    kind: { type: 'number', min: 1, max: 1_000_000_000_000 },
    path: 'budget.monthlyTokens',
    summary: ({ budget }) =>
      budget?.monthlyTokens !== undefined ? `budget ${budget.monthlyTokens} tokens a month` : undefined,
  },
  {
    name: 'budgetWhenExceeded',
    section: 'spending',
    label: 'When the budget is used up',
    kind: {
      type: 'choice',
      expanded: false,
      unset: 'refuse',
      choices: [
        { value: 'refuse', text: 'Refuse politely until next month' },
        { value: 'local', text: 'Quote the knowledge base without the model' },
      ],
    },
    path: 'budget.whenExceeded',
  },
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

/** The sections in order, each with its fields in the order they are listed. */
export function formSections(): {
  readonly title: string;
  readonly note?: string;
  readonly fields: FormField[];
}[] {
  return Object.entries(FORM_SECTIONS).map(([section, info]) => ({
    ...info,
    fields: FORM_FIELDS.filter((field) => field.section === section),
  }));
}

/** One piece of the form in the order every platform shows it. */
export type FormLayoutItem =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'input'; readonly field: FormField }
  | { readonly kind: 'note'; readonly text: string };

/** Each section's heading, then its inputs; a section's note under its first input. */
export function formLayout(): FormLayoutItem[] {
  return formSections().flatMap((section) => [
    { kind: 'heading' as const, text: section.title },
    ...section.fields.flatMap((field, index) => [
      { kind: 'input' as const, field },
      ...(index === 0 && section.note !== undefined ? [{ kind: 'note' as const, text: section.note }] : []),
    ]),
  ]);
}
