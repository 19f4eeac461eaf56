import {
  type CardElement,
  choiceInput,
  heading,
  note,
  numberInput,
  textInput,
  toggleInput,
} from './card-elements.js';
import { BEDROCK_DECIDES, type FormInput, type FormValues } from './form-values.js';

type ProblemsOf = (input: FormInput) => readonly string[];

const ENTRA_IDS =
  'People by their Microsoft Entra object id (Entra admin centre > Users > the person > Object ID), separated by commas.';
const ENTRA_GROUPS =
  'Microsoft Entra groups by their object id (Entra admin centre > Groups > the group > Object ID), separated by commas. ' +
  'Members of groups nested in them count too; membership is checked when it matters.';

/** The form's inputs, in the order an admin thinks about a channel. */
export function settingsFormSections(values: FormValues, problemsOf: ProblemsOf): CardElement[] {
  return [
    ...answering(values, problemsOf),
    ...knowledge(values, problemsOf),
    ...model(values, problemsOf),
    ...actions(values, problemsOf),
    ...people(values, problemsOf),
  ];
}

function answering(values: FormValues, problemsOf: ProblemsOf): CardElement[] {
  return [
    heading('Answering'),
    ...toggleInput({
      id: 'enabled',
      label: 'Steward in this conversation',
      title: 'Answer here',
      value: values.enabled,
      help: 'Off: Steward answers nobody here (people can still ask it to forget their history).',
      problems: problemsOf('enabled'),
    }),
    ...choiceInput({
      id: 'replyMode',
      label: 'Answer',
      value: values.replyMode,
      expanded: true,
      choices: [
        { title: 'Messages that mention Steward', value: 'mentions' },
        { title: 'Every message, mentioned or not', value: 'all' },
      ],
      help: 'Every message needs the app’s permission to read channel and chat messages, which a team owner grants when adding the app. Without it Teams sends Steward only mentions.',
      problems: problemsOf('replyMode'),
    }),
  ];
}

function knowledge(values: FormValues, problemsOf: ProblemsOf): CardElement[] {
  return [
    heading('Knowledge'),
    ...choiceInput({
      id: 'knowledgeKind',
      label: 'Answer from',
      value: values.knowledgeKind,
      expanded: true,
      choices: [
        { title: 'The service’s knowledge base', value: 'default' },
        { title: 'A collection of the local knowledge folder', value: 'local' },
        { title: 'An Amazon Bedrock knowledge base', value: 'bedrock' },
      ],
      problems: problemsOf('knowledgeKind'),
    }),
    note('The boxes below apply to the source chosen above; the others are ignored.'),
    ...textInput({
      id: 'knowledgeCollection',
      label: 'Local collection',
      value: values.knowledgeCollection,
      placeholder: 'hr-policies',
      help: 'A sub-folder of the knowledge folder. Empty: the whole folder.',
      problems: problemsOf('knowledgeCollection'),
    }),
    ...textInput({
      id: 'knowledgeBaseId',
      label: 'Bedrock knowledge base id',
      value: values.knowledgeBaseId,
      placeholder: 'ABCDE12345',
      help: 'The 10-character id shown in the Amazon Bedrock console.',
      problems: problemsOf('knowledgeBaseId'),
    }),
    ...textInput({
      id: 'knowledgeFilter',
      label: 'Bedrock metadata filter (optional)',
      value: values.knowledgeFilter,
      multiline: true,
      placeholder: '{"equals": {"key": "department", "value": "hr"}}',
      help: 'A Bedrock retrieval filter as JSON: only passages whose metadata match are used.',
      problems: problemsOf('knowledgeFilter'),
    }),
    ...numberInput({
      id: 'knowledgeResults',
      label: 'Bedrock passages per question (optional)',
      value: values.knowledgeResults,
      min: 1,
      max: 100,
      problems: problemsOf('knowledgeResults'),
    }),
    ...choiceInput({
      id: 'knowledgeSearchType',
      label: 'Bedrock search',
      value: values.knowledgeSearchType,
      choices: [
        { title: 'Bedrock decides', value: BEDROCK_DECIDES },
        { title: 'Hybrid: words and meaning', value: 'HYBRID' },
        { title: 'Semantic: meaning only', value: 'SEMANTIC' },
      ],
      problems: problemsOf('knowledgeSearchType'),
    }),
  ];
}

