import type { OrganisationRelation } from '../../../src/conversation/types.js';
import { isRecord } from '../request-body.js';

/** Where Steward is installed, as auth.test names it: a workspace (T…), within an Enterprise Grid organisation (E…) or not. */
export interface HomeOrganisation {
  readonly teamId: string | undefined;
  readonly enterpriseId: string | undefined;
}

/**
 * What a payload says of the acting person's organisation. `teamId` is their workspace (T…) or,
 * for users of an Enterprise Grid organisation, often the organisation itself (E…); `enterpriseId`
 * is the organisation their workspace belongs to, when Slack pairs one with it.
 */
export interface ActorOrigin {
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
  /**
   * Slack says the conversation is not shared with another organisation
   * (`is_ext_shared_channel: false`): another workspace in it can only be one of the home
   * organisation's own.
   */
  readonly internalConversation?: boolean;
}

/**
 * `member` when the person belongs to the organisation Steward is installed in: its workspace,
 * or any workspace of the same Enterprise Grid organisation. A payload that names no team at all
 * is the installation's own (Slack names the team wherever people of several can meet).
 */
export function relationOf(origin: ActorOrigin, home: HomeOrganisation): OrganisationRelation {
  const homeIds = [home.teamId, home.enterpriseId].filter(isId);
  const { teamId, enterpriseId } = origin;
  if (!isId(teamId) && !isId(enterpriseId)) {
    return 'member';
  }
  if (isId(teamId) && homeIds.includes(teamId)) {
    return 'member';
  }
  if (isId(enterpriseId) && enterpriseId === home.enterpriseId) {
    return 'member';
  }
  if (origin.internalConversation === true && isId(home.enterpriseId)) {
    return 'member';
  }
  return 'external';
}

/**
 * The author of an Events API message. In a shared channel `user_team` is the author's team
 * (`source_team` is only where the message was posted, and an app_mention's `team` can be the
 * installation's whoever wrote); without it `team` is the author's. The envelope's `team_id`
 * and `enterprise_id` describe the acting workspace when it is the author's, which is how a
 * workspace of a Grid organisation is known to be part of it.
 */
export function eventAuthorOrigin(envelope: unknown): ActorOrigin {
  if (!isRecord(envelope)) {
    return {};
  }
  const event = isRecord(envelope.event) ? envelope.event : {};
  const profile = isRecord(event.user_profile) ? event.user_profile : {};
  const teamId = text(event.user_team) ?? text(profile.team) ?? text(event.team);
  const enterpriseId =
    teamId !== undefined && teamId === text(envelope.team_id) ? text(envelope.enterprise_id) : undefined;
  return {
    teamId,
    enterpriseId,
    ...(envelope.is_ext_shared_channel === false ? { internalConversation: true } : {}),
  };
}

/**
 * The person behind a block_actions, view_submission or shortcut payload: `user.team_id` (an E…
 * id for Enterprise Grid users), and the organisation of `team` when that team is theirs.
 */
export function interactionActorOrigin(body: unknown): ActorOrigin {
  if (!isRecord(body) || !isRecord(body.user)) {
    return {};
  }
  const teamId = text(body.user.team_id);
  const team = isRecord(body.team) ? body.team : undefined;
  const enterprise = isRecord(body.enterprise) ? body.enterprise : undefined;
  const enterpriseId =
    teamId !== undefined && team !== undefined && text(team.id) === teamId
      ? (text(team.enterprise_id) ?? text(enterprise?.id))
      : undefined;
  return { teamId, enterpriseId };
}

/**
 * The person invoking a slash command: the command's `team_id` (and `enterprise_id` in an
 * Enterprise Grid organisation) name the workspace it was invoked from, which is the invoker's;
 * a command carries no other team of the user's.
 */
export function commandInvokerOrigin(command: {
  readonly team_id?: unknown;
  readonly enterprise_id?: unknown;
}): ActorOrigin {
  return { teamId: text(command.team_id), enterpriseId: text(command.enterprise_id) };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isId(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
