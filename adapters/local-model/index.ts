export { ExtractiveLanguageModel, type ExtractiveLanguageModelOptions } from './extractive-language-model.js';
export { DEFAULT_ANSWER_OPTIONS, NOT_FOUND_ANSWER, type AnswerOptions } from './compose-answer.js';
export { DEFAULT_SUMMARY_OPTIONS, type SummaryOptions } from './summarize-turns.js';
