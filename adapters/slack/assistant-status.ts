import type { ConversationRef } from '../../src/conversation/types.js';
import type { ProgressStyle } from './answer-session.js';
import type { SlackContext } from './slack-context.js';

const STATUS = 'is looking that up…';
/** Slack shows thread titles in a narrow list. */
const MAX_TITLE_CHARS = 60;

/**
 * Progress in Slack's assistant pane: the thread's status line (Slack clears it when the answer
 * is posted) instead of a placeholder, and the thread titled after its first question.
 */
export function assistantProgress(
  ctx: Pick<SlackContext, 'web' | 'useCases'>,
  ref: ConversationRef,
  threadTs: string | undefined,
  question: string,
): ProgressStyle {
  return {
    kind: 'status',
    show: async () => {
      if (threadTs === undefined) {
        return;
      }
      await ctx.web.setAssistantStatus(ref.channelId, threadTs, STATUS);
      // Asked once the core accepted the message (so not for someone it refuses), and before
      // the answer is stored, so the thread's first question still finds no history.
      if (!(await ctx.useCases.isParticipant(ref))) {
        await ctx.web.setAssistantTitle(ref.channelId, threadTs, titleFrom(question));
      }
    },
  };
}

function titleFrom(question: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_TITLE_CHARS ? oneLine : `${oneLine.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…`;
}
