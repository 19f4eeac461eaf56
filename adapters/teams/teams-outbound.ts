import type {
  Activity,
  ChannelAccount,
  CloudAdapter,
  ConversationAccount,
  ConversationParameters,
  ConversationReference,
} from 'botbuilder';
import { AuthenticationConstants, type ConnectorClient } from 'botframework-connector';
import { DependencyError } from '../../src/errors.js';
import { noopTracer, type Tracer } from '../../src/ports/tracer.js';
import { retryTransient } from './connector-retry.js';
import type { StoredReference } from './conversation-references.js';
import type { OutgoingMessage } from './render/reply-activities.js';

/** What the roster says of one person: their home tenant and their role in the conversation. */
export interface RosterMember {
  readonly tenantId: string | undefined;
  readonly userRole: string | undefined;
}

/** Where a message goes: a known conversation, a thread in it, optionally as a reply to one activity. */
export interface Destination {
  readonly reference: StoredReference;
  /** The conversation id to post into (a channel's, a thread's `…;messageid=…`, or a chat's). */
  readonly conversationId: string;
  /** The activity being answered; the reply is posted to `/activities/{replyToId}`. */
  readonly replyToId?: string;
}

/**
 * Everything Steward sends to Teams goes through here, outside the inbound request: botbuilder's
 * `continueConversationAsync` opens an authenticated Bot Connector client for the conversation's
 * service URL, and the calls are made on it directly so the reply target is exactly the one
 * asked for. Throttling and passing failures are retried; what still fails leaves as
 * DependencyError.
 */
