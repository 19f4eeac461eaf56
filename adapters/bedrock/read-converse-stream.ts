import type { ConverseStreamOutput, GuardrailTraceAssessment } from '@aws-sdk/client-bedrock-runtime';

/** A tool-use block as streamed: the tool's name and its input, JSON text not yet parsed. */
export interface StreamedToolUse {
  readonly name: string;
  readonly input: string;
}

export interface StreamedMessage {
  readonly text: string;
  /** Tool-use blocks in the order of the reply's content (stop reason `tool_use`). */
  readonly toolUses: readonly StreamedToolUse[];
  readonly stopReason?: string;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  readonly guardrailTrace?: GuardrailTraceAssessment;
}

/**
 * Reads a ConverseStream to its end. Content arrives by block index: text deltas are gathered per
 * block (a reply may hold several; non-text blocks such as reasoning are not shown) and `onText`
 * gets the whole text so far after each delta; a tool-use block opens with its name
 * (`contentBlockStart`) and streams its input as pieces of JSON text. An exception frame in the
 * stream is thrown from here by the SDK.
 */
export async function readConverseStream(
  stream: AsyncIterable<ConverseStreamOutput>,
  onText?: (textSoFar: string) => void,
): Promise<StreamedMessage> {
  const texts = new Map<number, string>();
  const tools = new Map<number, { name: string; input: string }>();
  let stopReason: string | undefined;
  let usage: StreamedMessage['usage'];
  let guardrailTrace: GuardrailTraceAssessment | undefined;
  const joined = () =>
    [...texts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, text]) => text)
      .join('\n\n');

  for await (const event of stream) {
    if (event.contentBlockStart !== undefined) {
      const toolUse = event.contentBlockStart.start?.toolUse;
      if (toolUse !== undefined) {
        tools.set(event.contentBlockStart.contentBlockIndex ?? 0, { name: toolUse.name ?? '', input: '' });
      }
    } else if (event.contentBlockDelta !== undefined) {
      const index = event.contentBlockDelta.contentBlockIndex ?? 0;
      const delta = event.contentBlockDelta.delta;
      const tool = tools.get(index);
      if (delta?.toolUse?.input !== undefined && tool !== undefined) {
        tool.input += delta.toolUse.input;
      } else if (delta?.text !== undefined && delta.text !== '') {
        texts.set(index, (texts.get(index) ?? '') + delta.text);
        onText?.(joined());
      }
    } else if (event.messageStop !== undefined) {
      stopReason = event.messageStop.stopReason;
    } else if (event.metadata !== undefined) {
      const tokens = event.metadata.usage;
      if (tokens !== undefined) {
        usage = { inputTokens: tokens.inputTokens ?? 0, outputTokens: tokens.outputTokens ?? 0 };
      }
      guardrailTrace = event.metadata.trace?.guardrail;
    }
  }
  return {
    text: joined(),
    toolUses: [...tools.entries()].sort(([a], [b]) => a - b).map(([, tool]) => tool),
    ...(stopReason !== undefined ? { stopReason } : {}),
    ...(usage !== undefined ? { usage } : {}),
    ...(guardrailTrace !== undefined ? { guardrailTrace } : {}),
  };
}
