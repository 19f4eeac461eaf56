import { describe, expect, it } from 'vitest';
import {
  commandInvokerOrigin,
  eventAuthorOrigin,
  type HomeOrganisation,
  interactionActorOrigin,
  relationOf,
} from '../../../../adapters/slack/inbound/organisation.js';
import { slackFixture } from '../../../support/slack-payloads.js';

type Json = Record<string, unknown>;

/** Steward installed in one workspace, outside any Enterprise Grid organisation. */
const WORKSPACE: HomeOrganisation = { teamId: 'T0ACME', enterpriseId: undefined };
/** Steward installed in workspace T0ACME of the Enterprise Grid organisation E0ACME. */
const GRID: HomeOrganisation = { teamId: 'T0ACME', enterpriseId: 'E0ACME' };
/** An organisation-wide installation: auth.test names the organisation only. */
const ORG_WIDE: HomeOrganisation = { teamId: undefined, enterpriseId: 'E0ACME' };

const withEvent = (name: Parameters<typeof slackFixture>[0], event: Json = {}, envelope: Json = {}): Json => {
  const payload = slackFixture(name);
  return { ...payload, ...envelope, event: { ...(payload.event as Json), ...event } };
};

describe('who belongs to the organisation, from Slack events', () => {
  it('takes the captured fixtures of the workspace’s own people for members, as before', () => {
    for (const name of [
      'app-mention',
      'message-im',
      'message-thread-reply',
      'assistant-user-message',
    ] as const) {
      expect(relationOf(eventAuthorOrigin(slackFixture(name)), WORKSPACE), name).toBe('member');
    }
  });

  it('knows a partner in a Slack Connect channel by user_team, whatever team and source_team say', () => {
    const mention = slackFixture('app-mention-external');
    expect(eventAuthorOrigin(mention)).toMatchObject({ teamId: 'T0PARTNER' });
    expect(relationOf(eventAuthorOrigin(mention), WORKSPACE)).toBe('external');
    expect(relationOf(eventAuthorOrigin(mention), GRID)).toBe('external');
  });

  it('knows a partner’s message by its team when it carries no user_team', () => {
    expect(relationOf(eventAuthorOrigin(slackFixture('message-external')), WORKSPACE)).toBe('external');
  });

  it('takes one of the workspace’s people for a member in a channel another organisation hosts', () => {
    // The app_mention's team is the host's; user_team is the author's own.
    const ours = withEvent('app-mention-external', {
      user: 'U0ANN',
      team: 'T0PARTNER',
      user_team: 'T0ACME',
      user_profile: { team: 'T0ACME' },
    });
    expect(relationOf(eventAuthorOrigin(ours), WORKSPACE)).toBe('member');
  });

  it('takes a user of the same Enterprise Grid organisation for a member', () => {
    const colleague = slackFixture('app-mention-same-enterprise');
    expect(relationOf(eventAuthorOrigin(colleague), GRID)).toBe('member');
    expect(relationOf(eventAuthorOrigin(colleague), ORG_WIDE)).toBe('member');
  });

  it('takes another workspace for the organisation’s own when Slack pairs it with the same organisation', () => {
    const sales = withEvent(
      'message-external',
      { user: 'W0SALESDANA', team: 'T0ACMESALES' },
      {
        team_id: 'T0ACMESALES',
        enterprise_id: 'E0ACME',
        context_team_id: 'T0ACME',
        context_enterprise_id: 'E0ACME',
      },
    );
    expect(relationOf(eventAuthorOrigin(sales), GRID)).toBe('member');
    const partner = withEvent(
      'message-external',
      {},
      { team_id: 'T0PARTNER', enterprise_id: 'E0PARTNER', context_enterprise_id: 'E0ACME' },
    );
    expect(relationOf(eventAuthorOrigin(partner), GRID)).toBe('external');
  });

  it('does not pair the envelope’s organisation with a team that is not the author’s', () => {
    // The envelope names the installation's organisation; the author's team is someone else's.
    const partner = withEvent('app-mention-external', {}, { enterprise_id: 'E0ACME' });
    expect(relationOf(eventAuthorOrigin(partner), GRID)).toBe('external');
  });

  it('trusts a conversation Slack says is not shared outside only for the workspaces of a Grid organisation', () => {
    const internal = withEvent(
      'message-external',
      { team: 'T0ACMESALES' },
      { team_id: 'T0ACMESALES', is_ext_shared_channel: false },
    );
    expect(relationOf(eventAuthorOrigin(internal), GRID)).toBe('member');
    // Outside Grid no other workspace can be the organisation's own.
    expect(relationOf(eventAuthorOrigin(internal), WORKSPACE)).toBe('external');
  });
});

