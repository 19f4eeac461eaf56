import type { FieldError } from '../../../src/admin/field-errors.js';
import type { FormInput } from './form-values.js';
import { UNREADABLE_ACTION, type FormProblem, type FormReading } from './settings-from-form.js';

/** Inputs that hold one top-level setting each. */
const DIRECT: Readonly<Record<string, FormInput>> = {
  enabled: 'enabled',
  replyMode: 'replyMode',
  modelId: 'modelId',
  persona: 'persona',
  approversChannelId: 'approversChannelId',
  retentionDays: 'retentionDays',
  userMessagesPerMinute: 'userMessagesPerMinute',
};

const KNOWLEDGE: Readonly<Record<string, FormInput>> = {
  kind: 'knowledgeKind',
  collection: 'knowledgeCollection',
  knowledgeBaseId: 'knowledgeBaseId',
  filter: 'knowledgeFilter',
  numberOfResults: 'knowledgeResults',
  searchType: 'knowledgeSearchType',
};

/**
 * Puts each problem the settings schema found next to the input it came from: `knowledge.filter`
 * under the filter box, `access.users.2` under the access list naming the id, `actions.1.quorum`
 * under the actions box naming the line. Inputs that could not be read at all keep the problem
 * found while reading them, which says more than the schema's.
 */
export function formProblemsOf(fields: readonly FieldError[], reading: FormReading): FormProblem[] {
  // A box that could not be read at all (the filter that is not JSON) keeps only its own message.
  // The actions box is read line by line: its unreadable lines are skipped in actionProblem and
  // the schema's problems with the other lines still count.
  const unreadable = new Set<FormInput>(
    reading.problems.flatMap((problem) =>
      problem.input === undefined || problem.input === 'actions' ? [] : [problem.input],
    ),
  );
  const placed = fields.flatMap((field) => {
    const problem = placeField(field, reading);
    return problem === undefined || (problem.input !== undefined && unreadable.has(problem.input))
      ? []
      : [problem];
  });
  return [...reading.problems, ...placed];
}

function placeField(field: FieldError, reading: FormReading): FormProblem | undefined {
  const [setting = '', ...rest] = field.path === '' ? [] : field.path.split('.');
  const { message } = field;
  const direct = DIRECT[setting];
  if (direct !== undefined) {
    return { input: direct, message };
  }
  switch (setting) {
    case 'knowledge':
      return { input: KNOWLEDGE[rest[0] ?? 'kind'] ?? 'knowledgeKind', message };
    case 'guardrail':
      return { input: rest[0] === 'version' ? 'guardrailVersion' : 'guardrailId', message };
    case 'approvers':
      return listProblem(rest, message, reading.settings.approvers, 'approverUsers', 'approverGroups');
    case 'access':
      return rest[0] === 'mode'
        ? { input: 'accessMode', message }
        : listProblem(rest, message, reading.settings.access, 'accessUsers', 'accessGroups');
    case 'actions':
      return actionProblem(rest, message, reading);
    default:
      return { message: field.path === '' ? message : `${field.path}: ${message}` };
  }
}

/** `users.2` of an approver or access list: the problem names the id as it was typed. */
function listProblem(
  rest: readonly string[],
  message: string,
  holder: unknown,
  usersInput: FormInput,
  groupsInput: FormInput,
): FormProblem {
  const input = rest[0] === 'groups' ? groupsInput : usersInput;
  const value = rest.length >= 2 ? valueAt(holder, rest) : undefined;
  return { input, message: typeof value === 'string' ? `“${value}” ${message}` : message };
}

function actionProblem(
  rest: readonly string[],
  message: string,
  reading: FormReading,
): FormProblem | undefined {
  const [position, ...inside] = rest;
  const index = position === undefined ? Number.NaN : Number(position);
  const actions = reading.settings.actions as readonly unknown[];
  if (!Number.isInteger(index)) {
    return { input: 'actions', message };
  }
  const action = actions[index];
  if (action === UNREADABLE_ACTION) {
    // Its line was reported when the box was read.
    return undefined;
  }
  const line = reading.actionLines[index];
  const actionId = valueAt(action, ['actionId']);
  const where = `line ${line ?? index + 1}${typeof actionId === 'string' && actionId !== '' ? ` (${actionId})` : ''}`;
  return { input: 'actions', message: `${where}: ${describeInAction(inside, message, action)}` };
}

function describeInAction(inside: readonly string[], message: string, action: unknown): string {
  const [key, list] = inside;
  switch (key) {
    case undefined:
      return message;
    case 'actionId':
      return message.startsWith('action ') ? message : `the action id ${message}`;
    case 'quorum':
      return `quorum ${message}`;
    case 'expiryHours':
      return `expires ${message}`;
    case 'approvers': {
      const value = inside.length >= 3 ? valueAt(action, inside) : undefined;
      const what = list === 'groups' ? 'group' : 'approver';
      return typeof value === 'string' ? `${what} “${value}” ${message}` : `${what}s ${message}`;
    }
    default:
      return message;
  }
}

function valueAt(holder: unknown, path: readonly string[]): unknown {
  let current = holder;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
