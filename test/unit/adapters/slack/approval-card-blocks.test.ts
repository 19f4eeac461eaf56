import { describe, expect, it } from 'vitest';
import {
  CARD_BLOCKS_BUDGET,
  renderApprovalCard,
} from '../../../../adapters/slack/approval-cards/approval-card-blocks.js';
import { withoutCredentials } from '../../../../adapters/slack/approval-cards/card-text.js';
import { proposalCard, requestCard } from '../../../../src/approval-rules/approval-card.js';
import type { ApprovalRequest, Person } from '../../../../src/approval-rules/approval-types.js';
import { parametersHash } from '../../../../src/approval-rules/parameters-hash.js';
import { buildPerson, buildProposal, buildRequest } from '../../../support/approval-builders.js';
import { testApprovalValues } from '../../../support/card-signing.js';
import { cardButtons, cardText } from '../../../support/slack-cards.js';

const values = testApprovalValues();

const REQUESTER: Person = buildPerson({ userId: 'U0RITA', name: undefined });
const APPROVER: Person = buildPerson({ userId: 'U0ANN', name: 'ann.lee' });
const at = new Date('2026-01-15T10:00:00.000Z');

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return buildRequest({ requester: REQUESTER, ...overrides }, buildProposal({ requester: REQUESTER }));
}

function withParameters(parameters: Record<string, unknown>) {
  const proposal = buildProposal({ requester: REQUESTER });
  return buildRequest(
    {},
    {
      ...proposal,
      action: {
        ...proposal.action,
        parameters,
        parametersHash: parametersHash('restart-service', parameters),
      },
    },
  );
}

