import { z } from 'zod';
import { FORM_FIELDS } from '../../../src/admin/settings-form/form-fields.js';

/** Generous for the longest setting (500 ids of 200 characters), small enough to refuse junk. */
const MAX_INPUT_CHARS = 120_000;

/** Text inputs come as strings; some clients send Input.Number values as numbers. */
const submittedValue = z.union([z.string().max(MAX_INPUT_CHARS), z.number().finite()]).transform(String);

// Choices and toggles are always submitted; without them the submission is not of this form.
const submissionSchema = z.looseObject({
  version: z.number().int().min(0),
  ...Object.fromEntries(
    FORM_FIELDS.map((field) => [field.name, field.required ? submittedValue : submittedValue.optional()]),
  ),
});

export interface FormSubmission {
  /** The settings version the form was opened with. */
  readonly version: number;
  /** Every input as text, as Adaptive Card inputs submit it. */
  readonly values: Readonly<Record<string, string>>;
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
    FORM_FIELDS.map((field) => {
      const value = submitted[field.name];
      // Some clients leave empty inputs out; empty it is.
      return [field.name, typeof value === 'string' ? value : ''];
    }),
  );
  return { version: parsed.data.version, values };
}
