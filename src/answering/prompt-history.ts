import type { Turn } from '../conversation/types.js';

export interface PromptMessage {
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

const NO_ANSWER_NOTE = '(No answer was given: the service failed before answering.)';

/**
 * Earlier turns as alternating user and assistant messages (the shape chat models require). The
 * speaker's name prefixes each question so a multi-person thread keeps who asked what. Citation
 * markers are removed from old answers: their numbers pointed at sources the model no longer sees.
 */
export function historyMessages(turns: readonly Turn[]): PromptMessage[] {
  return turns.flatMap((turn) => [
    { role: 'user' as const, text: `${speakerName(turn)}: ${turn.question}` },
    { role: 'assistant' as const, text: assistantText(turn) },
  ]);
}

/** The conversation as plain lines, for prompts that take it as data in one message. */
export function transcript(turns: readonly Turn[], assistantName = 'Steward'): string {
  return turns
    .flatMap((turn) => [`${speakerName(turn)}: ${turn.question}`, `${assistantName}: ${assistantText(turn)}`])
    .join('\n');
}

function assistantText(turn: Turn): string {
  if (turn.unanswered === 'failed' || turn.answer.trim() === '') {
    return NO_ANSWER_NOTE;
  }
  return withoutMarkers(turn.answer);
}

function speakerName(turn: Turn): string {
  const name = (turn.author.name ?? '').replace(/\s+/g, ' ').trim();
  return name !== '' ? name : turn.author.id;
}

export function withoutMarkers(text: string): string {
  return text.replace(/\s*\[\d+\]/g, '').trim();
}
