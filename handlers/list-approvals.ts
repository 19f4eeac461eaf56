import { displayName, formatTime } from '../src/approval-rules/approval-card.js';
import { personOf } from '../src/approval-rules/person.js';
import type { Handler } from '../src/conversation/dispatcher.js';
import type { ActionRequests, ApprovalSummary } from '../src/ports/action-requests.js';

/** `approvals`: what waits for the person's decision, and where their own requests stand. */
export function createListApprovalsHandler(actions: ActionRequests | undefined): Handler {
  return async function listApprovals(message) {
    if (actions === undefined) {
      return { kind: 'notice', text: 'Actions are not available here.' };
    }
    const overview = await actions.overview(personOf(message));
    const lines: string[] = [];
    lines.push(
      overview.waitingForYou.length === 0
        ? '*Waiting for you:* nothing right now.'
        : `*Waiting for you (${overview.waitingForYou.length}):*`,
    );
    for (const summary of overview.waitingForYou) {
      lines.push(
        `• ${title(summary)} asked by ${displayName(summary.requester)}; ${summary.approvals.given} of ${summary.approvals.needed} approvals; decide by ${formatTime(summary.decideBy)}`,
      );
    }
    lines.push('');
    lines.push(overview.yourRequests.length === 0 ? '*Your requests:* none yet.' : '*Your requests:*');
    for (const summary of overview.yourRequests) {
      lines.push(`• ${title(summary)}: ${summary.status} (asked ${formatTime(summary.createdAt)})`);
    }
    return { kind: 'notice', text: lines.join('\n') };
  };
}

function title(summary: ApprovalSummary): string {
  const parameters = summary.parameters.map((p) => `${p.name}=${p.value}`).join(' ');
  const name = summary.link !== undefined ? `[${summary.title}](${summary.link})` : `*${summary.title}*`;
  return parameters ? `${name} (\`${parameters}\`)` : name;
}