function model(values: FormValues, problemsOf: ProblemsOf): CardElement[] {
  return [
    heading('Model'),
    ...textInput({
      id: 'modelId',
      label: 'Model id (optional)',
      value: values.modelId,
      placeholder: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      help: 'A Bedrock model id for this conversation. Empty: the service’s model.',
      problems: problemsOf('modelId'),
    }),
    ...textInput({
      id: 'guardrailId',
      label: 'Bedrock guardrail id (optional)',
      value: values.guardrailId,
      problems: problemsOf('guardrailId'),
    }),
    ...textInput({
      id: 'guardrailVersion',
      label: 'Guardrail version',
      value: values.guardrailVersion,
      placeholder: '1 or DRAFT',
      help: 'Give both the guardrail id and its version, or neither.',
      problems: problemsOf('guardrailVersion'),
    }),
    ...textInput({
      id: 'persona',
      label: 'Persona and extra instructions (optional)',
      value: values.persona,
      multiline: true,
      maxLength: 2000,
      placeholder: 'Answer for new starters; keep it short and friendly.',
      help: 'Added to the model’s instructions here: tone, audience. Up to 2,000 characters.',
      problems: problemsOf('persona'),
    }),
  ];
}

function actions(values: FormValues, problemsOf: ProblemsOf): CardElement[] {
  return [
    heading('Actions and approvals'),
    ...textInput({
      id: 'actions',
      label: 'Allowed actions',
      value: values.actions,
      multiline: true,
      placeholder: 'reset-mfa | approvers: <Entra object id>, <Entra object id> | quorum: 2 | expires: 24h',
      help:
        'One action per line: its id, then any of approvers: (Entra object ids of people), groups: (Entra group object ids), quorum: (approvals needed) and expires: (24h, 2d), separated by |. ' +
        'What a line leaves out comes from the approvers below and the action’s defaults. Empty: no actions here.',
      problems: problemsOf('actions'),
    }),
    ...textInput({
      id: 'approverUsers',
      label: 'Approvers',
      value: values.approverUsers,
      help: `Who approves actions that name no approvers of their own. ${ENTRA_IDS}`,
      problems: problemsOf('approverUsers'),
    }),
    ...textInput({
      id: 'approverGroups',
      label: 'Approver groups',
      value: values.approverGroups,
      help: ENTRA_GROUPS,
      problems: problemsOf('approverGroups'),
    }),
    ...textInput({
      id: 'approversChannelId',
      label: 'Approvers’ channel (optional)',
      value: values.approversChannelId,
      placeholder: '19:…@thread.tacv2',
      help: 'A channel of the same team where approval requests are also posted (its channel id).',
      problems: problemsOf('approversChannelId'),
    }),
  ];
}

function people(values: FormValues, problemsOf: ProblemsOf): CardElement[] {
  return [
    heading('People and limits'),
    ...choiceInput({
      id: 'accessMode',
      label: 'Who may use Steward here',
      value: values.accessMode,
      expanded: true,
      choices: [
        { title: 'Everyone in the conversation', value: 'everyone' },
        { title: 'Only the people and groups listed below', value: 'listed' },
      ],
      problems: problemsOf('accessMode'),
    }),
    ...textInput({
      id: 'accessUsers',
      label: 'People',
      value: values.accessUsers,
      help: ENTRA_IDS,
      problems: problemsOf('accessUsers'),
    }),
    ...textInput({
      id: 'accessGroups',
      label: 'Groups',
      value: values.accessGroups,
      help: ENTRA_GROUPS,
      problems: problemsOf('accessGroups'),
    }),
    ...numberInput({
      id: 'userMessagesPerMinute',
      label: 'Messages per person per minute (optional)',
      value: values.userMessagesPerMinute,
      min: 1,
      max: 600,
      help: 'Empty: no limit.',
      problems: problemsOf('userMessagesPerMinute'),
    }),
    ...numberInput({
      id: 'retentionDays',
      label: 'Keep conversation history for (days, optional)',
      value: values.retentionDays,
      min: 1,
      max: 3650,
      help: 'Counted from the last message. Empty: the service’s default.',
      problems: problemsOf('retentionDays'),
    }),
  ];
}
