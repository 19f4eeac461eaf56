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

/** A tool-use block: `input` is sent as JSON, `rawInput` as written (for input that is not JSON). */
export type ScriptedToolUse = { readonly name: string } & ({ readonly input: unknown } | { readonly rawInput: string });

/**
 * The frames ConverseStream sends when the model writes some text and then calls tools: the text
 * block, then one block per tool opened by `contentBlockStart` with the tool's name and its input
 * streamed as pieces of JSON text, and the `tool_use` stop reason.
 */
export function toolUseStreamFrames(
  text: string,
  toolUses: readonly ScriptedToolUse[],
  options: {
    readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
    readonly stopReason?: string;
    readonly trace?: unknown;
  } = {},
): StreamFrame[] {
  const textFrames: StreamFrame[] =
    text === ''
      ? []
      : [
          ...splitIntoDeltas(text).map((chunk) => ({ event: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { text: chunk } } })),
          { event: 'contentBlockStop', body: { contentBlockIndex: 0 } },
        ];
  const first = text === '' ? 0 : 1;
  const toolFrames = toolUses.flatMap((toolUse, n): StreamFrame[] => {
    const contentBlockIndex = first + n;
    const json = 'rawInput' in toolUse ? toolUse.rawInput : JSON.stringify(toolUse.input);
    // Bedrock streams tool input in small pieces that are not JSON on their own.
    const pieces = json.match(/.{1,7}/gs) ?? [];
    return [
      { event: 'contentBlockStart', body: { contentBlockIndex, start: { toolUse: { toolUseId: `tooluse_${n + 1}`, name: toolUse.name } } } },
      ...pieces.map((input) => ({ event: 'contentBlockDelta', body: { contentBlockIndex, delta: { toolUse: { input } } } })),
      { event: 'contentBlockStop', body: { contentBlockIndex } },
    ];
  });
  const usage = options.usage ?? { inputTokens: 1200, outputTokens: 60 };
  return [
    { event: 'messageStart', body: { role: 'assistant' } },
    ...textFrames,
    ...toolFrames,
    { event: 'messageStop', body: { stopReason: options.stopReason ?? 'tool_use' } },
    {
      event: 'metadata',
      body: {
        usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
        metrics: { latencyMs: 40 },
        ...(options.trace !== undefined ? { trace: options.trace } : {}),
      },
    },
  ];
}
