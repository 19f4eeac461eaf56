import type { Handler } from '../src/conversation/dispatcher.js';

const HELP_TEXT = [
  'I answer questions from your organisation’s knowledge base and cite where each answer comes from.',
  '',
  '*Ask* a question in plain words; follow-ups in the same thread keep the context.',
  '*forget* deletes what I remember of this conversation.',
  '*run* _action_ key=value … because … asks me to run an action this channel allows; risky ones wait for approvers.',
  '*approvals* lists the requests waiting for you and where yours stand.',
  '*help* shows this message.',
].join('\n');

export function createShowHelpHandler(): Handler {
  return function showHelp() {
    return Promise.resolve({ kind: 'notice', text: HELP_TEXT });
  };
}
