import type { ConverseStreamOutput, GuardrailTraceAssessment } from '@aws-sdk/client-bedrock-runtime';

export interface StreamedMessage {
  readonly text: string;
  readonly stopReason?: string;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  readonly guardrailTrace?: GuardrailTraceAssessment;
}

/**
 * Reads a ConverseStream to its end: text deltas are gathered per content block (a reply may hold
 * several blocks; non-text blocks such as reasoning are not shown) and `onText` gets the whole text
 * so far after each delta. An exception frame in the stream is thrown from here by the SDK.
 */
export async function readConverseStream(
  stream: AsyncIterable<ConverseStreamOutput>,
  onText?: (textSoFar: string) => void,
): Promise<StreamedMessage> {
  const blocks = new Map<number, string>();
  let stopReason: string | undefined;
  let usage: StreamedMessage['usage'];
  let guardrailTrace: GuardrailTraceAssessment | undefined;
  const joined = () =>
    [...blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, text]) => text)
      .join('\n\n');

  for await (const event of stream) {
    if (event.contentBlockDelta !== undefined) {
      const delta = event.contentBlockDelta.delta?.text;
      if (delta !== undefined && delta !== '') {
        const index = event.contentBlockDelta.contentBlockIndex ?? 0;
        blocks.set(index, (blocks.get(index) ?? '') + delta);
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
    ...(stopReason !== undefined ? { stopReason } : {}),
    ...(usage !== undefined ? { usage } : {}),
    ...(guardrailTrace !== undefined ? { guardrailTrace } : {}),
  };
}
