import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { OrganisationRelation } from '../../../src/conversation/types.js';
import { eventAuthorOrigin, interactionActorOrigin, relationOf } from '../inbound/organisation.js';
import type { SlackContext } from '../slack-context.js';
import { SLACK_IDS } from '../slack-ids.js';
import { homeView } from './home-view.js';
import {
  openSettingsForm,
  type SettingsFormParts,
  type SlackChannelAdminDeps,
} from '../channel-settings/settings-form-opener.js';
import type { ActionRoutes } from '../listeners/action-routes.js';

type ButtonClick = BlockAction<ButtonAction>;

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/u;

/** Publishes what one person's Home tab shows now. */
export async function publishHome(
  ctx: SlackContext,
  deps: SlackChannelAdminDeps,
  userId: string,
  organisation: OrganisationRelation,
  channelsCursor?: string,
): Promise<void> {
  const identity = await ctx.identity.get();
  const overview = await deps.home({
    person: { platform: 'slack', tenantId: identity.tenantId, userId, organisation },
    ...(channelsCursor !== undefined ? { channelsCursor } : {}),
  });
  await ctx.web.publishHome(
    userId,
    homeView(overview, channelsCursor !== undefined ? { channelsCursor } : {}),
  );
}

/**
 * The Home tab: published each time someone opens it (Slack keeps the last one published for
 * them), and again when an admin pages through the channels. Edit opens a channel's settings.
 */
export function registerHomeTab(app: App, actions: ActionRoutes, parts: SettingsFormParts): void {
  const { ctx, deps } = parts;

  app.event('app_home_opened', ({ event, body }) => {
    if (event.tab !== 'home') {
      // The Messages tab is the DM with Steward: nothing to show.
      return Promise.resolve();
    }
    ctx.tasks.run('slack.home', async () =>
      publishHome(ctx, deps, event.user, relationOf(eventAuthorOrigin(body), await ctx.identity.get())),
    );
    return Promise.resolve();
  });

  actions.action<ButtonClick>(SLACK_IDS.homeChannelsPage, async ({ ack, body, action }) => {
    await ack();
    const cursor = action.value === undefined || action.value === '' ? undefined : action.value;
    ctx.tasks.run('slack.home.page', async () =>
      publishHome(
        ctx,
        deps,
        body.user.id,
        relationOf(interactionActorOrigin(body), await ctx.identity.get()),
        cursor,
      ),
    );
  });

  actions.action<ButtonClick>(SLACK_IDS.homeEditChannel, async ({ ack, body, action }) => {
    await ack();
    const channelId = action.value ?? '';
    if (!CHANNEL_ID.test(channelId)) {
      ctx.logger.warn({ userId: body.user.id, reason: 'not a channel id' }, 'slack button value rejected');
      return;
    }
    ctx.interactive.run('slack.home.edit', async () => {
      const organisation = relationOf(interactionActorOrigin(body), await ctx.identity.get());
      const refusal = await openSettingsForm(parts, {
        userId: body.user.id,
        organisation,
        channelId,
        triggerId: body.trigger_id,
        origin: 'home',
      });
      if (refusal !== undefined) {
        // No longer an admin (or the channel went away): the tab shows what they may see now.
        await publishHome(ctx, deps, body.user.id, organisation);
      }
    });
  });

  // Link buttons report their clicks too; the browser already did the work.
  actions.action<ButtonClick>(SLACK_IDS.homeOpenLink, async ({ ack }) => {
    await ack();
  });
}
