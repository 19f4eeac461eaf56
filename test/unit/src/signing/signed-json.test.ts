import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SignedJson } from '../../../../src/signing/signed-json.js';
import { ValueSigner } from '../../../../src/signing/value-signer.js';

const signer = new ValueSigner('s'.repeat(32), 'steward/test');
const schema = z.strictObject({ channelId: z.string().min(1), version: z.number().int() });

describe('SignedJson', () => {
  const record = new SignedJson(signer, 'test-record', schema, 200);

  it('gives back the record it signed', () => {
    expect(record.verify(record.sign({ channelId: 'C0IT', version: 2 }))).toEqual({
      ok: true,
      value: { channelId: 'C0IT', version: 2 },
    });
  });

  it('refuses values longer than the platform carries, and signed payloads that are not the record', () => {
    const long = record.sign({ channelId: 'C'.repeat(300), version: 2 });
    expect(record.verify(long)).toEqual({ ok: false, reason: 'not a signed value' });
    expect(record.verify(signer.sign('test-record', 'not json'))).toEqual({
      ok: false,
      reason: 'signed payload unreadable',
    });
    expect(record.verify(signer.sign('test-record', '{"channelId":"C0IT"}'))).toEqual({
      ok: false,
      reason: 'signed payload unreadable',
    });
  });

  it('refuses a record signed for another purpose', () => {
    const other = new SignedJson(signer, 'other-record', schema, 200);
    expect(record.verify(other.sign({ channelId: 'C0IT', version: 2 }))).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
  });
});
