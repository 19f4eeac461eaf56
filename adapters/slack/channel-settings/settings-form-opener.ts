import type { AdminRefusal } from '../../../src/admin/admin-use-cases.js';
import type { ChannelKey } from '../../../src/channels/channel-key.js';
import type { OrganisationRelation } from '../../../src/conversation/types.js';
import type { AuditActor } from '../../../src/ports/audit-log.js';
import type { SlackContext } from '../slack-context.js';
import type { SlackChannelAdminDeps } from './channel-admin-deps.js';
import type { FormMetadataSigner, SettingsFormMetadata } from './form-metadata.js';
import { FORM_FIELDS } from '../../../src/admin/settings-form/form-fields.js';
import { filledForm } from '../../../src/admin/settings-form/form-values.js';
import { BLOCK_LIMITS } from '../render/view-blocks.js';
import { settingsModal } from './settings-modal.js';
import { SLACK_FORM } from './slack-form-dialect.js';
import type { UserGroupCatalog } from './user-groups.js';

export interface SettingsFormParts {
  readonly ctx: SlackContext;
  readonly deps: SlackChannelAdminDeps;
  readonly signer: FormMetadataSigner;
  readonly groups: UserGroupCatalog;
  /** Publishes a person's Home tab again (after saving from it). */
  readonly refreshHome: (userId: string) => Promise<void>;
}

export interface OpenRequest {
  readonly userId: string;
  readonly organisation: OrganisationRelation;
  readonly channelId: string;
  /** From the interaction that asked; Slack honours it for 3 seconds. */
  readonly triggerId: string;
  readonly origin: SettingsFormMetadata['origin'];
}

/** An admin form's user as the admin use cases know them; one of another organisation is never an admin. */
export function slackActor(userId: string, organisation: OrganisationRelation): AuditActor {
  return {
    kind: 'user',
    id: userId,
    platform: 'slack',
    ...(organisation === 'external' ? { organisation: 'external' as const } : {}),
  };
}

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
  const channel = await slackChannel(ctx, request.channelId);
  const outcome = await deps.admin.settingsForEditing(
    slackActor(request.userId, request.organisation),
    channel,
  );
  if (!outcome.ok) {
    return outcome.refusal;
  }
  const editable = outcome.value;
  const form = filledForm(editable.settings, SLACK_FORM, BLOCK_LIMITS.textBox);
  // Every group picker's groups are shown by handle.
  const groupIds = FORM_FIELDS.flatMap((field) => {
    const value = form.values[field.name] ?? '';
    return field.kind.type === 'groups' && typeof value !== 'string' ? value : [];
  });
  const metadata = signer.sign({
    channelId: request.channelId,
    version: editable.version,
    openedBy: request.userId,
    origin: request.origin,
    ...(form.tooLong.includes('knowledgeFilter') ? { keepsFilter: true as const } : {}),
  });
  await ctx.web.openView(
    request.triggerId,
    settingsModal({
      editable,
      form,
      metadata,
      dialect: SLACK_FORM,
      catalogue: deps.catalogue,
      groupLabel: await groups.labels(groupIds),
    }),
  );
  ctx.logger.info(
    {
      channelId: request.channelId,
      userId: request.userId,
      version: editable.version,
      origin: request.origin,
    },
    'slack settings form opened',
  );
  return undefined;
}
