import type { App, BlockSuggestion } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { PlainTextOption } from '@slack/types';
import type { Logger } from '../../../src/logger.js';
import type { Clock } from '../../../src/clock.js';
import { SLACK_IDS } from '../slack-ids.js';
import type { SlackUserGroup, SlackWebApi } from '../slack-web-api.js';
import { option } from './settings-modal.js';

/** Reused this long: opening a form and typing in its pickers should not call Slack each time. */
const LIST_TTL_MS = 60_000;
/** Slack shows at most 100 options. */
const MAX_OPTIONS = 100;
/** A form opens within Slack's 3 seconds even when the group names are slow to come. */
const LABELS_WAIT_MS = 1_000;
const LISTING = 'usergroups';

/**
 * The workspace's user groups (usergroups.list), for the settings form's group pickers: shown
 * by handle, searched as the admin types. One listing is shared for a minute (timed by the
 * service's clock); concurrent asks share one call, and a failed listing is not kept.
 */
export class UserGroupCatalog {
  private readonly listing: LRUCache<string, readonly SlackUserGroup[]>;

  constructor(
    web: SlackWebApi,
    clock: Clock,
    private readonly logger: Logger,
  ) {
    this.listing = new LRUCache({
      max: 1,
      ttl: LIST_TTL_MS,
      ttlResolution: 0,
      perf: { now: () => clock.now().getTime() },
      fetchMethod: () => web.userGroups(),
    });
  }

  /**
   * How to show each id: `@handle` when Slack names it in time, else the id itself. A listing
   * that takes too long goes on in the background, for the next form.
   */
  async labels(ids: readonly string[]): Promise<(groupId: string) => string> {
    if (ids.length === 0) {
      return (id) => id;
    }
    try {
      const groups = await this.listing.fetch(LISTING, {
        signal: AbortSignal.timeout(LABELS_WAIT_MS),
        ignoreFetchAbort: true,
        allowStaleOnFetchAbort: true,
      });
      const byId = new Map((groups ?? []).map((group) => [group.id, `@${group.handle}`]));
      return (id) => byId.get(id) ?? id;
    } catch (error) {
      this.logger.warn({ err: error }, 'slack user groups not listed; showing ids');
      return (id) => id;
    }
  }

  /** Options for a picker: groups whose handle or name contains what was typed. */
  async options(query: string): Promise<PlainTextOption[]> {
    const wanted = query.trim().replace(/^@/u, '').toLowerCase();
    const groups = (await this.listing.fetch(LISTING)) ?? [];
    return groups
      .filter(
        (group) =>
          wanted === '' ||
          group.handle.toLowerCase().includes(wanted) ||
          group.name.toLowerCase().includes(wanted),
      )
      .slice(0, MAX_OPTIONS)
      .map((group) =>
        option({
          value: group.id,
          text: group.name === group.handle ? `@${group.handle}` : `@${group.handle} (${group.name})`,
        }),
      );
  }
}

/** Answers Slack's requests for the group pickers' options (block_suggestion). */
export function registerUserGroupOptions(app: App, groups: UserGroupCatalog, logger: Logger): void {
  app.options<'block_suggestion'>(SLACK_IDS.userGroupPicker, async ({ ack, payload }) => {
    const suggestion: BlockSuggestion = payload;
    try {
      await ack({ options: await groups.options(suggestion.value) });
    } catch (error) {
      logger.warn({ err: error }, 'slack user groups not listed; no options offered');
      await ack({ options: [] });
    }
  });
}
