export { createBedrockClients, type BedrockClientOptions, type BedrockClients } from './bedrock-clients.js';
export { BedrockKnowledgeBase, type BedrockKnowledgeBaseOptions } from './bedrock-knowledge-base.js';
export { BedrockLanguageModel, type BedrockLanguageModelOptions } from './bedrock-language-model.js';
export type { RetrievalDefaults } from './knowledge-target.js';
export { RetrieveAndGenerateModel, type RetrieveAndGenerateModelOptions } from './retrieve-and-generate-model.js';
export { GuardrailGate, type GuardrailGateOptions } from './guardrail-gate.js';
