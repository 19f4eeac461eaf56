import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Suites over corpora kept outside the repository run only on request (npm run eval:handbook).
    exclude: ['test/opt-in/**', '**/node_modules/**'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // One DynamoDB Local for the whole run; each suite makes its own table in it.
    globalSetup: ['test/support/dynamodb-local.global.ts'],
    // The machines have 2 cores; DynamoDB Local (a JVM) needs one of them.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  },
});
