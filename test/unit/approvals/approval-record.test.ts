import { describe, expect, it } from 'vitest';
import { requestFromJson, recordJson } from '../../../adapters/dynamodb/approval-item.js';
import { requestCopy, requestFromCopy } from '../../../approvals/queue/request-copy.js';
import { readApprovalRequest } from '../../../src/approval-rules/approval-record.js';
import type { ApprovalRequest } from '../../../src/approval-rules/approval-types.js';
import { buildPerson, buildRequest } from '../../support/approval-builders.js';

/** A request as a life cycle writes one: keys added late come last, not in the schema's order. */
function finishedRequest(): ApprovalRequest {
  const approved = buildRequest({
    status: 'approved',
    decisions: [
      { by: buildPerson({ userId: 'U-APP1' }), at: new Date('2031-02-01T10:00:00.000Z'), verdict: 'approve' },
    ],
  });
  return {
    ...approved,
    status: 'succeeded',
    attempts: 1,
    outcome: { summary: 'HTTP 200', ok: true, attempts: 1, at: new Date('2031-02-01T10:00:01.500Z') },
    updatedAt: new Date('2031-02-01T10:00:01.500Z'),
    version: approved.version + 3,
  };
}

describe('approval records read back from their JSON', () => {
  it('keeps the written key order, so the copy a job carries serialises to the stored JSON again', () => {
    const request = finishedRequest();
    const copy = requestFromCopy(requestCopy(request), request.id);

    expect(copy).toEqual(request);
    expect(copy?.decisions[0]?.at).toBeInstanceOf(Date);
    expect(requestCopy(copy as ApprovalRequest)).toBe(requestCopy(request));
  });

  it('reads the store record with the same schema and the same order', () => {
    const request = finishedRequest();
    const stored = requestFromJson(recordJson(request));

    expect(stored).toEqual(request);
    expect(recordJson(stored)).toBe(recordJson(request));
  });

  it('refuses a copy that is not a request, is of another request, or was altered out of shape', () => {
    const request = finishedRequest();
    const json = JSON.parse(requestCopy(request)) as Record<string, unknown>;

    expect(requestFromCopy(requestCopy(request), 'another-id')).toBeUndefined();
    expect(requestFromCopy('{not json', request.id)).toBeUndefined();
    expect(requestFromCopy(undefined, request.id)).toBeUndefined();
    expect(requestFromCopy(JSON.stringify({ ...json, status: 'done' }), request.id)).toBeUndefined();
    expect(requestFromCopy(JSON.stringify({ ...json, decideBy: 'tomorrow' }), request.id)).toBeUndefined();
    expect(requestFromCopy(JSON.stringify({ ...json, version: 0 }), request.id)).toBeUndefined();
  });

  it('drops keys the schema does not know, so a copy carrying them cannot pass the whole-record guard', () => {
    const request = finishedRequest();
    const json = { ...(JSON.parse(requestCopy(request)) as Record<string, unknown>), injected: true };
    const reading = readApprovalRequest(json);

    expect(reading.ok && 'injected' in reading.value).toBe(false);
    expect(reading.ok && JSON.stringify(reading.value)).not.toBe(JSON.stringify(json));
  });
});
