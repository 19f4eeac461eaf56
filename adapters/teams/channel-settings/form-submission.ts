import { z } from 'zod';
import { collectFormValues } from '../../../src/admin/settings-form/form-reading.js';
import type { FormValues } from '../../../src/admin/settings-form/form-fields.js';

/** Generous for the longest setting (500 ids of 200 characters), small enough to refuse junk. */
const MAX_INPUT_CHARS = 120_000;

const versionSchema = z.looseObject({ version: z.number().int().min(0) });

export interface FormSubmission {
  /** The settings version the form was opened with. */
  readonly version: number;
  /** Every input as text, as Adaptive Card inputs submit it. */
  readonly values: FormValues;
}

/**
 * The form as the client sent it back (the action's data with the inputs merged in), or
 * undefined when it is not a submission of this form. Anything else in the data (a channel id,
 * say) is ignored: what the form edits comes from the authenticated activity.
 */
export function readSubmission(data: unknown): FormSubmission | undefined {
  const parsed = versionSchema.safeParse(data);
  if (!parsed.success) {
    return undefined;
  }
  const submitted = parsed.data as Record<string, unknown>;
  const values = collectFormValues((field) => {
    const value = submitted[field.name];
    if (value === undefined) {
      return null;
    }
    // Text inputs come as strings; some clients send Input.Number values as numbers.
    if (typeof value === 'number') {
      return Number.isFinite(value) ? String(value) : undefined;
    }
    return typeof value === 'string' && value.length <= MAX_INPUT_CHARS ? value : undefined;
  });
  return values === undefined ? undefined : { version: parsed.data.version, values };
}
