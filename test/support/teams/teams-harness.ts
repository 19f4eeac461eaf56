import { TEST_CARD_SECRET } from '../card-signing.js';
import { randomUUID } from 'node:crypto';
import { parseAppConfig } from '../../../src/config/app-config.js';
import {
  type RunningService,
  type StartServiceOptions,
  startService,
} from '../../../src/app/start-service.js';
import { createCapturingLogger, type LogLine } from '../../fakes/capturing-logger.js';
import type { TestTable } from '../dynamodb.js';
import { FakeMicrosoftGraph } from '../fake-microsoft-graph.js';
import { BotFrameworkKeys } from './bot-framework-keys.js';
import { FakeBotConnector } from './fake-bot-connector.js';
import { teamsActivity, type FixtureValues, type TeamsFixture } from './teams-fixtures.js';

export const TEST_APP_ID = '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f';
export const TEST_TENANT_ID = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
export const OUTBOUND_TOKEN = 'outbound-token-from-the-test-token-source';

export interface TeamsHarnessOptions {
  /** With authentication: an app id, a local key service, outbound calls carrying a token. */
  readonly authentication?: boolean;
  /** More environment for the service (history budget and the like). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * A local Microsoft Graph to ask about Entra groups (with authentication only: group lookup
   * uses the bot's credentials), with tokens as an app-only token source would get them.
   */
  readonly graph?: FakeMicrosoftGraph;
  /** A knowledge source and model instead of the configured ones. */
  readonly providers?: StartServiceOptions['providers'];
  /** Where the service's spans go (an in-memory OpenTelemetry exporter). */
  readonly tracer?: StartServiceOptions['tracer'];
}

/**
 * The whole service started as `npm start` would, Teams configured by MICROSOFT_* variables,
 * with the fake connector as every activity's service URL (and, with authentication, a local
 * Bot Framework key service).
 */
export class TeamsHarness {
  private constructor(
    readonly service: RunningService,
    readonly connector: FakeBotConnector,
    readonly keys: BotFrameworkKeys | undefined,
    readonly logs: LogLine[],
  ) {}

  static async start(table: TestTable, options: TeamsHarnessOptions = {}): Promise<TeamsHarness> {
    const keys = options.authentication ? await BotFrameworkKeys.start() : undefined;
    const connector = await FakeBotConnector.start({
      tenantId: TEST_TENANT_ID,
      ...(keys ? { requiredToken: OUTBOUND_TOKEN } : {}),
    });
    const { logger, lines } = createCapturingLogger();
    const teamsEnv = keys
      ? {
          MICROSOFT_APP_ID: TEST_APP_ID,
          MICROSOFT_APP_PASSWORD: 'client-secret-never-sent',
          MICROSOFT_APP_TYPE: 'SingleTenant',
          MICROSOFT_APP_TENANT_ID: TEST_TENANT_ID,
          MICROSOFT_OPENID_METADATA_URL: keys.metadataUrl,
        }
      : { MICROSOFT_APP_ID: '', TEAMS_AUTH: 'off' };
    const config = parseAppConfig({
      PORT: '0',
      NODE_ENV: 'test',
      CARD_SIGNING_SECRETS: TEST_CARD_SECRET,
      DYNAMODB_ENDPOINT: table.endpoint,
      DYNAMODB_TABLE: table.tableName,
      ...teamsEnv,
      // Without a local Graph, nothing may reach for the real one.
      ...(options.graph ? { MICROSOFT_GRAPH_URL: options.graph.url } : { TEAMS_GROUP_LOOKUP: 'off' }),
      // Scenarios send many messages as one person; the default per-person limit has its own tests.
      USER_MESSAGES_PER_MINUTE: 'off',
      // Answer jobs on the shared Redis under a prefix of this service's own.
      ANSWER_QUEUE_PREFIX: `test-teams-answers-${randomUUID().slice(0, 8)}`,
      ...options.env,
    });
    const service = await startService(config, {
      logger,
      ...(options.providers ? { providers: options.providers } : {}),
      ...(options.tracer ? { tracer: options.tracer } : {}),
      ...(keys
        ? {
            teams: {
              tokenSource: { token: () => Promise.resolve(OUTBOUND_TOKEN) },
              graphTokens: { token: (tenantId) => Promise.resolve(FakeMicrosoftGraph.tokenFor(tenantId)) },
            },
          }
        : {}),
    });
    return new TeamsHarness(service, connector, keys, lines);
  }

  get messagesUrl(): string {
    return `${this.service.http.url}/api/messages`;
  }

  /** A fixture activity addressed to this harness's connector and bot. */
  activity(name: TeamsFixture, values: Partial<FixtureValues> = {}): Record<string, unknown> {
    return teamsActivity(name, {
      serviceUrl: this.connector.serviceUrl,
      botAppId: TEST_APP_ID,
      tenantId: TEST_TENANT_ID,
      ...values,
    });
  }

  /**
   * Posts an activity to /api/messages. With authentication on, a valid channel token is added
   * unless `authorization` says otherwise (null: no header at all).
   */
  async post(activity: unknown, authorization?: string | null): Promise<Response> {
    let header = authorization;
    if (header === undefined && this.keys !== undefined) {
      const serviceUrl = (activity as { serviceUrl?: string }).serviceUrl ?? this.connector.serviceUrl;
      header = `Bearer ${await this.keys.token({ audience: TEST_APP_ID, serviceUrl })}`;
    }
    return fetch(this.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
    });
  }

  logged(message: string): LogLine[] {
    return this.logs.filter((line) => line.msg === message);
  }

  async stop(): Promise<void> {
    await this.service.stop();
    await this.connector.stop();
    await this.keys?.stop();
  }
}