describe('approval cards in Block Kit', () => {
  it('show exactly what will run, who asked and why, the risk, the evidence and the deadline', () => {
    const card = requestCard(request());
    const { text, blocks } = renderApprovalCard(card, values);
    const shown = cardText(blocks);

    expect(text).toBe('Approval needed: Restart a service');
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Approval needed: Restart a service', emoji: true },
    });
    expect(shown).toContain('Waiting for 1 more approval (0 of 1); decide by <!date^');
    expect(shown).toContain('*Requested by*\n<@U0RITA>');
    expect(shown).toContain(':large_orange_circle: Medium');
    expect(shown).toContain(
      '*What will run:* Restart a service (`restart-service`)\n`POST http://127.0.0.1:9/hooks/restart`',
    );
    expect(shown).toContain('environment = staging\nservice = web');
    expect(shown).toContain(`Fingerprint \`${card.parametersHash}\``);
    expect(shown).toContain('the web tier returns 502s');
    expect(shown).toContain('Rita Requester: web is down, can we restart it?');
    expect(shown).toContain('Web runbook');
  });

  it('offer the view’s buttons under their own action ids, with values the workflow decodes', () => {
    const card = requestCard(request());
    const buttons = cardButtons(renderApprovalCard(card, values).blocks);
    expect(buttons.map((b) => [b.actionId, b.text, b.style])).toEqual([
      ['steward_approval_approve', 'Approve', 'primary'],
      ['steward_approval_reject', 'Reject', 'danger'],
      ['steward_approval_cancel', 'Cancel request', undefined],
    ]);
    expect(buttons.map((b) => values.readButton(b.value))).toEqual(
      card.buttons.map((b) => ({ ok: true, value: { action: b.action, id: card.id }, signed: true })),
    );
  });

  it('ask for a second confirmation before approving a high-risk action or running one at once', () => {
    const high = request();
    const highCard = requestCard({ ...high, action: { ...high.action, risk: 'high' } });
    const approve = cardButtons(renderApprovalCard(highCard, values).blocks).find((b) =>
      b.actionId.endsWith('approve'),
    );
    expect(approve?.confirm).toMatchObject({ confirm: { text: 'Approve' } });

    const immediate = proposalCard(
      buildProposal({
        requester: REQUESTER,
        policy: { quorum: 0, approvers: { users: [], groups: [] }, expiryHours: 24 },
      }),
    );
    const [runIt] = cardButtons(renderApprovalCard(immediate, values).blocks);
    expect(runIt).toMatchObject({ actionId: 'steward_approval_confirm', text: 'Run it' });
    expect(runIt?.confirm).toMatchObject({ title: { text: 'Run it now?' } });

    const medium = cardButtons(renderApprovalCard(requestCard(request()), values).blocks);
    expect(medium.every((b) => b.confirm === undefined)).toBe(true);
  });

  it('show typed text literally: no mentions, links or formatting from a reason or a parameter', () => {
    const typed = '<!here> *now* <@U0BOSS> `x`';
    const card = requestCard({ ...withParameters({ note: typed }), reason: typed });
    const { blocks } = renderApprovalCard(card, values);
    const richTexts = JSON.stringify(blocks.filter((b) => b.type === 'rich_text'));
    expect(richTexts).toContain(JSON.stringify(typed).slice(1, -1));
    const mrkdwn = blocks
      .filter((b) => b.type !== 'rich_text')
      .map((b) => JSON.stringify(b))
      .join('');
    expect(mrkdwn).not.toContain('<!here>');
    expect(mrkdwn).not.toContain('<@U0BOSS>');
  });

  it('name people in rejections, cancellations and results, and say how it ran', () => {
    const rejected = requestCard(
      request({
        status: 'rejected',
        decisions: [{ verdict: 'reject', by: APPROVER, at, reason: 'not during the <sale>' }],
      }),
    );
    const rejectedText = cardText(renderApprovalCard(rejected, values).blocks);
    expect(rejectedText).toContain(':no_entry: Rejected by <@U0ANN>: not during the &lt;sale&gt;');
    expect(cardButtons(renderApprovalCard(rejected, values).blocks)).toEqual([]);

    const done = requestCard(
      request({
        status: 'succeeded',
        decisions: [{ verdict: 'approve', by: APPROVER, at }],
        attempts: 2,
        outcome: { ok: true, summary: 'HTTP 200', at, attempts: 2 },
      }),
    );
    const doneText = cardText(renderApprovalCard(done, values).blocks);
    expect(doneText).toContain(':white_check_mark: Succeeded: HTTP 200.');
    expect(doneText).toContain('Approved by <@U0ANN>');
    expect(doneText).toContain('Result: HTTP 200 (2 attempts');

    const cancelled = requestCard(request({ status: 'cancelled', cancelledBy: REQUESTER }));
    expect(cardText(renderApprovalCard(cancelled, values).blocks)).toContain('Cancelled by <@U0RITA>; nothing ran.');
  });

  it('offer Request again on an expired card until it was requested again', () => {
    const expired = request({ status: 'expired' });
    const open = renderApprovalCard(requestCard(expired), values);
    expect(cardText(open.blocks)).toContain('<@U0RITA> can request it again.');
    expect(cardButtons(open.blocks).map((b) => b.actionId)).toEqual(['steward_approval_request-again']);

    const renewed = renderApprovalCard(requestCard({ ...expired, renewedAs: 'x'.repeat(10) }), values);
    expect(cardText(renewed.blocks)).toContain('Expired; requested again.');
    expect(cardButtons(renewed.blocks)).toEqual([]);
  });

  it('show a suggestion that lacks values as one to complete, without a confirm button', () => {
    const card = proposalCard(
      buildProposal({ requester: REQUESTER, source: 'suggestion', missing: ['service'] }),
    );
    const { blocks } = renderApprovalCard(card, values);
    expect(cardText(blocks)).toContain('Missing: `service`.');
    expect(cardText(blocks)).toContain('To request it, write: run restart-service service=…');
    expect(cardButtons(blocks).map((b) => b.actionId)).toEqual(['steward_approval_dismiss']);
  });

  it('stay within Slack’s limits however long the values, shortening with a note', () => {
    const many: Record<string, unknown> = {};
    for (let i = 0; i < 40; i += 1) {
      many[`parameter_${String(i).padStart(2, '0')}_${'n'.repeat(120)}`] = `${'v'.repeat(4000)}😀${i}`;
    }
    const long = withParameters(many);
    const card = requestCard({
      ...long,
      reason: 'r'.repeat(5000),
      evidence: {
        excerpt: Array.from({ length: 10 }, (_, i) => ({
          authorId: 'U0RITA',
          text: `${i} ${'e'.repeat(2000)}`,
        })),
        citations: Array.from({ length: 10 }, (_, i) => ({
          index: i + 1,
          source: `doc-${i}.md`,
          title: 't'.repeat(500),
          snippet: 's'.repeat(1000),
          score: 1,
        })),
      },
      action: { ...long.action, title: 'T'.repeat(400) },
    });
    const { text, blocks } = renderApprovalCard(card, values);

    expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(CARD_BLOCKS_BUDGET);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(text.length).toBeLessThanOrEqual(3800);
    const header = blocks[0];
    expect(header?.type === 'header' ? Array.from(header.text.text).length : 0).toBeLessThanOrEqual(150);
    const shown = cardText(blocks);
    expect(shown).toContain('characters in full)');
    expect(shown).toMatch(/…and \d+ more parameters; the fingerprint covers every one\./);
    expect(shown).toContain(`Fingerprint \`${card.parametersHash}\``);
    // Cut at code points: no lone surrogate halves from the emoji.
    expect(JSON.stringify(blocks)).not.toMatch(/\\ud83d(?!\\ude00)/i);
    expect(cardButtons(blocks)).toHaveLength(3);
  });

  it('warn before deciding when the model took values from documents, and mark those values', () => {
    const flaggedRequest = request({
      flaggedParameters: [{ name: 'service', foundIn: ['Ops <!here> runbook'] }],
    });
    const { blocks } = renderApprovalCard(requestCard(flaggedRequest), values);
    const shown = cardText(blocks);
    expect(shown).toContain(
      ':warning: *Check before deciding:* Proposed by the AI model, not typed by <@U0RITA>. `service` (from Ops &lt;!here&gt; runbook) was not in <@U0RITA>\'s request.',
    );
    expect(shown).toContain('service = web  ⚠️ taken from a document');
    expect(shown).not.toContain('environment = staging  ⚠️');
  });

  it('never show credentials from the target URL', () => {
    expect(
      withoutCredentials('POST https://ops:hunter2@ops.example.com/hooks?token=abc&service=web#top'),
    ).toBe('POST https://…@ops.example.com/hooks?token=…&service=web#top');
    expect(withoutCredentials('DELETE https://ops.example.com/a?api_key=1&Signature=2&page=3')).toBe(
      'DELETE https://ops.example.com/a?api_key=…&Signature=…&page=3',
    );
    expect(withoutCredentials('POST https://ops.example.com/hooks/web')).toBe(
      'POST https://ops.example.com/hooks/web',
    );
  });
});
