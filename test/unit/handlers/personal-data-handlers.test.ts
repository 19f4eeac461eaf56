import { describe, expect, it } from 'vitest';
import { createExportMyDataHandler, EXPORT_UNAVAILABLE, MAX_CHAT_EXPORT_CHARS } from '../../../handlers/export-my-data.js';
import { createForgetMeHandler, ERASURE_UNAVAILABLE } from '../../../handlers/forget-me.js';
import type { HandlerContext } from '../../../src/conversation/dispatcher.js';
import type { Intent } from '../../../src/conversation/intent.js';
import { PersonalDataRights } from '../../../src/privacy/personal-data-rights.js';
import { Pseudonyms } from '../../../src/privacy/pseudonyms.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import { InMemoryConversationStore } from '../../fakes/in-memory-conversation-store.js';
import { InMemoryPersonalRecords } from '../../fakes/in-memory-personal-records.js';
import { buildMessage, buildRef, buildTurn } from '../../support/builders.js';

function setUp() {
  const clock = new FixedClock('2031-03-01T09:00:00.000Z');
  const store = new InMemoryConversationStore(clock);
  const audit = new InMemoryAuditLog(clock);
  const { logger } = createCapturingLogger();
  const rights = new PersonalDataRights({
    records: new InMemoryPersonalRecords(store, audit),
    pseudonyms: new Pseudonyms('unit-test-pseudonym-secret-0123456789abc'),
    audit,
    clock,
    logger,
  });
  const context = (intent: Intent): HandlerContext => ({ intent, logger, afterReply: () => undefined });
  return { clock, store, audit, rights, context };
}

const ANN = { id: 'U001', name: 'Ann' };

describe('forget me', () => {
  it('erases only once the person sends back the code it gave them, and audits it by pseudonym', async () => {
    const { store, audit, rights, context } = setUp();
    const ref = buildRef();
    await store.appendTurn(ref, buildTurn({ author: ANN }), new Date('2031-04-01T00:00:00Z'));
    const forgetMe = createForgetMeHandler(rights);

    const first = await forgetMe(buildMessage({ ref, author: ANN, text: 'forget me' }), context({ kind: 'forget-me' }));
    expect(first).toMatchObject({ kind: 'notice', audience: 'author' });
    const code = /forget me ([A-Z0-9]{6})/.exec(first.kind === 'notice' ? first.text : '')?.[1] ?? '';
    expect((await store.load(ref)).turns).toHaveLength(1);

    const wrong = await forgetMe(buildMessage({ ref, author: ANN }), context({ kind: 'forget-me', code: 'AAAAAA' }));
    expect(wrong).toMatchObject({ kind: 'notice', text: expect.stringContaining('erased nothing') as unknown });
    const otherPersons = await forgetMe(
      buildMessage({ ref, author: { id: 'U002' } }),
      context({ kind: 'forget-me', code }),
    );
    expect(otherPersons).toMatchObject({ text: expect.stringContaining('erased nothing') as unknown });
    expect((await store.load(ref)).turns).toHaveLength(1);

    const done = await forgetMe(buildMessage({ ref, author: ANN }), context({ kind: 'forget-me', code }));
    expect(done).toMatchObject({ kind: 'notice', audience: 'author', text: expect.stringMatching(/^Done: I erased 1 question /) as unknown });
    expect((await store.load(ref)).turns).toEqual([]);
    const [record] = audit.all().filter((entry) => entry.action === 'privacy.erased');
    expect(record?.actor.id).toMatch(/^person-[0-9a-f]{24}$/);
    expect(record?.subjectId).toBe(record?.actor.id);
    expect(record?.details).toMatchObject({ platform: 'slack', turns: 1 });
    expect(JSON.stringify(audit.all())).not.toContain('U001');
  });

  it('says so when the service offers no erasure', async () => {
    const { context } = setUp();
    const reply = await createForgetMeHandler(undefined)(buildMessage(), context({ kind: 'forget-me', code: 'AAAAAA' }));
    expect(reply).toEqual({ kind: 'notice', text: ERASURE_UNAVAILABLE, audience: 'author' });
  });
});

describe('export my data', () => {
  it('shows the person their data as JSON, or counts it when it is too long for a chat message', async () => {
    const { store, audit, rights, context } = setUp();
    const ref = buildRef();
    await store.appendTurn(ref, buildTurn({ author: ANN, question: 'Where is the pelican room?' }), new Date('2031-04-01T00:00:00Z'));
    const exportMyData = createExportMyDataHandler(rights);
    const small = await exportMyData(buildMessage({ ref, author: ANN }), context({ kind: 'export-me' }));
    expect(small).toMatchObject({ kind: 'notice', audience: 'author', text: expect.stringContaining('"question": "Where is the pelican room?"') as unknown });
    expect(audit.all().map((entry) => entry.action)).toEqual(['privacy.exported']);

    const long = 'x'.repeat(MAX_CHAT_EXPORT_CHARS);
    await store.appendTurn(ref, buildTurn({ author: ANN, question: long }), new Date('2031-04-01T00:00:00Z'));
    const large = await exportMyData(buildMessage({ ref, author: ANN }), context({ kind: 'export-me' }));
    expect(large).toMatchObject({ kind: 'notice', text: expect.stringContaining('I keep 2 of your questions') as unknown });
    expect(JSON.stringify(large)).not.toContain(long);

    expect(await createExportMyDataHandler(undefined)(buildMessage(), context({ kind: 'export-me' }))).toEqual({
      kind: 'notice',
      text: EXPORT_UNAVAILABLE,
      audience: 'author',
    });
  });
});
