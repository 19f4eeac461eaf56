import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The production-install test runs on its own after a build (`npm run test:production`), and
    // suites over corpora kept outside the repository only on request (`npm run eval:handbook`).
    exclude: [...configDefaults.exclude, 'test/production/**', 'test/opt-in/**'],
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
