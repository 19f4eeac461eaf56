import type { Handler } from '../src/conversation/dispatcher.js';
import type { InboundMessage } from '../src/conversation/types.js';
import type { ErasureCounts, PersonRef } from '../src/ports/personal-records.js';
import type { PersonalDataRights } from '../src/privacy/personal-data-rights.js';
import { CONFIRMATION_WINDOW_MS } from '../src/privacy/pseudonyms.js';

export const ERASURE_UNAVAILABLE =
  'Erasing what I keep about you is not set up on this service. Ask a Steward admin to do it for you.';

/**
 * "forget me": erase everything stored about the person in every conversation. A first message
 * only explains what goes and gives a code; the erasure happens when the person sends the code
 * back, so neither a slip of the keyboard nor someone else's message can erase anything.
 * Every reply is for the person alone.
 */
export function createForgetMeHandler(rights: PersonalDataRights | undefined): Handler {
  return async function forgetMe(message, { intent, logger }) {
    if (rights === undefined) {
      return { kind: 'notice', text: ERASURE_UNAVAILABLE, audience: 'author' };
    }
    const person = personOf(message);
    const code = intent.kind === 'forget-me' ? intent.code : undefined;
    if (code === undefined) {
      return { kind: 'notice', text: confirmationText(rights.confirmationCode(person)), audience: 'author' };
    }
    if (!rights.isConfirmationCode(person, code)) {
      logger.info({}, 'erasure not confirmed: wrong or expired code');
      return {
        kind: 'notice',
        text: 'That code is not the one I gave you, or it has expired, so I erased nothing. Send **forget me** for a new one.',
        audience: 'author',
      };
    }
    const { counts } = await rights.erase(person, {
      kind: 'user',
      id: message.author.id,
      platform: message.ref.platform,
      ...(message.author.organisation === 'external' ? { organisation: 'external' as const } : {}),
    });
    return { kind: 'notice', text: erasedText(counts), audience: 'author' };
  };
}

/** The author, under every id the platform knows them by (Teams: also their Entra object id). */
export function personOf(message: InboundMessage): PersonRef {
  const { id, directoryId } = message.author;
  return {
    platform: message.ref.platform,
    userId: id,
    ...(directoryId !== undefined && directoryId !== id ? { otherIds: [directoryId] } : {}),
  };
}

function confirmationText(code: string): string {
  const minutes = Math.round(CONFIRMATION_WINDOW_MS / 60_000);
  return [
    'This erases everything I keep about you, in every conversation and channel: your questions and my answers to them, your ratings, and the knowledge-gap entries made from your questions. Summaries of conversations you took part in are dropped. Approval and audit records are kept for governance with your name replaced by a pseudonym.',
    '',
    `It cannot be undone. To go ahead, send **forget me ${code}** within ${minutes} minutes.`,
  ].join('\n');
}

function erasedText(counts: ErasureCounts): string {
  return [
    `Done: I erased ${plural(counts.turns, 'question')} with their answers, ${plural(counts.feedback, 'rating')} you gave and ${plural(counts.gaps, 'knowledge-gap entry', 'knowledge-gap entries')}, and dropped ${plural(counts.summaries, 'conversation summary', 'conversation summaries')}.`,
    `${plural(counts.auditRecords + counts.approvals, 'governance record')} now name you by a pseudonym only.`,
  ].join(' ');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
