import type {
  ContentBlock,
  ConverseCommandInput,
  ConverseStreamCommandInput,
  Message,
  Tool,
  ToolInputSchema,
} from '@aws-sdk/client-bedrock-runtime';
import type { AnswerPrompt } from '../../src/answering/answer-prompt.js';
import type { ActionTool } from '../../src/ports/language-model.js';
import type { SingleTurnPrompt } from '../../src/answering/conversation-prompts.js';

export interface GuardrailRef {
  readonly id: string;
  readonly version: string;
}

/**
 * The ConverseStream request for an answer. With a guardrail, the question goes in a
 * `guardContent` block so the guardrail judges what the person wrote (not the retrieved documents
 * or the earlier conversation, which it would otherwise also scan), and the answer is scanned in
 * `sync` mode: every streamed chunk has passed the guardrail before anyone sees it. Actions the
 * model may propose go in `toolConfig`, each with its parameters' JSON Schema as input schema.
 */
export function answerInput(options: {
  readonly modelId: string;
  readonly prompt: AnswerPrompt;
  readonly guardrail: GuardrailRef | undefined;
  readonly maxTokens: number;
  readonly tools?: readonly ActionTool[];
}): ConverseStreamCommandInput {
  const { modelId, prompt, guardrail, maxTokens, tools = [] } = options;
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
    ...(tools.length > 0 ? { toolConfig: { tools: tools.map(toolOf) } } : {}),
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

function toolOf(tool: ActionTool): Tool {
  return { toolSpec: { name: tool.name, description: tool.description, inputSchema: { json: jsonDocument(tool.inputSchema) } } };
}

/** The schema was read from a YAML or JSON file, so it is JSON data; the copy is typed as the SDK wants it. */
function jsonDocument(value: Readonly<Record<string, unknown>>): ToolInputSchema.JsonMember['json'] {
  return JSON.parse(JSON.stringify(value)) as ToolInputSchema.JsonMember['json'];
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
