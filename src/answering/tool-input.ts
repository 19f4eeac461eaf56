/**
 * A tool call's arguments as a model wrote them (JSON text, streamed in pieces): the object, or
 * undefined when the text is not a JSON object (cut off at the token limit, or not JSON at all).
 * No text is a call without arguments.
 */
export function parseToolInput(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') {
    return {};
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
