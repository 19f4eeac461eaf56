import { answersConfigSchema } from './answers-config.js';
import { approvalsConfigSchema } from './approvals-config.js';
import { adminConfigSchema } from './admin-config.js';
import { bedrockConfigSchema } from './bedrock-config.js';
import { cardSigningConfigSchema } from './card-signing-config.js';
import { coreConfigSchema } from './core-config.js';
import { type Environment, parseConfigSlices } from './environment.js';
import { openAiCompatibleConfigSchema } from './openai-compatible-config.js';
import { teamsConfigSchema } from './teams-config.js';
import { slackConfigSchema } from './slack-config.js';
import { telemetryConfigSchema } from './telemetry-config.js';

/**
 * Every slice of the configuration. A feature adds its schema here; all of them are validated
 * together so that start-up lists every problem, not only the first slice's.
 */
export const appConfigSchemas = {
  core: coreConfigSchema,
  approvals: approvalsConfigSchema,
  cardSigning: cardSigningConfigSchema,
  answers: answersConfigSchema,
  admin: adminConfigSchema,
  teams: teamsConfigSchema,
  bedrock: bedrockConfigSchema,
  openAiCompatible: openAiCompatibleConfigSchema,
  slack: slackConfigSchema,
  telemetry: telemetryConfigSchema,
};

export type AppConfig = ReturnType<typeof parseAppConfig>;

export function parseAppConfig(env: Environment) {
  return parseConfigSlices(appConfigSchemas, env);
}
