import { ApprovalValues } from '../../src/approval-rules/approval-values.js';
import type { CardSigning } from '../../src/signing/card-signing.js';
import { ValueSigner } from '../../src/signing/value-signer.js';

/** The card keyring tests sign with when they build adapters by hand. */
export const TEST_CARD_SECRET = 'test-card-signing-secret-0123456789abcdef';

export function testApprovalValues(secret: string = TEST_CARD_SECRET): ApprovalValues {
  return new ApprovalValues(new ValueSigner(secret, 'steward/approval-values'));
}

export function testCardSigning(secret: string = TEST_CARD_SECRET): CardSigning {
  return { secrets: [secret], approvalValues: testApprovalValues(secret) };
}

/** The proposal or request id a signed approval button value names; '' for any other value. */
export function approvalIdOfValue(value: unknown): string {
  const read = testApprovalValues().readButton(value);
  return read.ok && read.signed ? read.value.id : '';
}