export class TeamsOutbound {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id; empty when authentication is off (local development). */
    private readonly appId: string,
    /** Each Bot Connector call (retries included) as a client span named after it, as Slack's Web API calls are. */
    private readonly tracer: Tracer = noopTracer,
  ) {}

  /** One Bot Connector call as a client span: `teams <operation>`, never with message content. */
  private traced<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return this.tracer.inSpan(`teams ${operation}`, { 'rpc.system': 'botframework', 'rpc.method': operation }, call, { kind: 'client' });
  }

  async send(destination: Destination, messages: readonly OutgoingMessage[]): Promise<string[]> {
    return this.withConnector(destination.reference, 'send', async (client) => {
      const ids: string[] = [];
      for (const message of messages) {
        const activity = addressed(message, destination);
        const { replyToId } = destination;
        const response = await this.traced(replyToId !== undefined ? 'replyToActivity' : 'sendToConversation', () =>
          retryTransient(() =>
            replyToId !== undefined
              ? client.conversations.replyToActivity(destination.conversationId, replyToId, activity)
              : client.conversations.sendToConversation(destination.conversationId, activity),
          ),
        );
        ids.push(response.id ?? '');
      }
      return ids;
    });
  }

  /** Shows "Steward is typing…" for a few seconds. */
  async typing(destination: Destination): Promise<void> {
    await this.withConnector(destination.reference, 'typing', async (client) => {
      await client.conversations.sendToConversation(
        destination.conversationId,
        addressed({ type: 'typing' }, { ...destination, replyToId: undefined }),
      );
    });
  }

  async update(destination: Destination, activityId: string, message: OutgoingMessage): Promise<void> {
    await this.withConnector(destination.reference, 'update', async (client) => {
      const activity = { ...addressed(message, { ...destination, replyToId: undefined }), id: activityId };
      await this.traced('updateActivity', () =>
        retryTransient(() => client.conversations.updateActivity(destination.conversationId, activityId, activity)),
      );
    });
  }

  /**
   * Opens (or reopens: Teams returns the existing one) the personal chat between the bot and a
   * person, which works for anyone who shares a team or chat with the bot.
   */
  async openPersonalChat(via: StoredReference, tenantId: string, userId: string): Promise<StoredReference> {
    const parameters: Partial<ConversationParameters> = {
      isGroup: false,
      bot: channelAccount(via.bot),
      members: [{ id: userId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    };
    let opened: StoredReference | undefined;
    try {
      await this.traced('createConversation', () => this.adapter.createConversationAsync(
        this.appId,
        via.channelId,
        via.serviceUrl,
        AuthenticationConstants.ToChannelFromBotOAuthScope,
        parameters as ConversationParameters,
        (context) => {
          opened = {
            channelId: via.channelId,
            serviceUrl: via.serviceUrl,
            conversation: { id: context.activity.conversation.id, conversationType: 'personal', tenantId },
            bot: via.bot,
            user: { id: userId },
          };
          return Promise.resolve();
        },
      ));
    } catch (error) {
      throw connectorError('createConversation', error);
    }
    if (opened === undefined) {
      throw new DependencyError('teams', 'Bot Connector createConversation returned no conversation');
    }
    return opened;
  }

  /**
   * One person as the conversation's roster knows them (`GET /v3/conversations/{id}/members/{userId}`,
   * what botbuilder's `TeamsInfo.getMember` asks): Teams answers with their home tenant and their
   * role (`user`, `guest`, `anonymous`). Undefined when the roster does not know them (404).
   */
  async member(
    reference: StoredReference,
    conversationId: string,
    userId: string,
  ): Promise<RosterMember | undefined> {
    try {
      return await this.withConnector(reference, 'getConversationMember', async (client) => {
        // Not retried here: the connector client retries passing failures itself, and whoever
        // asks bounds how long they wait.
        const member = await this.traced('getConversationMember', () => client.conversations.getConversationMember(conversationId, userId));
        // The connector's model keeps fields it has no mapper for (tenantId, userRole) as they came.
        const fields = member as unknown as Record<string, unknown>;
        return {
          tenantId: typeof fields.tenantId === 'string' ? fields.tenantId : undefined,
          userRole: typeof fields.userRole === 'string' ? fields.userRole : undefined,
        };
      });
    } catch (error) {
      if (connectorStatus(error) === 404) {
        return undefined;
      }
      throw error;
    }
  }

  private async withConnector<T>(
    reference: StoredReference,
    operation: string,
    work: (client: ConnectorClient) => Promise<T>,
  ): Promise<T> {
    let result: { value: T } | undefined;
    try {
      await this.adapter.continueConversationAsync(
        this.appId,
        botbuilderReference(reference),
        async (context) => {
          const client = context.turnState.get<ConnectorClient | undefined>(this.adapter.ConnectorClientKey);
          if (client === undefined) {
            throw new Error('botbuilder opened no connector client');
          }
          result = { value: await work(client) };
        },
      );
    } catch (error) {
      throw connectorError(operation, error);
    }
    if (result === undefined) {
      throw new DependencyError('teams', `Bot Connector ${operation} did not run`);
    }
    return result.value;
  }
}

/** botbuilder's types want names on every account; Teams itself does not. */
function channelAccount(account: { id: string; name?: string | undefined }): ChannelAccount {
  return { id: account.id, name: account.name ?? '' };
}

function conversationAccount(reference: StoredReference, id: string): ConversationAccount {
  const { conversationType, tenantId, isGroup } = reference.conversation;
  return {
    id,
    name: '',
    isGroup: isGroup ?? false,
    conversationType: conversationType ?? '',
    ...(tenantId !== undefined ? { tenantId } : {}),
  };
}

function botbuilderReference(reference: StoredReference): Partial<ConversationReference> {
  return {
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    conversation: conversationAccount(reference, reference.conversation.id),
    bot: channelAccount(reference.bot),
    ...(reference.user !== undefined ? { user: channelAccount(reference.user) } : {}),
    ...(reference.locale !== undefined ? { locale: reference.locale } : {}),
  };
}

function addressed(
  message: OutgoingMessage | { type: 'typing' },
  destination: Destination,
): Partial<Activity> {
  const { reference } = destination;
  return {
    ...(message as Partial<Activity>),
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    from: channelAccount(reference.bot),
    conversation: conversationAccount(reference, destination.conversationId),
    ...(reference.user !== undefined ? { recipient: channelAccount(reference.user) } : {}),
    ...(destination.replyToId !== undefined ? { replyToId: destination.replyToId } : {}),
  };
}

/** The connector's HTTP status, when the failure was an answer rather than no answer. */
export function connectorStatus(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    if ('statusCode' in current && typeof current.statusCode === 'number') {
      return current.statusCode;
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

function connectorError(operation: string, error: unknown): DependencyError {
  if (error instanceof DependencyError) {
    return error;
  }
  const status = connectorStatus(error);
  return new DependencyError(
    'teams',
    `Bot Connector ${operation} failed${status !== undefined ? ` (HTTP ${status})` : ''}`,
    {
      cause: error,
    },
  );
}
