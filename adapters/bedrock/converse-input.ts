import type {
  ContentBlock,
  ConverseCommandInput,
  ConverseStreamCommandInput,
  Message,
} from '@aws-sdk/client-bedrock-runtime';
import type { AnswerPrompt } from '../../src/answering/answer-prompt.js';
import type { SingleTurnPrompt } from '../../src/answering/conversation-prompts.js';

export interface GuardrailRef {
  readonly id: string;
  readonly version: string;
}

/**
 * The ConverseStream request for an answer. With a guardrail, the question goes in a
 * `guardContent` block so the guardrail judges what the person wrote (not the retrieved documents
 * or the earlier conversation, which it would otherwise also scan), and the answer is scanned in
 * `sync` mode: every streamed chunk has passed the guardrail before anyone sees it.
 */
export function answerInput(options: {
  readonly modelId: string;
  readonly prompt: AnswerPrompt;
  readonly guardrail: GuardrailRef | undefined;
  readonly maxTokens: number;
}): ConverseStreamCommandInput {
  const { modelId, prompt, guardrail, maxTokens } = options;
  const question: ContentBlock =
    guardrail !== undefined ? { guardContent: { text: { text: prompt.question } } } : { text: prompt.question };
  const messages: Message[] = [
    ...prompt.history.map((message): Message => ({ role: message.role, content: [{ text: message.text }] })),
    { role: 'user', content: [{ text: prompt.sources }, question] },
  ];
  return {
    modelId,
    system: [{ text: prompt.system }],
    messages,
    inferenceConfig: { maxTokens },
    ...(guardrail !== undefined
      ? {
          guardrailConfig: {
            guardrailIdentifier: guardrail.id,
            guardrailVersion: guardrail.version,
            trace: 'enabled',
            streamProcessingMode: 'sync',
          },
        }
      : {}),
  };
}

/** A Converse request for an internal call (question rewrite, summary): nothing of it is shown as is. */
export function singleTurnInput(modelId: string, prompt: SingleTurnPrompt): ConverseCommandInput {
  return {
    modelId,
    system: [{ text: prompt.system }],
    messages: [{ role: 'user', content: [{ text: prompt.user }] }],
    inferenceConfig: { maxTokens: prompt.maxTokens },
  };
}
