import type { FieldError } from '../../../src/admin/field-errors.js';
import { inputBlockId, type SettingsInput } from './form-ids.js';
import type { FormProblem } from './settings-from-form.js';

/** Where a problem with a setting is shown: the input that holds it. Keys are dotted path prefixes. */
const INPUT_OF_PATH: readonly (readonly [string, SettingsInput])[] = [
  ['knowledge.collection', 'knowledgeCollection'],
  ['knowledge.knowledgeBaseId', 'knowledgeBaseId'],
  ['knowledge.filter', 'knowledgeFilter'],
  ['knowledge.numberOfResults', 'knowledgeResults'],
  ['knowledge.searchType', 'knowledgeSearchType'],
  ['knowledge', 'knowledgeKind'],
  ['guardrail.version', 'guardrailVersion'],
  ['guardrail', 'guardrailId'],
  ['approvers.groups', 'approverGroups'],
  ['approvers.users', 'approverUsers'],
  ['approvers', 'approverUsers'],
  ['approversChannelId', 'approversChannel'],
  ['access.users', 'accessUsers'],
  ['access.groups', 'accessGroups'],
  ['access', 'accessMode'],
  ['actions', 'actions'],
  ['enabled', 'enabled'],
  ['replyMode', 'replyMode'],
  ['modelId', 'modelId'],
  ['persona', 'persona'],
  ['retentionDays', 'retentionDays'],
  ['userMessagesPerMinute', 'userMessagesPerMinute'],
];

/** What the parts of an allowed action are called in the actions box. */
const ACTION_PARTS: Readonly<Record<string, string>> = {
  actionId: 'the action id',
  approvers: 'approvers',
  quorum: 'quorum',
  expiryHours: 'expires (in hours)',
};

/** Slack shows no more of an error than fits under an input; longer lists are cut here. */
const MAX_ERROR_CHARS = 1000;

/**
 * The problems as a view_submission `errors` response: one message per input block, each
 * problem a sentence. A problem no input holds (none is expected) goes to the first input, so
 * it is never lost.
 */
export function errorsByBlock(
  fields: readonly FieldError[],
  problems: readonly FormProblem[],
  actionLines: readonly number[],
): Record<string, string> {
  const byInput = new Map<SettingsInput, string[]>();
  const add = (input: SettingsInput, message: string) => {
    const list = byInput.get(input) ?? [];
    if (!list.includes(message)) {
      list.push(message);
    }
    byInput.set(input, list);
  };
  for (const problem of problems) {
    add(problem.input, problem.message);
  }
  for (const field of fields) {
    const placed = placeField(field, actionLines);
    add(placed.input, placed.message);
  }
  return Object.fromEntries(
    [...byInput].map(([input, messages]) => [inputBlockId(input), truncate(messages.join(' '))]),
  );
}

function placeField(field: FieldError, actionLines: readonly number[]): FormProblem {
  const match = INPUT_OF_PATH.find(
    ([prefix]) => field.path === prefix || field.path.startsWith(`${prefix}.`),
  );
  if (match === undefined) {
    return {
      input: 'enabled',
      message: sentence(field.path === '' ? capitalise(field.message) : `${field.path} ${field.message}`),
    };
  }
  const [prefix, input] = match;
  const rest = field.path.slice(prefix.length).split('.').filter(Boolean);
  if (input === 'actions') {
    return { input, message: actionMessage(rest, field.message, actionLines) };
  }
  const [index] = rest;
  const entry = index !== undefined && /^\d+$/u.test(index) ? `Entry ${Number(index) + 1} ` : '';
  return { input, message: sentence(entry === '' ? capitalise(field.message) : `${entry}${field.message}`) };
}

/** `actions.1.quorum` → "Line 3: quorum must be at most 10." (line as written in the box). */
function actionMessage(rest: readonly string[], message: string, actionLines: readonly number[]): string {
  const [index, part] = rest;
  if (index === undefined || !/^\d+$/u.test(index)) {
    return sentence(`Actions ${message}`);
  }
  const line = actionLines[Number(index)] ?? Number(index) + 1;
  // "must be…" and "is required" need their subject; other messages name it themselves.
  if (!/^(must|is|should)\b/u.test(message)) {
    return sentence(`Line ${line}: ${message}`);
  }
  const name = part === undefined ? 'this action' : (ACTION_PARTS[part] ?? part);
  return sentence(`Line ${line}: ${name} ${message}`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(text: string): string {
  return /[.!?]$/u.test(text) ? text : `${text}.`;
}

function truncate(text: string): string {
  return text.length <= MAX_ERROR_CHARS ? text : `${text.slice(0, MAX_ERROR_CHARS - 1)}…`;
}
