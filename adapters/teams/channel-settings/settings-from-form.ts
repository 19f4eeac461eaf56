import type { WrittenAction } from '../../../src/admin/action-lines.js';
import { setNumber, setText } from '../../../src/admin/form-text.js';
import { parseActionLines } from './action-lines.js';
import { BEDROCK_DECIDES, type FormInput, type FormValues } from './form-values.js';
import { idList } from './id-list.js';

/** A problem to show next to one input, or above the form when it concerns no single input. */
export interface FormProblem {
  readonly input?: FormInput;
  readonly message: string;
}

export interface FormReading {
  /** The complete settings the form describes, to save with `replace`. */
  readonly settings: Record<string, unknown>;
  /** What could not be read at all (text that is not JSON, a malformed action line). */
  readonly problems: readonly FormProblem[];
  /** The 1-based line of the actions box each entry of `settings.actions` came from. */
  readonly actionLines: readonly number[];
}

/**
 * Marks an action line that could not be read. It can never pass the settings schema (unknown
 * key, empty id), so a form with such a line is refused whole, like any invalid value.
 */
export const UNREADABLE_ACTION = { actionId: '', unreadableLine: true } as const;

/**
 * The settings a submitted form describes. Text the schema cannot judge (JSON, action lines) is
 * read here; everything else is passed on as typed, for the settings schema to accept or refuse
 * with its own message. Values that could not be read stay in the result in a form the schema
 * always refuses, so a form with any problem saves nothing.
 */
export function settingsFromForm(values: FormValues): FormReading {
  const problems: FormProblem[] = [];
  const filter = jsonObject(values.knowledgeFilter, (message) =>
    problems.push({ input: 'knowledgeFilter', message }),
  );
  const written = parseActionLines(values.actions);
  problems.push(...written.problems.map((message) => ({ input: 'actions' as const, message })));
  const actions: Array<WrittenAction | typeof UNREADABLE_ACTION> = [...written.actions];
  if (written.problems.length > 0) {
    actions.push(UNREADABLE_ACTION);
  }

  const settings: Record<string, unknown> = {
    enabled: values.enabled === 'true' ? true : values.enabled === 'false' ? false : values.enabled,
    replyMode: values.replyMode,
    knowledge: knowledgeOf(values, filter),
    actions,
    approvers: { users: idList(values.approverUsers), groups: idList(values.approverGroups) },
    access:
      values.accessMode === 'listed'
        ? { mode: 'listed', users: idList(values.accessUsers), groups: idList(values.accessGroups) }
        : { mode: values.accessMode },
  };
  setText(settings, 'modelId', values.modelId);
  setText(settings, 'persona', values.persona);
  setText(settings, 'approversChannelId', values.approversChannelId);
  setNumber(settings, 'retentionDays', values.retentionDays);
  setNumber(settings, 'userMessagesPerMinute', values.userMessagesPerMinute);
  if (values.guardrailId.trim() !== '' || values.guardrailVersion.trim() !== '') {
    settings.guardrail = { id: values.guardrailId, version: values.guardrailVersion };
  }
  return { settings, problems, actionLines: written.lineOf };
}

/** Only the fields of the chosen source count: the others may still hold what was typed before. */
function knowledgeOf(values: FormValues, filter: unknown): Record<string, unknown> {
  switch (values.knowledgeKind) {
    case 'local': {
      const collection = values.knowledgeCollection.trim();
      return collection === '' ? { kind: 'local' } : { kind: 'local', collection };
    }
    case 'bedrock': {
      const knowledge: Record<string, unknown> = {
        kind: 'bedrock',
        knowledgeBaseId: values.knowledgeBaseId.trim(),
      };
      if (filter !== undefined) {
        knowledge.filter = filter;
      }
      setNumber(knowledge, 'numberOfResults', values.knowledgeResults);
      const searchType = values.knowledgeSearchType.trim();
      if (searchType !== '' && searchType !== BEDROCK_DECIDES) {
        knowledge.searchType = searchType;
      }
      return knowledge;
    }
    default:
      return { kind: values.knowledgeKind };
  }
}

/**
 * The JSON object typed into a box; undefined when the box is empty. Text that is not JSON is
 * reported and returned as it is, which the schema (expecting an object) refuses.
 */
function jsonObject(text: string, report: (message: string) => void): unknown {
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    report('must be JSON, such as {"equals": {"key": "department", "value": "hr"}}');
    return text;
  }
}
