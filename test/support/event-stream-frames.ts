import { EventStreamCodec } from '@smithy/core/event-streams';

/*
 * Frames of the AWS event-stream protocol (`application/vnd.amazon.eventstream`), encoded with the
 * SDK's own codec so the fake speaks byte-for-byte what the real client decodes.
 */

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => new TextDecoder().decode(bytes),
  (text) => new TextEncoder().encode(text),
);

export type StreamFrame =
  | { readonly event: string; readonly body: unknown }
  | { readonly exception: string; readonly message: string };

export function encodeFrame(frame: StreamFrame): Uint8Array {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  if ('event' in frame) {
    return codec.encode({
      headers: {
        ':message-type': { type: 'string', value: 'event' },
        ':event-type': { type: 'string', value: frame.event },
        ':content-type': { type: 'string', value: 'application/json' },
      },
      body: json(frame.body),
    });
  }
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: frame.exception },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: json({ message: frame.message }),
  });
}

export interface TextStreamOptions {
  /** How the text is cut into deltas; default: about every 12 characters, at spaces. */
  readonly chunks?: readonly string[];
  readonly stopReason?: string;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  readonly trace?: unknown;
  /** Inserted after this many deltas (an exception mid-stream). */
  readonly failAfter?: { readonly deltas: number; readonly exception: string; readonly message: string };
}

/** The frames ConverseStream sends for one text reply: start, deltas, stop, metadata. */
export function textStreamFrames(text: string, options: TextStreamOptions = {}): StreamFrame[] {
  const chunks = options.chunks ?? splitIntoDeltas(text);
  const deltas: StreamFrame[] = chunks.map((chunk) => ({
    event: 'contentBlockDelta',
    body: { contentBlockIndex: 0, delta: { text: chunk } },
  }));
  if (options.failAfter !== undefined) {
    const { deltas: count, exception, message } = options.failAfter;
    return [{ event: 'messageStart', body: { role: 'assistant' } }, ...deltas.slice(0, count), { exception, message }];
  }
  const usage = options.usage ?? { inputTokens: 100, outputTokens: 20 };
  return [
    { event: 'messageStart', body: { role: 'assistant' } },
    ...deltas,
    { event: 'contentBlockStop', body: { contentBlockIndex: 0 } },
    { event: 'messageStop', body: { stopReason: options.stopReason ?? 'end_turn' } },
    {
      event: 'metadata',
      body: {
        usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
        metrics: { latencyMs: 42 },
        ...(options.trace !== undefined ? { trace: options.trace } : {}),
      },
    },
  ];
}

function splitIntoDeltas(text: string): string[] {
  const pieces = text.match(/.{1,12}(\s|$)|\S+/gs) ?? [text];
  return pieces.filter((piece) => piece !== '');
}
