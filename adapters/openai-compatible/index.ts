export { OpenAiCompatibleModel, type OpenAiCompatibleModelOptions } from './openai-compatible-model.js';
