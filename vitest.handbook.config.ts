import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run eval:handbook`: the quality suites over the team's employee handbook, kept beside the
 * repository (its licence forbids copying it in). They skip, saying so, where it is absent.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/opt-in/**/*.test.ts'],
    exclude: [],
  },
});
