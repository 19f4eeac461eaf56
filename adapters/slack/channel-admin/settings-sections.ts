import type { KnownBlock } from '@slack/types';
import type { ChannelSettings } from '../../../src/channels/channel-settings.js';
import { formatActionLines } from './action-lines.js';
import { BEDROCK_DECIDES } from './form-ids.js';
import {
  conversationPicker,
  groupPicker,
  header,
  input,
  menu,
  note,
  numberBox,
  peoplePicker,
  radio,
  richTextBox,
  textBox,
} from './form-elements.js';
import { filterFitsBox, filterText, isSlackConversation, isSlackUser } from './settings-values.js';

/*
 * The settings form's inputs, grouped as an admin thinks about a channel. Each input is
 * pre-filled with the channel's effective setting.
 */

export interface SectionOptions {
  /** The actions the service knows, shown as a reminder of what may be allowed. */
  readonly catalogue: readonly { readonly id: string; readonly title: string }[];
  /** How a user group is shown in its picker (`@handle`). */
  readonly groupLabel: (groupId: string) => string;
}

export function settingsSections(settings: ChannelSettings, options: SectionOptions): KnownBlock[] {
  return [
    ...answering(settings),
    ...knowledge(settings),
    ...model(settings),
    ...actions(settings, options),
    ...access(settings, options),
    ...history(settings),
  ];
}

function answering(settings: ChannelSettings): KnownBlock[] {
  return [
    header('Answering'),
    input(
      'enabled',
      'Steward in this channel',
      radio(
        [
          { value: 'true', text: 'On', description: 'Answers as set below' },
          {
            value: 'false',
            text: 'Off',
            description: 'Answers nobody here; people can still make it forget',
          },
        ],
        String(settings.enabled),
      ),
      { optional: false },
    ),
    input(
      'replyMode',
      'Answer',
      radio(
        [
          {
            value: 'mentions',
            text: 'When mentioned',
            description: 'And follow-ups in threads Steward is part of',
          },
          {
            value: 'all',
            text: 'Every message',
            description: 'Every message in the channel, mentioned or not',
          },
        ],
        settings.replyMode,
      ),
      { optional: false },
    ),
  ];
}

function knowledge(settings: ChannelSettings): KnownBlock[] {
  const source = settings.knowledge;
  const bedrock = source.kind === 'bedrock' ? source : undefined;
  const fits = filterFitsBox(settings);
  return [
    header('Knowledge'),
    input(
      'knowledgeKind',
      'Answer from',
      radio(
        [
          { value: 'default', text: 'The service’s knowledge base' },
          { value: 'local', text: 'A collection of the local knowledge folder' },
          { value: 'bedrock', text: 'An Amazon Bedrock knowledge base' },
        ],
        source.kind,
      ),
      { optional: false },
    ),
    note('Fill in the boxes of the source chosen above; the others are ignored.'),
    input(
      'knowledgeCollection',
      'Local collection',
      textBox(source.kind === 'local' ? (source.collection ?? '') : '', {
        placeholder: 'hr-policies',
        maxLength: 64,
      }),
      { hint: 'A sub-folder of the knowledge folder. Empty: the whole folder.' },
    ),
    input(
      'knowledgeBaseId',
      'Bedrock knowledge base id',
      textBox(bedrock?.knowledgeBaseId ?? '', { placeholder: 'ABCDEFGHIJ', maxLength: 10 }),
      { hint: 'The 10-character id shown in the Bedrock console.' },
    ),
    input(
      'knowledgeFilter',
      'Bedrock metadata filter (JSON)',
      textBox(fits ? filterText(settings) : '', {
        multiline: true,
        placeholder: '{"equals": {"key": "department", "value": "hr"}}',
      }),
      {
        hint: fits
          ? 'A Bedrock retrieval filter: only passages whose metadata match are used. Empty: no filter.'
          : `The current filter (${filterText(settings).length} characters) is longer than this box holds, so it is kept while the box stays empty. Type a new filter to replace it.`,
      },
    ),
    input(
      'knowledgeResults',
      'Bedrock passages per question',
      numberBox(bedrock?.numberOfResults, { min: 1, max: 100 }),
      {
        hint: 'Empty: the service’s setting.',
      },
    ),
    input(
      'knowledgeSearchType',
      'Bedrock search type',
      menu(
        [
          { value: BEDROCK_DECIDES, text: 'Let Bedrock choose' },
          { value: 'HYBRID', text: 'Hybrid: words and meaning' },
          { value: 'SEMANTIC', text: 'Semantic: meaning only' },
        ],
        bedrock?.searchType ?? BEDROCK_DECIDES,
      ),
    ),
  ];
}

