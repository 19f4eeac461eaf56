/**
 * The inputs of the channel settings modal. Each is one input block whose block id is
 * `settings_<input>`; Slack returns the values under those ids when the form is submitted.
 */
export const SETTINGS_INPUTS = [
  'enabled',
  'replyMode',
  'knowledgeKind',
  'knowledgeCollection',
  'knowledgeBaseId',
  'knowledgeFilter',
  'knowledgeResults',
  'knowledgeSearchType',
  'modelId',
  'guardrailId',
  'guardrailVersion',
  'persona',
  'actions',
  'approverUsers',
  'approverGroups',
  'approversChannel',
  'accessMode',
  'accessUsers',
  'accessGroups',
  'userMessagesPerMinute',
  'retentionDays',
] as const;

export type SettingsInput = (typeof SETTINGS_INPUTS)[number];

export function inputBlockId(input: SettingsInput): string {
  return `settings_${input}`;
}

/** The element's action id: the same for every input except the user-group pickers, which load options. */
export const INPUT_ACTION_ID = 'value';

/** The choice in the search-type menu that leaves the choice to Bedrock. */
export const BEDROCK_DECIDES = 'default';
