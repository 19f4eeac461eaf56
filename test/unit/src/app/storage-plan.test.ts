import { describe, expect, it } from 'vitest';
import { coreConfigSchema } from '../../../../src/config/core-config.js';
import { parseConfig } from '../../../../src/config/environment.js';
import { dynamoEndpointPlan } from '../../../../src/app/storage.js';

describe('dynamoEndpointPlan', () => {
  it('starts DynamoDB Local outside production when no endpoint is set', () => {
    expect(dynamoEndpointPlan(parseConfig(coreConfigSchema, { DYNAMODB_LOCAL_PORT: '9001' }))).toEqual({
      kind: 'embedded',
      endpoint: 'http://127.0.0.1:9001',
    });
  });

  it("uses AWS's regional endpoint in production, never the embedded one", () => {
    expect(dynamoEndpointPlan(parseConfig(coreConfigSchema, { NODE_ENV: 'production' }))).toEqual({
      kind: 'aws',
      endpoint: undefined,
    });
  });

  it('uses an explicit endpoint in any environment', () => {
    for (const NODE_ENV of ['development', 'production']) {
      const config = parseConfig(coreConfigSchema, { NODE_ENV, DYNAMODB_ENDPOINT: 'http://dynamodb.internal:8000' });
      expect(dynamoEndpointPlan(config)).toEqual({ kind: 'explicit', endpoint: 'http://dynamodb.internal:8000' });
    }
  });
});
