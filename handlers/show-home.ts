import type { AdminUseCases } from '../src/admin/admin-use-cases.js';
import type { Person } from '../src/approval-rules/approval-types.js';
import { channelKeyString } from '../src/channels/channel-key.js';
import { encodeListCursor } from '../src/channels/settings-listing.js';
import type {
  ConfiguredChannelsPage,
  HomeOverview,
  HomeOverviewRequest,
  PersonalApprovals,
} from '../src/home/home-overview.js';
import type { KnowledgeGapReport, ShowKnowledgeGaps } from '../src/gaps/gap-report.js';
import type { AuditActor } from '../src/ports/audit-log.js';
import type { ActionRequests } from '../src/ports/action-requests.js';
import type { StoredChannelSettings } from '../src/ports/channel-settings-store.js';

export interface ShowHomeDeps {
  readonly admin: Pick<AdminUseCases, 'isAdmin' | 'listChannelSettings'>;
  /** The approval workflow; without it the home page shows no approvals. */
  readonly actions?: Pick<ActionRequests, 'overview' | 'pending'>;
  /** Channels per page. */
  readonly channelsPerPage?: number;
  /** The knowledge-gap report; without it the home page shows no gaps. */
  readonly knowledgeGaps?: ShowKnowledgeGaps;
}

const DEFAULT_CHANNELS_PER_PAGE = 20;
/** Channels of other workspaces and platforms share the listing; this many are looked at per page shown. */
const MAX_SCANNED_PER_PAGE = 1000;
const STORE_PAGE = 100;

/** A person opens Steward's home page: what they see depends on whether they are an admin. */
export function createShowHome(deps: ShowHomeDeps) {
  const perPage = deps.channelsPerPage ?? DEFAULT_CHANNELS_PER_PAGE;

  return async function showHome(request: HomeOverviewRequest): Promise<HomeOverview> {
    const { person } = request;
    if (person.organisation === 'external') {
      // Nothing of the organisation's channels or approvals for someone of another organisation.
      return { kind: 'member' };
    }
    const actor: AuditActor = { kind: 'user', id: person.userId, platform: person.platform };
    const approvals = deps.actions ? personalApprovals(deps.actions, person) : undefined;
    const yourGaps = reportOf(deps.knowledgeGaps?.({ audience: 'personal', person }));
    if (!(await deps.admin.isAdmin(actor))) {
      const [personal, mine] = await Promise.all([approvals, yourGaps]);
      return {
        kind: 'member',
        ...(personal ? { approvals: personal } : {}),
        ...(mine ? { yourGaps: mine } : {}),
      };
    }
    const [channels, pending, personal, gaps, mine] = await Promise.all([
      configuredChannels(deps.admin, actor, person, perPage, request.channelsCursor),
      deps.actions?.pending(person),
      approvals,
      reportOf(
        deps.knowledgeGaps?.({
          audience: 'channels',
          actor,
          scope: { kind: 'workspace', platform: person.platform, tenantId: person.tenantId },
        }),
      ),
      yourGaps,
    ]);
    if (channels === undefined) {
      // Removed as an admin between the two questions: the page of a member, then.
      return {
        kind: 'member',
        ...(personal ? { approvals: personal } : {}),
        ...(mine ? { yourGaps: mine } : {}),
      };
    }
    return {
      kind: 'admin',
      channels,
      ...(pending ? { pending } : {}),
      ...(personal ? { approvals: personal } : {}),
      ...(gaps ? { gaps } : {}),
      ...(mine ? { yourGaps: mine } : {}),
    };
  };
}

/** A refused report (no longer an admin) shows nothing rather than failing the whole page. */
async function reportOf(
  outcome: ReturnType<ShowKnowledgeGaps> | undefined,
): Promise<KnowledgeGapReport | undefined> {
  const result = await outcome;
  return result?.ok === true ? result.value : undefined;
}

async function personalApprovals(
  actions: Pick<ActionRequests, 'overview'>,
  person: Person,
): Promise<PersonalApprovals> {
  const overview = await actions.overview(person);
  return { waitingForYou: overview.waitingForYou, yourRequests: overview.yourRequests };
}

/**
 * The person's workspace's channels, `perPage` at a time. The listing holds every platform and
 * workspace in key order, so pages are filtered; the cursor handed out names the last channel
 * shown, so the next page starts right after it. An unreadable cursor starts from the beginning.
 */
async function configuredChannels(
  admin: ShowHomeDeps['admin'],
  actor: AuditActor,
  person: Person,
  perPage: number,
  startCursor: string | undefined,
): Promise<ConfiguredChannelsPage | undefined> {
  const found: StoredChannelSettings[] = [];
  let cursor = startCursor;
  let scanned = 0;
  for (;;) {
    const page = await admin.listChannelSettings(actor, {
      limit: STORE_PAGE,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    if (!page.ok) {
      if (page.refusal.code === 'INVALID' && cursor !== undefined) {
        cursor = undefined;
        continue;
      }
      return undefined;
    }
    found.push(
      ...page.value.items.filter(
        (item) => item.channel.platform === person.platform && item.channel.tenantId === person.tenantId,
      ),
    );
    scanned += page.value.items.length;
    cursor = page.value.cursor;
    if (found.length > perPage || cursor === undefined || scanned >= MAX_SCANNED_PER_PAGE) {
      break;
    }
  }
  const items = found.slice(0, perPage);
  const last = items.at(-1);
  // More found than shown: continue after the last one shown; otherwise after the last one looked at.
  const next =
    found.length > perPage && last !== undefined ? encodeListCursor(channelKeyString(last.channel)) : cursor;
  return { items, ...(next !== undefined ? { cursor: next } : {}) };
}
