import { describe, expect, it } from 'vitest';
import { createCardSigning } from '../../../../src/app/card-signing.js';
import { newApprovalId } from '../../../../src/approval-rules/request-id.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';

const NEW = 'n'.repeat(32);
const OLD = 'o'.repeat(32);
const WARNING =
  'CARD_SIGNING_SECRETS is not set: card values are signed with a development key anyone can know';

describe('the card keyring of a service', () => {
  const id = newApprovalId();

  it('lets a web process read the buttons a worker drew, and keeps the previous secret’s buttons working', () => {
    const { logger } = createCapturingLogger();
    const before = createCardSigning({ secrets: [OLD] }, logger, true).approvalValues.button('approve', id);
    const worker = createCardSigning({ secrets: [NEW, OLD] }, logger, true);
    const web = createCardSigning({ secrets: [NEW, OLD] }, logger, true);

    expect(web.approvalValues.readButton(worker.approvalValues.button('approve', id))).toEqual({
      ok: true,
      value: { action: 'approve', id },
      signed: true,
    });
    expect(web.approvalValues.readButton(before)).toMatchObject({ ok: true, signed: true });
    expect(createCardSigning({ secrets: [NEW] }, logger, true).approvalValues.readButton(before)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
  });

  it('uses one development key in every process when none is set, warning only where cards are drawn', () => {
    const quiet = createCapturingLogger();
    const chat = createCapturingLogger();
    const worker = createCardSigning({ secrets: undefined }, quiet.logger, false);
    const web = createCardSigning({ secrets: undefined }, chat.logger, true);

    expect(web.approvalValues.readButton(worker.approvalValues.button('reject', id))).toMatchObject({
      ok: true,
    });
    expect(quiet.lines.map((line) => line.msg)).not.toContain(WARNING);
    expect(chat.lines.map((line) => line.msg)).toContain(WARNING);
  });
});
