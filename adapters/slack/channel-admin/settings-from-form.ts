import { parseActionLines } from './action-lines.js';
import { setNumber, setText } from '../../../src/admin/form-text.js';
import { BEDROCK_DECIDES, type SettingsInput } from './form-ids.js';
import type { SubmittedForm } from './submitted-form.js';

/** A problem to show under one input. */
export interface FormProblem {
  readonly input: SettingsInput;
  readonly message: string;
}

export interface FormReading {
  /** The complete settings the form describes, to save with `replace`. */
  readonly settings: Record<string, unknown>;
  /** What could not be read at all (text that is not JSON, an action line of the wrong shape). */
  readonly problems: readonly FormProblem[];
  /** The 1-based line of the actions box each entry of `settings.actions` came from. */
  readonly actionLines: readonly number[];
}

export interface ReadingOptions {
  /**
   * The stored Bedrock filter, when it was too long for its box: kept while the box stays
   * empty and the source is still Bedrock.
   */
  readonly keptFilter?: unknown;
}

/**
 * The settings a submitted form describes. Text the schema cannot judge (JSON, action lines) is
 * read here; everything else is passed on as typed, for the settings schema to accept or refuse
 * with its own message. Empty optional boxes leave the setting unset (its default).
 */
export function settingsFromForm(form: SubmittedForm, options: ReadingOptions = {}): FormReading {
  const { text, picked } = form;
  const problems: FormProblem[] = [];
  const written = parseActionLines(text.actions);
  problems.push(...written.problems.map((message) => ({ input: 'actions' as const, message })));

  const settings: Record<string, unknown> = {
    enabled: text.enabled === 'true' ? true : text.enabled === 'false' ? false : text.enabled,
    replyMode: text.replyMode,
    knowledge: knowledgeOf(form, options, (message) => problems.push({ input: 'knowledgeFilter', message })),
    actions: written.actions,
    approvers: { users: [...picked.approverUsers], groups: [...picked.approverGroups] },
    access:
      text.accessMode === 'listed'
        ? { mode: 'listed', users: [...picked.accessUsers], groups: [...picked.accessGroups] }
        : { mode: text.accessMode },
  };
  setText(settings, 'modelId', text.modelId);
  setText(settings, 'persona', text.persona);
  const [approversChannel] = picked.approversChannel;
  if (approversChannel !== undefined) {
    settings.approversChannelId = approversChannel;
  }
  setNumber(settings, 'retentionDays', text.retentionDays);
  setNumber(settings, 'userMessagesPerMinute', text.userMessagesPerMinute);
  if (text.guardrailId.trim() !== '' || text.guardrailVersion.trim() !== '') {
    settings.guardrail = { id: text.guardrailId, version: text.guardrailVersion };
  }
  return { settings, problems, actionLines: written.lineOf };
}

/** Only the boxes of the chosen source count: the others may still hold what was typed before. */
function knowledgeOf(
  form: SubmittedForm,
  options: ReadingOptions,
  report: (message: string) => void,
): Record<string, unknown> {
  const { text } = form;
  switch (text.knowledgeKind) {
    case 'local': {
      const collection = text.knowledgeCollection.trim();
      return collection === '' ? { kind: 'local' } : { kind: 'local', collection };
    }
    case 'bedrock': {
      const knowledge: Record<string, unknown> = {
        kind: 'bedrock',
        knowledgeBaseId: text.knowledgeBaseId.trim(),
      };
      const filter =
        text.knowledgeFilter.trim() === '' ? options.keptFilter : jsonValue(text.knowledgeFilter, report);
      if (filter !== undefined) {
        knowledge.filter = filter;
      }
      setNumber(knowledge, 'numberOfResults', text.knowledgeResults);
      const searchType = text.knowledgeSearchType.trim();
      if (searchType !== '' && searchType !== BEDROCK_DECIDES) {
        knowledge.searchType = searchType;
      }
      return knowledge;
    }
    default:
      return { kind: text.knowledgeKind };
  }
}

/** The JSON typed into a box; text that is not JSON is reported and passed on as it is (the schema refuses it). */
function jsonValue(text: string, report: (message: string) => void): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    report('Must be JSON, such as {"equals": {"key": "department", "value": "hr"}}.');
    return text;
  }
}
