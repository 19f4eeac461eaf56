/*
 * Settings typed into a form's text boxes (a Slack modal, a Teams card) become the settings
 * schema's input here. What does not read as its type is passed on as text, so the schema refuses
 * it by name rather than the form guessing.
 */

/** A number when it reads as one; otherwise the text. */
export function numberOrText(text: string): number | string {
  return /^-?\d+(\.\d+)?$/u.test(text) ? Number(text) : text;
}

/** Ids typed into one box: separated by commas, semicolons, spaces or lines; repeats dropped. */
export function idList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/u).filter((id) => id !== ''))];
}
