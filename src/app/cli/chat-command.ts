import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { systemClock } from '../../clock.js';
import { parseIntent } from '../../conversation/intent.js';
import type { ConversationRef } from '../../conversation/types.js';
import { DynamoAuditLog } from '../../../adapters/dynamodb/index.js';
import { createCore } from '../core.js';
import { createPersonalDataRights } from '../personal-data-rights.js';
import { createKnowledgeProviders, modelProviderConfig } from '../knowledge.js';
import { openStorage } from '../storage.js';
import { showIngestProgress } from './ingest-progress-line.js';
import { type CliContext, writeLine } from './cli-context.js';
import { renderReplyText } from './render-reply.js';

export interface ChatOptions {
  readonly thread: string;
  readonly user?: string;
}

const EXIT_WORDS = new Set(['exit', 'quit', ':q']);
/** Rates the last answer, as the 👍/👎 buttons do in Slack and Teams. */
const RATINGS = new Map<string, 'up' | 'down'>([['👍', 'up'], ['+1', 'up'], ['👎', 'down'], ['-1', 'down']]);

/**
 * A terminal conversation through the full core: the same dispatcher, history, summaries and
 * dedupe as Slack and Teams, so the bot can be tried (and its memory seen) with no platform.
 */
export async function runChat(ctx: CliContext, options: ChatOptions): Promise<number> {
  const storage = await openStorage(ctx.config, systemClock, ctx.logger);
  try {
    await storage.ensureTable();
    const providers = await createKnowledgeProviders(
      ctx.config,
      ctx.logger,
      modelProviderConfig(ctx.appConfig),
      showIngestProgress(ctx),
    );
    const audit = new DynamoAuditLog({
      client: storage.clients.documentClient,
      tableName: ctx.config.dynamodb.table,
      clock: systemClock,
    });
    const personalData = createPersonalDataRights(ctx.config, {
      records: storage.personalRecords,
      audit,
      clock: systemClock,
      logger: ctx.logger,
    });
    const core = createCore(ctx.config, {
      ...providers,
      ...(personalData ? { personalData } : {}),
      store: storage.store,
      ledger: storage.ledger,
      usage: storage.usage,
      clock: systemClock,
      logger: ctx.logger,
    });
    const ref: ConversationRef = { platform: 'cli', tenantId: 'local', channelId: 'terminal', threadId: options.thread };
    const user = options.user ?? userInfo().username;
    const interactive = 'isTTY' in ctx.stdin && ctx.stdin.isTTY === true;
    if (interactive) {
      writeLine(ctx.stdout, `Steward (${providers.description}). Conversation "${options.thread}". Type help, forget, 👍 or 👎 (rates the last answer), or exit.`);
    }

    const lines = createInterface({ input: ctx.stdin, output: interactive ? ctx.stdout : undefined, terminal: interactive });
    if (interactive) {
      lines.setPrompt('you> ');
      lines.prompt();
    }
    let lastTurnId: string | undefined;
    for await (const line of lines) {
      const text = line.trim();
      if (EXIT_WORDS.has(text.toLowerCase())) {
        break;
      }
      const rating = RATINGS.get(text);
      if (rating !== undefined) {
        const stored = lastTurnId !== undefined && (await core.conversations.recordFeedback(ref, lastTurnId, rating, user));
        writeLine(ctx.stdout, `steward> ${stored ? 'Thanks for the feedback.' : 'There is no answer to rate yet.'}\n`);
      } else if (text) {
        const reply = await core.dispatcher.dispatch({
          ref,
          author: { id: user, name: user },
          text,
          eventId: randomUUID(),
          receivedAt: systemClock.now(),
        });
        lastTurnId = reply.kind === 'answer' ? reply.turnId : lastTurnId;
        const shown = renderReplyText(reply);
        // The terminal's own way out, which no chat platform has, belongs in its help.
        const help = parseIntent(text).kind === 'help' && reply.kind === 'notice' ? '\nexit (or quit) ends this chat.' : '';
        writeLine(ctx.stdout, `steward> ${shown}${help}\n`);
      }
      if (interactive) {
        lines.prompt();
      }
    }
    lines.close();
    await providers.close();
    return 0;
  } finally {
    await storage.close();
  }
}
