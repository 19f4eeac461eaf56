import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Every webhook carries `Steward-Signature: t=<unix seconds>,v1=<hex>`, where the hex is
 * HMAC-SHA256(secret, "<t>.<raw body>"). Signing the time with the body lets receivers refuse
 * replays older than a few minutes; docs/actions.md shows how to verify it.
 */
export const SIGNATURE_HEADER = 'Steward-Signature';

export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

export interface SignatureCheck {
  readonly secret: string;
  readonly header: string | null | undefined;
  readonly body: string;
  readonly nowSeconds: number;
  /** How old a signature may be; 300 s is what the docs recommend. */
  readonly toleranceSeconds?: number;
}

/** The receiver's side, for tests and as the reference for docs/actions.md. */
export function verifyWebhookSignature(check: SignatureCheck): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(check.header ?? '');
  if (!match?.[1] || !match[2]) {
    return false;
  }
  const timestamp = Number(match[1]);
  if (Math.abs(check.nowSeconds - timestamp) > (check.toleranceSeconds ?? 300)) {
    return false;
  }
  const expected = createHmac('sha256', check.secret).update(`${timestamp}.${check.body}`).digest();
  const given = Buffer.from(match[2], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
