import type { SlackIdentityFacts, SlackWebApi } from './slack-web-api.js';

/** Who the bot is in the workspace it is installed in. */
export interface SlackIdentity extends SlackIdentityFacts {
  /**
   * The conversations' tenant: the workspace (team) id, or the organisation (enterprise) id for an
   * org-wide install. Taken from the installation rather than from each payload, because in
   * shared channels a payload's team can be the other organisation's.
   */
  readonly tenantId: string;
}

/**
 * Asks Slack who the bot is (auth.test) the first time it is needed and remembers the answer.
 * A failed attempt is not remembered, so a Slack outage at start-up heals on the next event
 * instead of leaving the app unable to authorise anything until restarted.
 */
export class BotIdentity {
  private known: Promise<SlackIdentity> | undefined;

  constructor(private readonly web: Pick<SlackWebApi, 'authTest'>) {}

  get(): Promise<SlackIdentity> {
    if (!this.known) {
      const attempt = this.web.authTest().then(withTenant);
      this.known = attempt;
      attempt.catch(() => {
        if (this.known === attempt) {
          this.known = undefined;
        }
      });
    }
    return this.known;
  }
}

function withTenant(facts: SlackIdentityFacts): SlackIdentity {
  const tenantId = facts.teamId ?? facts.enterpriseId;
  if (tenantId === undefined) {
    throw new Error('auth.test named neither a team nor an enterprise');
  }
  return { ...facts, tenantId };
}
