import type { ChannelSettings } from '../../../src/channels/channel-settings.js';
import type { AuditActor } from '../../../src/ports/audit-log.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';

/** Who saved settings, as mrkdwn: a Slack person is mentioned (shown by name, notifying nobody in views). */
export function changedBy(actor: AuditActor): string {
  switch (actor.kind) {
    case 'user':
      return actor.platform === 'slack'
        ? `<@${actor.id}>`
        : `${actor.platform ?? 'a'} user ${escapeMrkdwn(actor.id)}`;
    case 'admin-api':
      return `the admin API (${escapeMrkdwn(actor.id)})`;
    case 'cli':
      return `an operator at the command line (${escapeMrkdwn(actor.id)})`;
    case 'system':
      return 'Steward';
  }
}

/**
 * A channel's settings in a few short mrkdwn phrases, the defaults left out: what an admin
 * scanning a list of channels needs to tell them apart.
 */
export function settingsSummary(settings: ChannelSettings): string[] {
  if (!settings.enabled) {
    return ['*Off*'];
  }
  const parts = [settings.replyMode === 'all' ? 'answers every message' : 'answers mentions'];
  parts.push(knowledgePhrase(settings));
  if (settings.modelId !== undefined) {
    parts.push(`model \`${escapeMrkdwn(settings.modelId)}\``);
  }
  if (settings.guardrail !== undefined) {
    parts.push(
      `guardrail \`${escapeMrkdwn(settings.guardrail.id)}\` v${escapeMrkdwn(settings.guardrail.version)}`,
    );
  }
  if (settings.persona !== undefined) {
    parts.push('extra instructions');
  }
  if (settings.actions.length > 0) {
    parts.push(`actions ${settings.actions.map((action) => `\`${action.actionId}\``).join(', ')}`);
  }
  const approvers = settings.approvers.users.length + settings.approvers.groups.length;
  if (approvers > 0) {
    parts.push(`${approvers} ${approvers === 1 ? 'approver' : 'approvers'}`);
  }
  if (settings.approversChannelId !== undefined) {
    parts.push(`approvals also in <#${settings.approversChannelId}>`);
  }
  if (settings.access.mode === 'listed') {
    parts.push(
      `only ${countOf(settings.access.users.length, 'person', 'people')}${settings.access.groups.length > 0 ? ` and ${countOf(settings.access.groups.length, 'group', 'groups')}` : ''}`,
    );
  }
  if (settings.userMessagesPerMinute !== undefined) {
    parts.push(`${settings.userMessagesPerMinute} messages a minute each`);
  }
  if (settings.retentionDays !== undefined) {
    parts.push(`history kept ${countOf(settings.retentionDays, 'day', 'days')}`);
  }
  return parts;
}

function knowledgePhrase(settings: ChannelSettings): string {
  const { knowledge } = settings;
  switch (knowledge.kind) {
    case 'default':
      return 'default knowledge';
    case 'local':
      return knowledge.collection !== undefined
        ? `local collection \`${escapeMrkdwn(knowledge.collection)}\``
        : 'the whole local knowledge folder';
    case 'bedrock':
      return `Bedrock knowledge base \`${escapeMrkdwn(knowledge.knowledgeBaseId)}\`${knowledge.filter !== undefined ? ' (filtered)' : ''}`;
  }
}

function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A date Slack shows in the reader's time zone, with a fallback for clients that cannot. */
export function slackDate(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${date.toISOString()}>`;
}
