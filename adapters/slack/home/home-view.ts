import type { ActionsBlock, Button, HomeView, KnownBlock, SectionBlock } from '@slack/types';
import type { ApprovalStatus } from '../../../src/approval-rules/approval-types.js';
import type { HomeOverview, PersonalApprovals } from '../../../src/home/home-overview.js';
import type { ApprovalSummary, PendingApprovals } from '../../../src/ports/action-requests.js';
import type { StoredChannelSettings } from '../../../src/ports/channel-settings-store.js';
import { knowledgeGapBlocks } from '../knowledge-gaps/home-gap-blocks.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';
import { SLACK_IDS } from '../slack-ids.js';
import { cut, header, note, plain } from '../render/view-blocks.js';
import { changedBy, slackSummary, slackDate } from '../render/settings-summary.js';

/** Slack refuses a Home tab of more than 100 blocks. */
const MAX_BLOCKS = 100;
const SHOWN = { waitingForYou: 10, pending: 20, yourRequests: 5 } as const;
const MAX_SECTION_CHARS = 3000;

const STATUS_WORDS: Readonly<Record<ApprovalStatus, string>> = {
  pending: 'waiting for approval',
  approved: 'approved, about to run',
  executing: 'running',
  succeeded: 'done',
  failed: 'failed',
  unknown: 'outcome unknown, check it',
  rejected: 'rejected',
  expired: 'expired without a decision',
  cancelled: 'cancelled',
};

/**
 * A person's Home tab. Everyone sees what Steward does and where their approvals stand; admins
 * also see what is pending across the workspace and the configured channels, a page at a time.
 */
export function homeView(
  overview: HomeOverview,
  shownPage: { readonly channelsCursor?: string } = {},
): HomeView {
  const blocks: KnownBlock[] = [header('Steward'), ...introduction(overview)];
  if (overview.approvals) {
    blocks.push(...waitingForYou(overview.approvals));
  }
  blocks.push(...knowledgeGapBlocks(overview));
  if (overview.kind === 'admin') {
    if (overview.pending) {
      blocks.push(...pendingInWorkspace(overview.pending));
    }
    blocks.push(...configuredChannels(overview.channels, shownPage.channelsCursor));
  }
  if (overview.approvals) {
    blocks.push(...yourRequests(overview.approvals));
  }
  return { type: 'home', blocks: withinLimit(blocks) };
}

function introduction(overview: HomeOverview): KnownBlock[] {
  const about: SectionBlock = {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: 'I answer questions from your organisation’s knowledge base and show where each answer comes from. Mention me in a channel and I reply in a thread (follow-ups there keep the context), message me here, or use `/steward ask` for an answer only you see. Some requests, such as restarting a service, I can carry out once the people your admins chose have approved them.',
    },
  };
  if (overview.kind === 'admin') {
    return [
      about,
      note(
        'You are a Steward admin. To change how I behave in a channel, run `/steward config` there, or press *Edit* next to a channel below.',
      ),
    ];
  }
  return [
    about,
    note('`/steward help` lists everything I can do. Steward admins decide how I behave in each channel.'),
  ];
}

function waitingForYou(approvals: PersonalApprovals): KnownBlock[] {
  const shown = approvals.waitingForYou.slice(0, SHOWN.waitingForYou);
  return [
    header('Waiting for your approval'),
    ...(shown.length === 0
      ? [note('Nothing is waiting for you.')]
      : shown.map((summary) => approvalItem(summary, 'decide'))),
    ...(approvals.waitingForYou.length > shown.length
      ? [
          note(
            `And ${approvals.waitingForYou.length - shown.length} more: \`/steward approvals\` lists them all.`,
          ),
        ]
      : []),
  ];
}

function pendingInWorkspace(pending: PendingApprovals): KnownBlock[] {
  const shown = pending.requests.slice(0, SHOWN.pending);
  return [
    header('Pending approvals in this workspace'),
    ...(shown.length === 0
      ? [note('No request is waiting for a decision.')]
      : shown.map((summary) => approvalItem(summary, 'decide'))),
    ...(pending.more || pending.requests.length > shown.length
      ? [note(`The ${shown.length} oldest are shown; more are waiting.`)]
      : []),
  ];
}

