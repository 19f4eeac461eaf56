import type { Handler } from '../src/conversation/dispatcher.js';

const HELP_TEXT = [
  'I answer questions from your organisation’s knowledge base and cite where each answer comes from.',
  '',
  '*Ask* a question in plain words; follow-ups in the same thread keep the context.',
  '*forget* deletes what I remember of this conversation.',
  '*help* shows this message.',
].join('\n');

export function createShowHelpHandler(): Handler {
  return function showHelp() {
    return Promise.resolve({ kind: 'notice', text: HELP_TEXT });
  };
}
