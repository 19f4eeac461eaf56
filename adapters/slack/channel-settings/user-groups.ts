import type { App, BlockSuggestion } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import type { Logger } from '../../../src/logger.js';
import type { Clock } from '../../../src/clock.js';
import { SLACK_IDS } from '../slack-ids.js';
import type { SlackUserGroup, SlackWebApi } from '../slack-web-api.js';
import { BLOCK_LIMITS, cut, plain } from '../render/view-blocks.js';

/** Reused this long: opening a form and typing in its pickers should not call Slack each time. */
const LIST_TTL_MS = 60_000;
/** Slack shows at most 100 options. */
const MAX_OPTIONS = 100;
/** A form opens within Slack's 3 seconds even when the group names are slow to come. */
const LABELS_WAIT_MS = 1_000;

/**
 * The workspace's user groups (usergroups.list), for the settings form's group pickers: shown
 * by handle, searched as the admin types. One listing is shared for a minute.
 */
export class UserGroupCatalog {
  private cached: { readonly at: number; readonly groups: Promise<readonly SlackUserGroup[]> } | undefined;

  constructor(
    private readonly web: SlackWebApi,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  list(): Promise<readonly SlackUserGroup[]> {
    const now = this.clock.now().getTime();
    if (this.cached === undefined || now - this.cached.at > LIST_TTL_MS) {
      const groups = this.web.userGroups();
      this.cached = { at: now, groups };
      // A failed listing is not kept: the next form asks again.
      void groups.catch(() => {
        if (this.cached?.groups === groups) {
          this.cached = undefined;
        }
      });
    }
    return this.cached.groups;
  }

  /** How to show each id: `@handle` when Slack names it in time, else the id itself. */
  async labels(ids: readonly string[]): Promise<(groupId: string) => string> {
    if (ids.length === 0) {
      return (id) => id;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), LABELS_WAIT_MS);
    });
    try {
      const groups = await Promise.race([this.list(), timeout]);
      const byId = new Map((groups ?? []).map((group) => [group.id, `@${group.handle}`]));
      return (id) => byId.get(id) ?? id;
    } catch (error) {
      this.logger.warn({ err: error }, 'slack user groups not listed; showing ids');
      return (id) => id;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Options for a picker: groups whose handle or name contains what was typed. */
  async options(query: string): Promise<PlainTextOption[]> {
    const wanted = query.trim().replace(/^@/u, '').toLowerCase();
    const groups = await this.list();
    return groups
      .filter(
        (group) =>
          wanted === '' ||
          group.handle.toLowerCase().includes(wanted) ||
          group.name.toLowerCase().includes(wanted),
      )
      .slice(0, MAX_OPTIONS)
      .map((group) => ({
        text: plain(
          cut(
            group.name === group.handle ? `@${group.handle}` : `@${group.handle} (${group.name})`,
            BLOCK_LIMITS.optionText,
          ),
        ),
        value: group.id,
      }));
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
