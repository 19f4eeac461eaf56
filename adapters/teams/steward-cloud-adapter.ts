import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';

/**
 * botbuilder's CloudAdapter with authentication and processing as separate steps. Its `process`
 * reports a token signed by an unknown key as a 500, logs to the console and needs an
 * Express-style response; Steward authenticates first (so every refusal is a 401 with a
 * structured log line) and then runs the turn on the authenticated result.
 */
export class StewardCloudAdapter extends CloudAdapter {
  constructor(authentication: BotFrameworkAuthentication) {
    super(authentication);
  }

  /** Validates the request's JWT for this activity; throws when it is missing or invalid. */
  authenticate(activity: Activity, authorizationHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorizationHeader);
  }

  /** Runs the bot's logic for an authenticated activity; an invoke's response is returned. */
  runAuthenticated(
    authentication: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authentication, activity, logic);
  }
}
