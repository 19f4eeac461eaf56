import { defineConfig } from 'vitest/config';

/**
 * `npm run test:production`: the built artefact installed as production installs it. Kept out of
 * the default run because it needs `npm run build` first and an `npm ci` of its own.
 */
export default defineConfig({
  test: {
    include: ['test/production/**/*.test.ts'],
    globalSetup: ['test/support/dynamodb-local.global.ts'],
    maxWorkers: 1,
    testTimeout: 90_000,
    hookTimeout: 240_000,
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  },
});
