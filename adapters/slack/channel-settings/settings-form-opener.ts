import type { AdminRefusal, AdminUseCases } from '../../../src/admin/admin-use-cases.js';
import type { HomeOverview, HomeOverviewRequest } from '../../../src/home/home-overview.js';
import { openSettingsForm as openForm } from '../../../src/admin/settings-form/form-flow.js';
import { pickedIds } from '../../../src/admin/settings-form/form-view.js';
import type { ChannelKey } from '../../../src/channels/channel-key.js';
import { personActor } from '../../../src/ports/audit-log.js';
import type { SlackContext } from '../slack-context.js';
import type { SlashInvocation } from '../slash/slash-command-registry.js';
import { BLOCK_LIMITS } from '../render/view-blocks.js';
import type { FormMetadataSigner, SettingsFormMetadata } from './form-metadata.js';
import { type CatalogueAction, settingsModal } from './settings-modal.js';
import { SLACK_FORM } from './slack-form-dialect.js';
import type { UserGroupCatalog } from './user-groups.js';

/**
 * What the Slack admin surfaces (the settings modal and the Home tab) ask of the core. The
 * composition root wires these to the admin use cases and the home-page use case.
 */
export interface SlackChannelAdminDeps {
  /** Both check that the person is an admin (and audit a refusal). */
  readonly admin: Pick<AdminUseCases, 'settingsForEditing' | 'changeSettings'>;
  /** What a person's Home tab shows. */
  readonly home: (request: HomeOverviewRequest) => Promise<HomeOverview>;
  /** The actions the service knows, as a reminder in the form. */
  readonly catalogue: readonly CatalogueAction[];
}

export interface SettingsFormParts {
  readonly ctx: SlackContext;
  readonly deps: SlackChannelAdminDeps;
  readonly signer: FormMetadataSigner;
  readonly groups: UserGroupCatalog;
  /** Publishes a person's Home tab again (after saving from it). */
  readonly refreshHome: (userId: string) => Promise<void>;
}

/** Who opens which channel's settings, from where; the trigger id is honoured for 3 seconds. */
export type OpenRequest = Pick<SlashInvocation, 'userId' | 'organisation' | 'channelId' | 'triggerId'> & {
  readonly origin: SettingsFormMetadata['origin'];
};

export async function slackChannel(ctx: SlackContext, channelId: string): Promise<ChannelKey> {
  const identity = await ctx.identity.get();
  return { platform: 'slack', tenantId: identity.tenantId, channelId };
}

/**
 * Opens the settings modal for one channel, pre-filled, when the person is an admin; otherwise
 * opens nothing and gives back the refusal (which the use case has audited).
 */
export async function openSettingsForm(
  parts: SettingsFormParts,
  request: OpenRequest,
): Promise<AdminRefusal | undefined> {
  const { ctx, deps, signer, groups } = parts;
  const { userId, channelId, origin } = request;
  const actor = personActor('slack', userId, request.organisation);
  const opening = await openForm(
    deps.admin,
    actor,
    await slackChannel(ctx, channelId),
    SLACK_FORM,
    BLOCK_LIMITS.textBox,
  );
  if (!opening.ok) {
    return opening.refusal;
  }
  const { editable, form } = opening;
  const { version } = editable;
  const metadata = signer.sign({
    channelId,
    version,
    openedBy: userId,
    origin,
    ...(form.tooLong.length > 0 ? { kept: form.tooLong } : {}),
  });
  await ctx.web.openView(
    request.triggerId,
    settingsModal({
      editable,
      form,
      metadata,
      catalogue: deps.catalogue,
      // Every group picker's groups are shown by handle.
      groupLabel: await groups.labels(pickedIds(form, 'groups')),
    }),
  );
  ctx.logger.info({ channelId, userId, version, origin }, 'slack settings form opened');
  return undefined;
}
