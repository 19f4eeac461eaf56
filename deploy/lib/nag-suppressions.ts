import { type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Each cdk-nag AwsSolutions finding this design accepts, with its reason. */
export function addNagSuppressions(
  stack: Stack,
  parts: {
    loadBalancer: IConstruct;
    accessLogs: IConstruct;
    executionRoles: IConstruct[];
    taskRolesWithRetrieveAndGenerate: IConstruct[];
    queueMetrics: IConstruct;
  },
): void {
  const acknowledge = (id: string, reason: string, scope: IConstruct = stack) =>
    Validations.of(scope).acknowledge({ id, reason });
  acknowledge(
    'AwsSolutions-ECS2',
    'Task environment variables hold configuration only (table name, queue prefix, model ids); every secret is injected from Secrets Manager.',
  );
  acknowledge(
    'AwsSolutions-SMG4',
    'Slack and Teams credentials are issued by those platforms and rotated there; the Redis AUTH token, action-signing secret and admin token need a coordinated rollout. docs/operations.md#rotating-secrets describes each rotation.',
  );
  acknowledge(
    'AwsSolutions-EC23',
    'The load balancer is the public HTTPS entry that Slack and Microsoft Teams call from the internet (only 443, and 80 redirecting to it).',
    parts.loadBalancer,
  );
  acknowledge(
    'AwsSolutions-S1',
    'This bucket receives the load balancer access logs; logging access to the log bucket itself would need yet another bucket.',
    parts.accessLogs,
  );
  for (const role of parts.executionRoles) {
    acknowledge(
      'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken, which ECS needs to pull the image, supports no resource narrower than *.',
      role,
    );
  }
  for (const role of parts.taskRolesWithRetrieveAndGenerate) {
    acknowledge(
      'AwsSolutions-IAM5[Resource::*]',
      'bedrock:RetrieveAndGenerate has no resource type in IAM, so it cannot be narrowed; the knowledge base (bedrock:Retrieve) and model (bedrock:InvokeModel) it uses are still limited to the configured ARNs.',
      role,
    );
  }
  acknowledge(
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The AWS-maintained minimum for a function to write its own logs.',
    parts.queueMetrics,
  );
  acknowledge(
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    'The AWS-maintained minimum for a function in a VPC (network interface actions, which support no narrower resource).',
    parts.queueMetrics,
  );
  acknowledge(
    'AwsSolutions-L1',
    'Pinned to Node.js 24, the newest long-term-support runtime; the function uses only node:tls and the bundled AWS SDK.',
    parts.queueMetrics,
  );
}
