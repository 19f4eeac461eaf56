import type { Handler } from '../src/conversation/dispatcher.js';

export interface ShowHelpOptions {
  /** Whether `run` and `approvals` work here; without the approval workflow they only refuse. */
  readonly actions: boolean;
}

/** Offers only what this conversation can do: a command that then refuses is no help. */
function helpText(options: ShowHelpOptions): string {
  return [
    'I answer questions from your organisation’s knowledge base and cite where each answer comes from.',
    '',
    '*Ask* a question in plain words; follow-ups in the same thread keep the context.',
    '*forget* deletes what I remember of this conversation.',
    '*forget me* erases everything I keep about you, in every conversation; *export my data* shows it to you first.',
    ...(options.actions
      ? [
          '*run* _action_ key=value … because … asks me to run an action this channel allows; risky ones wait for approvers.',
          '*approvals* lists the requests waiting for you and where yours stand.',
        ]
      : []),
    '*help* shows this message.',
  ].join('\n');
}

export function createShowHelpHandler(options: ShowHelpOptions): Handler {
  const text = helpText(options);
  return function showHelp() {
    return Promise.resolve({ kind: 'notice', text });
  };
}
