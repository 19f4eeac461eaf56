import type { ShowKnowledgeGaps } from '../../../src/gaps/gap-report.js';
import { placeOf, settingsChannelOf, teamsActorOf } from '../admin-context.js';
import { knowledgeGapCard } from '../knowledge-gaps/gap-card.js';
import type { TeamsCommand } from './command-registry.js';

/**
 * `gaps`: what Steward could not answer, or answered with a 👎. In a channel an admin gets the
 * channel's report (its members asked those questions there); anyone else is refused, and the
 * use case audits the attempt. In a personal chat everyone gets the gaps of their own private
 * chats, which no admin report includes. A group chat is private to its members, so no report is
 * shown there.
 */
export function gapsCommand(showGaps: ShowKnowledgeGaps): TeamsCommand {
  return {
    name: 'gaps',
    aliases: ['knowledge gaps'],
    description: 'What Steward could not answer or answered with a 👎 lately (admins: per channel)',
    async run(invocation) {
      if (!(await invocation.claimDelivery())) {
        return { kind: 'duplicate' };
      }
      const { activity, scope } = invocation;
      const { channel } = settingsChannelOf(activity);
      if (scope === 'groupChat') {
        return {
          kind: 'notice',
          text: 'Questions asked in group chats stay among their members. Type gaps in your personal chat with me to see your own.',
        };
      }
      if (scope === 'channel') {
        const outcome = await showGaps({
          audience: 'channels',
          actor: teamsActorOf(activity),
          scope: { kind: 'channel', channel },
        });
        if (!outcome.ok) {
          return { kind: 'notice', text: outcome.refusal.message };
        }
        return {
          kind: 'card',
          card: knowledgeGapCard(outcome.value, placeOf(scope)),
          summary: 'Steward knowledge gaps for this channel',
        };
      }
      // A personal chat: the person's own private questions, whoever they are.
      const person = { platform: 'teams' as const, tenantId: channel.tenantId, userId: activity.from.id };
      const outcome = await showGaps({ audience: 'personal', person });
      if (!outcome.ok) {
        return { kind: 'notice', text: outcome.refusal.message };
      }
      return {
        kind: 'card',
        card: knowledgeGapCard(outcome.value, placeOf(scope)),
        summary: 'Your questions Steward could not answer',
      };
    },
  };
}