describe('who belongs to the organisation, from interactions and commands', () => {
  it('reads block_actions and view_submission payloads by user.team_id', () => {
    expect(relationOf(interactionActorOrigin(slackFixture('block-actions-approval')), WORKSPACE)).toBe(
      'member',
    );
    expect(relationOf(interactionActorOrigin(slackFixture('view-submission-reject')), WORKSPACE)).toBe(
      'member',
    );
    expect(
      relationOf(interactionActorOrigin(slackFixture('block-actions-approval-external')), WORKSPACE),
    ).toBe('external');
    expect(
      relationOf(interactionActorOrigin(slackFixture('view-submission-reject-external')), WORKSPACE),
    ).toBe('external');
  });

  it('reads a shortcut payload the same way', () => {
    expect(relationOf(interactionActorOrigin(slackFixture('message-action-forget')), WORKSPACE)).toBe(
      'member',
    );
  });

  it('takes an Enterprise Grid user, named by the organisation or by a workspace of it, for a member', () => {
    const base = slackFixture('block-actions-approval-external');
    const byOrganisation = { ...base, user: { id: 'W0SALESDANA', username: 'dana', team_id: 'E0ACME' } };
    expect(relationOf(interactionActorOrigin(byOrganisation), GRID)).toBe('member');
    const byWorkspace = {
      ...base,
      user: { id: 'W0SALESDANA', username: 'dana', team_id: 'T0ACMESALES' },
      team: { id: 'T0ACMESALES', domain: 'acme-sales', enterprise_id: 'E0ACME', enterprise_name: 'Acme' },
    };
    expect(relationOf(interactionActorOrigin(byWorkspace), GRID)).toBe('member');
    // The organisation of a team that is not the clicker's says nothing about the clicker.
    const partnerInOurTeam = {
      ...base,
      team: { id: 'T0ACME', domain: 'acme', enterprise_id: 'E0ACME', enterprise_name: 'Acme' },
    };
    expect(relationOf(interactionActorOrigin(partnerInOurTeam), GRID)).toBe('external');
  });

  it('reads slash commands by team_id and enterprise_id', () => {
    expect(relationOf(commandInvokerOrigin(slackFixture('slash-command')), WORKSPACE)).toBe('member');
    expect(relationOf(commandInvokerOrigin(slackFixture('slash-command-external')), WORKSPACE)).toBe(
      'external',
    );
    const sibling = {
      ...slackFixture('slash-command-external'),
      team_id: 'T0ACMESALES',
      enterprise_id: 'E0ACME',
    };
    expect(relationOf(commandInvokerOrigin(sibling), GRID)).toBe('member');
  });

  it('keeps payloads that name no team at all as members', () => {
    const { team_id: _team, ...noTeam } = slackFixture('slash-command');
    expect(relationOf(commandInvokerOrigin(noTeam), WORKSPACE)).toBe('member');
    const base = slackFixture('block-actions-approval');
    expect(
      relationOf(interactionActorOrigin({ ...base, user: { id: 'U0ANN', username: 'ann' } }), WORKSPACE),
    ).toBe('member');
  });
});
