import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoConversationStore, DynamoEventLedger } from '../../../adapters/dynamodb/index.js';
import { createLocalKnowledgeBase, type LocalKnowledgeBase } from '../../../adapters/local-knowledge/index.js';
import { ExtractiveLanguageModel } from '../../../adapters/local-model/index.js';
import { WordNetThesaurus } from '../../../adapters/wordnet/index.js';
import { createCore } from '../../../src/app/core.js';
import { systemClock } from '../../../src/clock.js';
import { coreConfigSchema } from '../../../src/config/core-config.js';
import { parseConfig } from '../../../src/config/environment.js';
import type { Reply } from '../../../src/conversation/reply.js';
import type { ConversationRef } from '../../../src/conversation/types.js';
import { createSilentLogger } from '../../../src/logger.js';
import { useTestTable } from '../../support/dynamodb.js';
import { explainHandbookSkip, handbookDir, handbookPresent } from '../../support/handbook-corpus.js';


type Answer = Extract<Reply, { kind: 'answer' }>;

function expectAnswer(reply: Reply): Answer {
  expect(reply.kind).toBe('answer');
  return reply as Answer;
}

/**
 * The whole core as the service runs it offline: Dispatcher, ConversationService, the local
 * knowledge base over the handbook, the extractive answerer, and history in DynamoDB Local.
 */
explainHandbookSkip(import.meta.url);

describe.skipIf(!handbookPresent)('a conversation with follow-ups over the employee handbook', () => {
  const table = useTestTable('handbook-conversation');
  const thesaurus = new WordNetThesaurus();
  let knowledgeBase: LocalKnowledgeBase;

  beforeAll(async () => {
    ({ knowledgeBase } = await createLocalKnowledgeBase({
      dir: handbookDir,
      logger: createSilentLogger(),
      thesaurus,
    }));
  });

  function core() {
    const config = parseConfig(coreConfigSchema, { DYNAMODB_TABLE: table.tableName });
    const storeOptions = {
      client: table.clients.documentClient,
      tableName: table.tableName,
      clock: systemClock,
    };
    const store = new DynamoConversationStore(storeOptions);
    const created = createCore(config, {
      store,
      ledger: new DynamoEventLedger(storeOptions),
      knowledge: knowledgeBase,
      model: new ExtractiveLanguageModel({ thesaurus }),
      clock: systemClock,
      logger: createSilentLogger(),
    });
    return { ...created, store };
  }

  it('answers each turn from the passage it is about', async () => {
    const { dispatcher, store } = core();
    const ref: ConversationRef = {
      platform: 'slack',
      tenantId: 'T-handbook',
      channelId: 'C-benefits',
      threadId: '1730000000.000100',
    };
    let event = 0;
    const say = async (text: string): Promise<Answer> =>
      expectAnswer(
        await dispatcher.dispatch({
          ref,
          author: { id: 'U-ann', name: 'Ann' },
          text,
          eventId: `Ev-handbook-${(event += 1)}`,
          receivedAt: new Date(),
        }),
      );

    const medical = await say('Who provides our medical insurance?');
    expect(medical.found).toBe(true);
    expect(medical.text).toContain('Blue Cross Blue Shield PPO');
    expect(medical.citations[0]).toMatchObject({
      source: 'benefits-and-perks.md',
      title: 'Benefits & Perks › Health Insurance › Medical Insurance',
    });

    // Names no subject of its own: "insurance" and "provides" come from the turn before.
    const dental = await say('and for dental?');
    expect(dental.found).toBe(true);
    expect(dental.text).toContain('Dental insurance in the US is provided through MetLife');
    expect(dental.citations[0]).toMatchObject({
      source: 'benefits-and-perks.md',
      title: 'Benefits & Perks › Health Insurance › Dental Insurance',
    });
    expect(dental.text).not.toContain('Blue Cross');

    // "it" is the dental insurance of the turn before: its premium, not the medical one (75%).
    const premium = await say('how much of the premium does the company pay for it?');
    expect(premium.found).toBe(true);
    expect(premium.text).toContain('The company pays 100% of the premium.');
    expect(premium.citations[0]).toMatchObject({
      title: 'Benefits & Perks › Health Insurance › Dental Insurance',
    });

    // The three turns are in DynamoDB, in order, with the passages they were answered from.
    const stored = await store.load(ref);
    expect(stored.turns.map((turn) => [turn.question, turn.citations[0]?.title])).toEqual([
      ['Who provides our medical insurance?', 'Benefits & Perks › Health Insurance › Medical Insurance'],
      ['and for dental?', 'Benefits & Perks › Health Insurance › Dental Insurance'],
      [
        'how much of the premium does the company pay for it?',
        'Benefits & Perks › Health Insurance › Dental Insurance',
      ],
    ]);
  });
});
