/*
 * Settings typed into a form's text boxes (a Slack modal, a Teams card) become the settings
 * schema's input here. A box left empty sets nothing; what does not read as its type is passed on
 * as text, so the schema refuses it by name rather than the form guessing.
 */

/** A number when it reads as one; otherwise the text. */
export function numberOrText(text: string): number | string {
  return /^-?\d+(\.\d+)?$/u.test(text) ? Number(text) : text;
}

export function setText(target: Record<string, unknown>, key: string, text: string): void {
  if (text.trim() !== '') {
    target[key] = text;
  }
}

export function setNumber(target: Record<string, unknown>, key: string, text: string): void {
  const trimmed = text.trim();
  if (trimmed !== '') {
    target[key] = numberOrText(trimmed);
  }
}