function yourRequests(approvals: PersonalApprovals): KnownBlock[] {
  const shown = approvals.yourRequests.slice(0, SHOWN.yourRequests);
  return [
    header('Your requests'),
    ...(shown.length === 0
      ? [note('You have not asked me to run anything yet.')]
      : shown.map((summary) => approvalItem(summary, 'status'))),
  ];
}

function approvalItem(summary: ApprovalSummary, kind: 'decide' | 'status'): SectionBlock {
  const title = `*${escapeMrkdwn(summary.title)}*`;
  const parameters = summary.parameters.map((p) => `${p.name}=${p.value}`).join(' ');
  const where = summary.channelId !== undefined ? ` in <#${summary.channelId}>` : '';
  const detail =
    kind === 'decide'
      ? `Asked by <@${summary.requester.userId}>${where} · ${summary.approvals.given} of ${summary.approvals.needed} approvals · decide by ${slackDate(summary.decideBy)}`
      : `${STATUS_WORDS[summary.status]} · asked ${slackDate(summary.createdAt)}${where}`;
  const text = cut(
    [title + (parameters ? ` \`${escapeMrkdwn(cut(parameters, 300))}\`` : ''), detail].join('\n'),
    MAX_SECTION_CHARS,
  );
  return {
    type: 'section',
    text: { type: 'mrkdwn', text },
    ...(summary.link !== undefined && /^https:\/\//u.test(summary.link) && summary.link.length <= 3000
      ? { accessory: linkButton('Open card', summary.link) }
      : {}),
  };
}

function configuredChannels(
  page: { readonly items: readonly StoredChannelSettings[]; readonly cursor?: string },
  shownCursor: string | undefined,
): KnownBlock[] {
  const blocks: KnownBlock[] = [header('Configured channels')];
  if (page.items.length === 0) {
    blocks.push(
      note(
        shownCursor === undefined
          ? 'No channel is configured yet: every channel uses the defaults (on, answering mentions, the service’s knowledge base, open to everyone).'
          : 'No more configured channels.',
      ),
    );
  }
  blocks.push(...page.items.map(channelItem));
  const buttons: Button[] = [];
  if (shownCursor !== undefined) {
    buttons.push(pageButton('First page', ''));
  }
  if (page.cursor !== undefined) {
    buttons.push(pageButton('Next page', page.cursor));
  }
  if (buttons.length > 0) {
    const pages: ActionsBlock = {
      type: 'actions',
      block_id: 'steward_home_channel_pages',
      elements: buttons,
    };
    blocks.push(pages);
  }
  return blocks;
}

function channelItem(item: StoredChannelSettings): SectionBlock {
  const text = [
    `*<#${item.channel.channelId}>*  ${slackSummary(item.settings).join(' · ')}`,
    `_Changed by ${changedBy(item.updatedBy)} ${slackDate(item.updatedAt)}_`,
  ].join('\n');
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: cut(text, MAX_SECTION_CHARS) },
    accessory: {
      type: 'button',
      action_id: SLACK_IDS.homeEditChannel,
      text: plain('Edit'),
      value: item.channel.channelId,
    },
  };
}

function pageButton(text: string, cursor: string): Button {
  return { type: 'button', action_id: SLACK_IDS.homeChannelsPage, text: plain(text), value: cursor };
}

function linkButton(text: string, url: string): Button {
  return { type: 'button', action_id: SLACK_IDS.homeOpenLink, text: plain(text), url };
}

/** The blocks that fit, with a last line saying something was left out. */
function withinLimit(blocks: readonly KnownBlock[]): KnownBlock[] {
  if (blocks.length <= MAX_BLOCKS) {
    return [...blocks];
  }
  return [...blocks.slice(0, MAX_BLOCKS - 1), note('There is more than fits on this page.')];
}
