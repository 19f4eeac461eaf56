import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { type SlackApprovals, startSlackApprovals } from '../../support/slack-approvals.js';
import { itemsMentioning } from '../../support/table-scan.js';

const OPS = 'C0OPSQUOTE';
const RITA = 'U0RITA';
const ANN = 'U0ANN';
/** Quoted in Rita's request, never requesting, deciding or cancelling anything. */
const ALICE = 'U0ALICE7';
const TOKEN = 'quoted-erasure-admin-token-0123456789';

/**
 * An approval request that only quotes a person ("because @alice says…"), made through Slack's
 * real entry and erased through the admin API: afterwards no item of the whole table names them,
 * while the request stays, with the quote replaced by their pseudonym.
 */
describe('Slack: erasing a person an approval request only quotes', () => {
  const table = useTestTable('e2e-slack-quoted-erasure');
  let s: SlackApprovals;

  beforeAll(async () => {
    s = await startSlackApprovals(table, {
      env: { PSEUDONYM_SECRET: 'e2e-pseudonym-secret-0123456789abcdef', ADMIN_API_TOKENS: `privacy-desk:${TOKEN}` },
    });
    await s.configure(OPS, { actions: [{ actionId: 'restart-service' }], approvers: { users: [ANN], groups: [] } });
  });

  afterAll(async () => {
    await s.close();
  });

  it('finds the request through the quoted person’s index and pseudonymises the quote', async () => {
    const thread = await s.mention(OPS, RITA, `run restart-service service=web because <@${ALICE}> says the site returns 502`);
    const card = await s.card(OPS, thread);
    expect((await s.click(card, 'confirm', RITA)).status).toBe(200);
    await s.until(card, 'Waiting for 1 more approval');
    const client = s.handle.service.storage.clients.documentClient;
    const quoting = await itemsMentioning(client, table.tableName, [ALICE]);
    expect(quoting.some((item) => item.includes('approval-request'))).toBe(true);

    const erased = await fetch(`${s.handle.service.http.url}/admin/people/slack/${ALICE}?confirm=${ALICE}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` },
    });

    expect(erased.status).toBe(200);
    const body = (await erased.json()) as { pseudonym: string; counts: { approvals: number } };
    expect(body.counts.approvals).toBe(1);
    expect(await itemsMentioning(client, table.tableName, [ALICE])).toEqual([]);
    const request = (await itemsMentioning(client, table.tableName, [`${body.pseudonym} says the site returns 502`])).filter((item) =>
      item.includes('approval-request'),
    );
    expect(request).toHaveLength(1);
    // The requester is untouched: only the quoted person was erased.
    expect(request[0]).toContain(RITA);
  });
});
