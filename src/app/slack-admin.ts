import type { SlackChannelAdminDeps } from '../../adapters/slack/channel-settings/channel-admin.js';
import { createShowHome } from '../../handlers/show-home.js';
import type { AdminFeature } from './admin.js';
import type { Approvals } from './approvals.js';

/** What Slack's settings modal and Home tab need: the admin use cases, the home page, the catalogue. */
export function slackChannelAdmin(admin: AdminFeature, approvals: Approvals): SlackChannelAdminDeps {
  return {
    admin: admin.useCases,
    home: createShowHome({
      admin: admin.useCases,
      actions: approvals.workflow.requests,
      knowledgeGaps: admin.knowledgeGaps,
    }),
    catalogue: approvals.catalogue.list().map((action) => ({ id: action.id, title: action.title })),
  };
}