function model(settings: ChannelSettings): KnownBlock[] {
  return [
    header('Model'),
    input('modelId', 'Model id', textBox(settings.modelId ?? '', { maxLength: 256 }), {
      hint: 'A Bedrock model id or inference profile used here instead of the service’s model. Empty: the service’s model.',
    }),
    input('guardrailId', 'Guardrail id', textBox(settings.guardrail?.id ?? '', { maxLength: 64 }), {
      hint: 'A Bedrock guardrail checking questions and answers here. Give its version too, or leave both empty.',
    }),
    input(
      'guardrailVersion',
      'Guardrail version',
      textBox(settings.guardrail?.version ?? '', { placeholder: 'DRAFT or 1', maxLength: 16 }),
    ),
    input(
      'persona',
      'Extra instructions',
      textBox(settings.persona ?? '', { multiline: true, maxLength: 2000 }),
      {
        hint: 'Tone and audience for answers here, such as “Answer for new starters, briefly.” They never override Steward’s rules.',
      },
    ),
  ];
}

function actions(settings: ChannelSettings, options: SectionOptions): KnownBlock[] {
  const catalogue =
    options.catalogue.length === 0
      ? 'The action catalogue is empty: no action can be allowed yet.'
      : `Actions in the catalogue: ${options.catalogue.map((action) => `\`${action.id}\` (${action.title})`).join(', ')}.`;
  return [
    header('Actions and approvals'),
    input(
      'actions',
      'Allowed actions',
      richTextBox(
        formatActionLines(settings.actions),
        'restart-service | approvers: @someone | quorum: 1 | expires: 24h',
      ),
      {
        hint: 'One action per line: its id, then optionally | approvers: (type @ to pick people or groups) | quorum: 2 | expires: 24h. Without approvers the channel’s approvers below decide; without quorum or expires the catalogue’s values apply.',
      },
    ),
    note(catalogue),
    input('approverUsers', 'Approvers', peoplePicker(settings.approvers.users.filter(isSlackUser)), {
      hint: 'Approve every allowed action that names no approvers of its own.',
    }),
    input(
      'approverGroups',
      'Approver groups',
      groupPicker(settings.approvers.groups.map((id) => ({ id, label: options.groupLabel(id) }))),
      { hint: 'Slack user groups; membership is checked when someone clicks Approve.' },
    ),
    input(
      'approversChannel',
      'Approvers’ channel',
      conversationPicker(
        settings.approversChannelId !== undefined && isSlackConversation(settings.approversChannelId)
          ? settings.approversChannelId
          : undefined,
      ),
      { hint: 'Approval cards are also posted there. Empty: only in the conversation that asked.' },
    ),
  ];
}

function access(settings: ChannelSettings, options: SectionOptions): KnownBlock[] {
  const listed = settings.access.mode === 'listed' ? settings.access : undefined;
  return [
    header('Who can use Steward here'),
    input(
      'accessMode',
      'Access',
      radio(
        [
          { value: 'everyone', text: 'Everyone in the channel' },
          { value: 'listed', text: 'Only the people and groups below' },
        ],
        settings.access.mode,
      ),
      { optional: false },
    ),
    input('accessUsers', 'People', peoplePicker((listed?.users ?? []).filter(isSlackUser))),
    input(
      'accessGroups',
      'Groups',
      groupPicker((listed?.groups ?? []).map((id) => ({ id, label: options.groupLabel(id) }))),
    ),
    input(
      'userMessagesPerMinute',
      'Messages per person per minute',
      numberBox(settings.userMessagesPerMinute, { min: 1, max: 600 }),
      {
        hint: 'More are refused with a short reply. Empty: no limit.',
      },
    ),
  ];
}

function history(settings: ChannelSettings): KnownBlock[] {
  return [
    header('History'),
    input(
      'retentionDays',
      'Keep conversation history (days)',
      numberBox(settings.retentionDays, { min: 1, max: 3650 }),
      {
        hint: 'Counted from the last message of a conversation. Empty: the service’s setting.',
      },
    ),
  ];
}
