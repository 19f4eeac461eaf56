import { z } from 'zod';
import type { ChannelSettings } from '../../../src/channels/channel-settings.js';
import { formatActionLines } from './action-lines.js';

/**
 * The inputs of the channel settings card, by id. Each holds text, as Adaptive Card inputs
 * submit it; `settings-from-form.ts` turns them back into settings.
 */
export const FORM_INPUTS = [
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
  'approversChannelId',
  'retentionDays',
  'accessMode',
  'accessUsers',
  'accessGroups',
  'userMessagesPerMinute',
] as const;

export type FormInput = (typeof FORM_INPUTS)[number];
export type FormValues = Readonly<Record<FormInput, string>>;

/** The search-type choice that leaves the choice to Bedrock. */
export const BEDROCK_DECIDES = 'default';

/** Inputs a card always submits (toggles and choice sets); without them the submission is not our form. */
const ALWAYS_SUBMITTED: ReadonlySet<FormInput> = new Set([
  'enabled',
  'replyMode',
  'knowledgeKind',
  'accessMode',
]);

/** Generous for the longest setting (500 ids of 200 characters), small enough to refuse junk. */
const MAX_INPUT_CHARS = 120_000;

/** Text inputs come as strings; some clients send Input.Number values as numbers. */
const submittedValue = z.union([z.string().max(MAX_INPUT_CHARS), z.number().finite()]).transform(String);

const submissionSchema = z.looseObject({
  version: z.number().int().min(0),
  ...Object.fromEntries(
    FORM_INPUTS.map((input) => [
      input,
      ALWAYS_SUBMITTED.has(input) ? submittedValue : submittedValue.optional(),
    ]),
  ),
});

export interface FormSubmission {
  /** The settings version the form was opened with. */
  readonly version: number;
  readonly values: FormValues;
}

/**
 * The form as the client sent it back (the action's data with the inputs merged in), or
 * undefined when it is not a submission of this form. Anything else in the data (a channel id,
 * say) is ignored: what the form edits comes from the authenticated activity.
 */
export function readSubmission(data: unknown): FormSubmission | undefined {
  const parsed = submissionSchema.safeParse(data);
  if (!parsed.success) {
    return undefined;
  }
  const submitted = parsed.data as Record<string, unknown>;
  const values = Object.fromEntries(
    FORM_INPUTS.map((input) => {
      const value = submitted[input];
      // Some clients leave empty inputs out; empty it is.
      return [input, typeof value === 'string' ? value : ''];
    }),
  ) as Record<FormInput, string>;
  return { version: parsed.data.version, values };
}

/** The inputs pre-filled from settings. */
export function formValuesOf(settings: ChannelSettings): FormValues {
  const { knowledge, access } = settings;
  return {
    enabled: String(settings.enabled),
    replyMode: settings.replyMode,
    knowledgeKind: knowledge.kind,
    knowledgeCollection: knowledge.kind === 'local' ? (knowledge.collection ?? '') : '',
    knowledgeBaseId: knowledge.kind === 'bedrock' ? knowledge.knowledgeBaseId : '',
    knowledgeFilter:
      knowledge.kind === 'bedrock' && knowledge.filter !== undefined ? JSON.stringify(knowledge.filter) : '',
    knowledgeResults:
      knowledge.kind === 'bedrock' && knowledge.numberOfResults !== undefined
        ? String(knowledge.numberOfResults)
        : '',
    knowledgeSearchType:
      knowledge.kind === 'bedrock' ? (knowledge.searchType ?? BEDROCK_DECIDES) : BEDROCK_DECIDES,
    modelId: settings.modelId ?? '',
    guardrailId: settings.guardrail?.id ?? '',
    guardrailVersion: settings.guardrail?.version ?? '',
    persona: settings.persona ?? '',
    actions: formatActionLines(settings.actions),
    approverUsers: settings.approvers.users.join(', '),
    approverGroups: settings.approvers.groups.join(', '),
    approversChannelId: settings.approversChannelId ?? '',
    retentionDays: settings.retentionDays !== undefined ? String(settings.retentionDays) : '',
    accessMode: access.mode,
    accessUsers: access.mode === 'listed' ? access.users.join(', ') : '',
    accessGroups: access.mode === 'listed' ? access.groups.join(', ') : '',
    userMessagesPerMinute:
      settings.userMessagesPerMinute !== undefined ? String(settings.userMessagesPerMinute) : '',
  };
}
