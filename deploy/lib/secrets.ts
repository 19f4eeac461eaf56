import { SecretValue } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { DeploySettings } from './settings.js';
import type { DeployedResources, SecretVariable } from './task-environment.js';

/**
 * The service's secrets in Secrets Manager. Those Steward owns are generated here; the platform
 * credentials (Slack, Teams) start empty, which leaves the platform off, until the operator puts
 * the values from the platform's console (docs/operations.md) and redeploys the services.
 */
export function createSecrets(scope: Construct, settings: DeploySettings): DeployedResources['secrets'] {
  const generated = (id: string, description: string): SecretVariable => ({
    secret: new secretsmanager.Secret(scope, id, {
      secretName: `${settings.name}/${id}`,
      description,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'value',
        excludePunctuation: true,
        passwordLength: 64,
      },
    }),
    field: 'value',
    example: 'e'.repeat(64),
  });

  const secrets: { -readonly [K in keyof DeployedResources['secrets']]: DeployedResources['secrets'][K] } = {
    actionsSigning: generated('actions-signing', 'Signs every action webhook (ACTIONS_SIGNING_SECRET)'),
    adminApiToken: generated('admin-api-token', 'Bearer token of the admin API (ADMIN_API_TOKEN)'),
    pseudonym: generated('pseudonym', 'Keys the pseudonyms of erased people in the audit log (PSEUDONYM_SECRET)'),
    // One secret to start with; rotating puts a new one in front, comma separated (docs/operations.md).
    cardSigning: generated('card-signing', 'Signs the values chat cards carry back (CARD_SIGNING_SECRETS)'),
  };

  if (settings.slack) {
    const slack = new secretsmanager.Secret(scope, 'slack', {
      secretName: `${settings.name}/slack`,
      description: 'Slack app credentials: signingSecret (Basic Information), botToken (xoxb-...)',
      // Empty placeholders, not secrets: Slack stays off until the operator sets both.
      secretObjectValue: {
        signingSecret: SecretValue.unsafePlainText(''),
        botToken: SecretValue.unsafePlainText(''),
      },
    });
    secrets.slackSigningSecret = { secret: slack, field: 'signingSecret', example: 'example-signing-secret' };
    secrets.slackBotToken = { secret: slack, field: 'botToken', example: 'xoxb-example' };
  }

  if (settings.teams !== undefined) {
    const teams = new secretsmanager.Secret(scope, 'teams', {
      secretName: `${settings.name}/teams`,
      description: 'Microsoft Teams bot: appPassword (the Entra app client secret)',
      secretObjectValue: { appPassword: SecretValue.unsafePlainText('') },
    });
    secrets.teamsAppPassword = { secret: teams, field: 'appPassword', example: 'example-client-secret' };
  }
  return secrets;
}
