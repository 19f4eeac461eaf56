import { Token } from 'aws-cdk-lib';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { parseAppConfig } from '../../src/config/app-config.js';
import { REDIS_URL_PARTS, type StewardRole } from './roles.js';
import type { DeploySettings } from './settings.js';

/**
 * Every environment variable Steward's tasks get, in one place: plain values, and secrets that
 * ECS injects from Secrets Manager at task start. `validateTaskEnvironment` parses the result
 * with the service's own configuration schema at synth time, so a deployment cannot set a
 * variable the service would reject.
 */

export interface SecretVariable {
  readonly secret: ISecret;
  /** The JSON field of the secret that holds the value. */
  readonly field: string;
  /** A value of the right shape, used only to validate the configuration at synth time. */
  readonly example: string;
}

export interface TaskEnvironment {
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, SecretVariable>;
}

export interface DeployedResources {
  readonly tableName: string;
  readonly redis: { readonly host: string; readonly port: string; readonly authToken: SecretVariable };
  readonly queuePrefix: string;
  readonly secrets: {
    readonly actionsSigning: SecretVariable;
    readonly adminApiToken: SecretVariable;
    readonly pseudonym: SecretVariable;
    readonly cardSigning: SecretVariable;
    readonly slackSigningSecret?: SecretVariable;
    readonly slackBotToken?: SecretVariable;
    readonly teamsAppPassword?: SecretVariable;
  };
}

export function taskEnvironment(
  role: StewardRole,
  settings: DeploySettings,
  resources: DeployedResources,
): TaskEnvironment {
  const environment: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    // Fargate sets AWS_REGION itself; DynamoDB is the regional endpoint (through the gateway endpoint).
    DYNAMODB_TABLE: resources.tableName,
    REDIS_HOST: resources.redis.host,
    REDIS_PORT: resources.redis.port,
    APPROVALS_QUEUE_PREFIX: resources.queuePrefix,
    ANSWER_QUEUE_PREFIX: resources.queuePrefix,
    ...bedrockEnvironment(settings),
    ...teamsEnvironment(settings),
  };
  if (role === 'web') {
    environment.PORT = '3000';
    // Questions are answered and approved actions run in the worker service; the web tasks only
    // acknowledge and queue, and keep the chat connections for card updates.
    environment.APPROVALS_WORKER = 'off';
    environment.ANSWER_WORKER = 'off';
  }
  Object.assign(environment, settings.environment);

  const { secrets } = resources;
  return {
    environment,
    secrets: {
      REDIS_AUTH_TOKEN: resources.redis.authToken,
      ACTIONS_SIGNING_SECRET: secrets.actionsSigning,
      ADMIN_API_TOKEN: secrets.adminApiToken,
      // Without it, erasure and export are off in production.
      PSEUDONYM_SECRET: secrets.pseudonym,
      // Required in production with Slack or Teams: button values and card data are signed with it.
      CARD_SIGNING_SECRETS: secrets.cardSigning,
      ...(secrets.slackSigningSecret && secrets.slackBotToken
        ? { SLACK_SIGNING_SECRET: secrets.slackSigningSecret, SLACK_BOT_TOKEN: secrets.slackBotToken }
        : {}),
      ...(secrets.teamsAppPassword ? { MICROSOFT_APP_PASSWORD: secrets.teamsAppPassword } : {}),
    },
  };
}

function bedrockEnvironment(settings: DeploySettings): Record<string, string> {
  const { bedrock } = settings;
  const [defaultKnowledgeBase] = bedrock.knowledgeBaseIds;
  return {
    ...(bedrock.region !== undefined ? { BEDROCK_REGION: bedrock.region } : {}),
    ...(defaultKnowledgeBase !== undefined ? { BEDROCK_KNOWLEDGE_BASE_ID: defaultKnowledgeBase } : {}),
    ...(bedrock.modelId !== undefined ? { BEDROCK_MODEL_ID: bedrock.modelId } : {}),
    ...(bedrock.guardrail !== undefined
      ? { BEDROCK_GUARDRAIL_ID: bedrock.guardrail.id, BEDROCK_GUARDRAIL_VERSION: bedrock.guardrail.version }
      : {}),
    ...(bedrock.retrieveAndGenerate ? { BEDROCK_RETRIEVE_AND_GENERATE: 'true' } : {}),
  };
}

function teamsEnvironment(settings: DeploySettings): Record<string, string> {
  if (settings.teams === undefined) {
    return {};
  }
  return {
    MICROSOFT_APP_ID: settings.teams.appId,
    MICROSOFT_APP_TENANT_ID: settings.teams.tenantId,
    MICROSOFT_APP_TYPE: settings.teams.appType,
  };
}

/**
 * What the process sees once the command has run: REDIS_URL assembled from its parts, secrets
 * and deploy-time values (tokens) replaced by examples of the right shape.
 */
export function processEnvironment(task: TaskEnvironment): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(task.environment)) {
    resolved[name] = Token.isUnresolved(value) ? exampleFor(name) : value;
  }
  for (const [name, secret] of Object.entries(task.secrets)) {
    resolved[name] = secret.example;
  }
  for (const part of REDIS_URL_PARTS) {
    delete resolved[part];
  }
  resolved.REDIS_URL = 'rediss://:example-token@redis.internal:6380';
  return resolved;
}

function exampleFor(name: string): string {
  switch (name) {
    case 'DYNAMODB_TABLE':
      return 'steward';
    default:
      return 'example';
  }
}

/** Throws, listing every problem, when the service would refuse this environment at start. */
export function validateTaskEnvironment(role: StewardRole, task: TaskEnvironment): void {
  try {
    parseAppConfig(processEnvironment(task));
  } catch (error) {
    const problems = error instanceof Error ? error.message : String(error);
    throw new Error(`The ${role} tasks' environment would not start Steward:\n${problems}`, { cause: error });
  }
}
