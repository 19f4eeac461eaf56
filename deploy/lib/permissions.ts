import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { GSI1 } from '../../adapters/dynamodb/table-design.js';
import type { DeploySettings } from './settings.js';

/**
 * Least-privilege IAM for the tasks: exactly the DynamoDB calls the adapters make, on the table
 * and its one index, and the Bedrock calls on the configured resources. docs/operations.md shows
 * the same policies for deployments without this app.
 */

/** Item calls of adapters/dynamodb (TransactWriteItems is authorised per item action). */
export const DYNAMODB_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];
/** Start-up checks of the table (keys, index, TTL) and /readyz; creating it is this app's job. */
export const DYNAMODB_DESCRIBE_ACTIONS = ['dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive'];

export function dynamoDbStatements(tableArn: string): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'StewardTable',
      effect: Effect.ALLOW,
      actions: [...DYNAMODB_ITEM_ACTIONS, ...DYNAMODB_DESCRIBE_ACTIONS],
      resources: [tableArn],
    }),
    new PolicyStatement({
      sid: 'StewardTableIndex',
      effect: Effect.ALLOW,
      actions: ['dynamodb:Query'],
      resources: [`${tableArn}/index/${GSI1.name}`],
    }),
  ];
}

/** Cross-region inference profile ids start with a geography. */
const INFERENCE_PROFILE_ID = /^(us|eu|apac|jp|au|ca|us-gov|global)\.(.+)$/;

export function bedrockStatements(scope: Construct, settings: DeploySettings): PolicyStatement[] {
  const stack = Stack.of(scope);
  const region = settings.bedrock.region ?? stack.region;
  const prefix = `arn:${stack.partition}:bedrock:${region}`;
  const statements: PolicyStatement[] = [];
  const { bedrock } = settings;

  if (bedrock.knowledgeBaseIds.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'BedrockRetrieve',
        actions: ['bedrock:Retrieve'],
        resources: bedrock.knowledgeBaseIds.map((id) => `${prefix}:${stack.account}:knowledge-base/${id}`),
      }),
    );
  }

  const models = [...modelArns(bedrock.modelId, prefix, stack.account), ...bedrock.modelArns];
  if (models.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'BedrockInvokeModel',
        // Converse (rewrites, summaries) and ConverseStream (answers).
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: models,
      }),
    );
  }

  if (bedrock.guardrail !== undefined) {
    statements.push(
      new PolicyStatement({
        sid: 'BedrockGuardrail',
        actions: ['bedrock:ApplyGuardrail'],
        resources: [`${prefix}:${stack.account}:guardrail/${bedrock.guardrail.id}`],
      }),
    );
  }

  if (bedrock.retrieveAndGenerate) {
    statements.push(
      new PolicyStatement({
        sid: 'BedrockRetrieveAndGenerate',
        // AWS defines no resource type for this action: it cannot be narrowed. The knowledge
        // base and model it uses are still checked against the statements above.
        actions: ['bedrock:RetrieveAndGenerate'],
        resources: ['*'],
      }),
    );
  }
  return statements;
}

function modelArns(modelId: string | undefined, prefix: string, account: string): string[] {
  if (modelId === undefined) {
    return [];
  }
  if (modelId.startsWith('arn:')) {
    return [modelId];
  }
  const profile = INFERENCE_PROFILE_ID.exec(modelId);
  if (profile !== null) {
    // The profile, and the model in this region; other regions the profile routes to go in
    // bedrock.modelArns.
    return [`${prefix}:${account}:inference-profile/${modelId}`, `${prefix}::foundation-model/${profile[2]}`];
  }
  return [`${prefix}::foundation-model/${modelId}`];
}
