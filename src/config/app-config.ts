import { approvalsConfigSchema } from './approvals-config.js';
import { coreConfigSchema } from './core-config.js';
import { type Environment, parseConfigSlices } from './environment.js';

/**
 * Every slice of the configuration. A feature adds its schema here; all of them are validated
 * together so that start-up lists every problem, not only the first slice's.
 */
export const appConfigSchemas = {
  core: coreConfigSchema,
  approvals: approvalsConfigSchema,
};

export type AppConfig = ReturnType<typeof parseAppConfig>;

export function parseAppConfig(env: Environment) {
  return parseConfigSlices(appConfigSchemas, env);
}
