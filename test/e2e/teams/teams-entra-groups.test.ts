import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { FakeMicrosoftGraph } from '../../support/fake-microsoft-graph.js';
import {
  approvalCardIn,
  approvalIdOf,
  cardLines,
  clickData,
  headlineOf,
} from '../../support/teams/approval-card-reading.js';
import { visibleText } from '../../support/teams/card-reading.js';
import {
  ABE,
  ANN,
  answeredCard,
  BO,
  newChannel,
  RITA,
  TeamsApprovals,
  type TeamsPerson,
} from '../../support/teams/teams-approvals.js';
import { TEST_TENANT_ID } from '../../support/teams/teams-harness.js';

const CONFIRM = 'steward.approval.confirm';
const APPROVE = 'steward.approval.approve';

/** Entra groups of the test tenant: on-call sits inside SRE. */
const SRE = '0b6f3a2c-1d4e-4f5a-8b9c-7d6e5f4a3b2c';
const ON_CALL = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';

/** Another on-call engineer, asked about only once Graph is failing. */
const CY: TeamsPerson = {
  id: '29:1Cy5oN7cA1lL3eN9gI5nE1eR7sT3aF9fQ',
  name: 'Cy Oncall',
  aadObjectId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
};

describe('Teams: channel settings that name Microsoft Entra groups', () => {
  const table = useTestTable('e2e-teams-entra-groups');
  let graph: FakeMicrosoftGraph;
  let driver: TeamsApprovals;

  beforeAll(async () => {
    graph = await FakeMicrosoftGraph.start();
    driver = await TeamsApprovals.start(table, { graph });
  });

  afterAll(async () => {
    await driver.stop();
    await graph.close();
  });

  beforeEach(() => {
    graph.reset();
    for (const person of [ANN, ABE, BO, RITA, CY]) {
      graph.addUser(TEST_TENANT_ID, person.aadObjectId);
    }
    // Ann, Abe and Cy are in SRE only through the on-call group nested in it; Bo and Rita are not.
    // (Answers are cached for a minute, so each test asks about people the others did not.)
    graph
      .setGroup(TEST_TENANT_ID, ON_CALL, [ANN.aadObjectId, ABE.aadObjectId])
      .setGroup(TEST_TENANT_ID, SRE, [ON_CALL]);
  });

  describe('access listed by group', () => {
    it('answers a member of the group, asking Graph about their Entra object id in their tenant', async () => {
      const channel = newChannel();
      await driver.configure(channel, { access: { mode: 'listed', groups: [SRE.toUpperCase()] } });

      const reply = await (await driver.mention(ANN, channel, 'How do I connect to the VPN?')).message(1);

      expect(visibleText(reply.body)).toMatch(/GlobalProtect/);
      expect(graph.calls).toEqual([
        {
          tenantId: TEST_TENANT_ID,
          userId: ANN.aadObjectId,
          groupIds: [SRE],
          authorization: `Bearer ${FakeMicrosoftGraph.tokenFor(TEST_TENANT_ID)}`,
        },
      ]);
    });

    it('refuses someone outside the group', async () => {
      const channel = newChannel();
      await driver.configure(channel, { access: { mode: 'listed', groups: [SRE] } });

      const reply = await (await driver.mention(RITA, channel, 'How do I connect to the VPN?')).message(1);

      expect(visibleText(reply.body)).toMatch(/available only to certain people/);
      expect(visibleText(reply.body)).not.toMatch(/GlobalProtect/);
      expect(graph.calls.map((call) => call.userId)).toEqual([RITA.aadObjectId]);
    });

    it('tells a person when their membership cannot be checked, instead of refusing them', async () => {
      const channel = newChannel();
      await driver.configure(channel, { access: { mode: 'listed', groups: [SRE] } });
      graph.failNext({ status: 503 }, { status: 503 }, { status: 503 });

      const reply = await (await driver.mention(ABE, channel, 'How do I connect to the VPN?')).message(1);

      expect(visibleText(reply.body)).toMatch(/cannot reach Microsoft Entra ID/);
      expect(visibleText(reply.body)).not.toMatch(/available only to certain people/);
    });
  });

  describe('approvers listed by group', () => {
    const channel = newChannel();

    beforeAll(async () => {
      await driver.configure(channel, {
        actions: [{ actionId: 'restart-service' }],
        approvers: { users: [], groups: [SRE] },
      });
    });

    it('lets a member of the group approve, and tells someone outside it that they are not an approver', async () => {
      const thread = await driver.mention(
        RITA,
        channel,
        'run restart-service service=web because the site returns 502',
      );
      const card = await thread.message(1);
      const proposal = approvalCardIn(card.body);
      const pending = answeredCard(await thread.click(RITA, card, CONFIRM, clickData(proposal, CONFIRM)));
      const id = approvalIdOf(pending);

      const refused = answeredCard(await thread.click(BO, card, APPROVE, clickData(pending, APPROVE)));
      expect(cardLines(refused)).toContain('You are not an approver for this.');
      expect(driver.receiver.callsFor(id)).toEqual([]);

      const approved = answeredCard(await thread.click(ABE, card, APPROVE, clickData(pending, APPROVE)));
      expect(headlineOf(approved)).toBe('Approved: Restart a service');
      const call = await driver.receiver.firstCallFor(id);
      expect(JSON.parse(call.body)).toMatchObject({ approvedBy: [ABE.id] });
      expect(graph.calls.map((asked) => [asked.userId, asked.groupIds])).toEqual([
        [BO.aadObjectId, [SRE]],
        [ABE.aadObjectId, [SRE]],
      ]);
    });

    it('tells an approver whose membership cannot be checked why nothing happened', async () => {
      const thread = await driver.mention(
        RITA,
        channel,
        'run restart-service service=api because it is stuck',
      );
      const card = await thread.message(1);
      const proposal = approvalCardIn(card.body);
      const pending = answeredCard(await thread.click(RITA, card, CONFIRM, clickData(proposal, CONFIRM)));
      graph.failNext({ status: 503 }, { status: 503 }, { status: 503 });

      const answer = await thread.click(CY, card, APPROVE, clickData(pending, APPROVE));

      expect(answer).toMatchObject({ statusCode: 500, type: 'application/vnd.microsoft.error' });
      expect((answer.value as { message: string }).message).toMatch(/cannot reach Microsoft Entra ID/);
      expect(driver.receiver.callsFor(approvalIdOf(pending))).toEqual([]);
    });
  });
});
