import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPIRES_AT, GSI1, PARTITION_KEY, SORT_KEY } from '../../adapters/dynamodb/table-design.js';
import { REDIS_URL_PARTS, STEWARD_ROLES } from '../../deploy/lib/roles.js';
import { parseDeploySettings } from '../../deploy/lib/settings.js';
import { parseAppConfig } from '../../src/config/app-config.js';
import { configVariableNames } from '../support/config-variables.js';
import { FULL_SETTINGS, type Synthesised, synthesise } from './synth-stack.js';

/*
 * The synthesised CloudFormation of the CDK app (deploy/). Synthesis itself runs cdk-nag's AWS
 * Solutions checks and throws on any finding that is not acknowledged with a reason.
 */

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

let full: Synthesised;
let minimal: Synthesised;

beforeAll(() => {
  full = synthesise(FULL_SETTINGS);
  minimal = synthesise({
    region: 'eu-west-1',
    domainName: 'steward.example.com',
    certificateArn: FULL_SETTINGS.certificateArn,
  });
}, 180_000);

function resources(synthesised: Synthesised, type: string): Resource[] {
  return Object.values(synthesised.template.findResources(type)) as Resource[];
}

function statements(synthesised: Synthesised): Statement[] {
  return resources(synthesised, 'AWS::IAM::Policy').flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

const actionsOf = (statement: Statement) => [statement.Action].flat();
const resourcesOf = (statement: Statement) => [statement.Resource].flat();

function containers(synthesised: Synthesised) {
  return resources(synthesised, 'AWS::ECS::TaskDefinition').map((task) => {
    const [container] = task.Properties.ContainerDefinitions as {
      Command: string[];
      Environment: { Name: string; Value: unknown }[];
      Secrets: { Name: string }[];
      StopTimeout: number;
      HealthCheck?: { Command: string[] };
    }[];
    if (container === undefined) {
      throw new Error('a task definition without a container');
    }
    return container;
  });
}

describe('the DynamoDB table', () => {
  it('has the keys, index and TTL attribute the adapter uses, on demand', () => {
    full.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
        { AttributeName: SORT_KEY, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: GSI1.name,
          KeySchema: [
            { AttributeName: GSI1.partitionKey, KeyType: 'HASH' },
            { AttributeName: GSI1.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: EXPIRES_AT, Enabled: true },
    });
  });

  it('keeps point-in-time recovery, encryption and deletion protection, and outlives the stack', () => {
    full.template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
    });
  });
});

describe('task permissions', () => {
  it('never grant a DynamoDB or Bedrock action on every resource (RetrieveAndGenerate has no resource type)', () => {
    const wide = statements(full).filter(
      (statement) =>
        resourcesOf(statement).includes('*') &&
        actionsOf(statement).some((action) => /^(dynamodb|bedrock):/.test(action)),
    );
    expect(wide).toEqual([]);
    expect(
      statements(full)
        .flatMap(actionsOf)
        .filter((action) => /^(dynamodb|bedrock):\*$/.test(action)),
    ).toEqual([]);
  });

  it('allow only RetrieveAndGenerate on * when it is switched on, and alone in its statement', () => {
    const withRag = synthesise({
      ...FULL_SETTINGS,
      bedrock: { ...FULL_SETTINGS.bedrock, retrieveAndGenerate: true },
    });
    const wide = statements(withRag).filter((statement) => resourcesOf(statement).includes('*'));
    const bedrockWide = wide.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('bedrock:')),
    );
    expect(bedrockWide.map(actionsOf)).toEqual([
      ['bedrock:RetrieveAndGenerate'],
      ['bedrock:RetrieveAndGenerate'],
    ]);
  }, 120_000);

  it('grant DynamoDB item calls on the table and only Query on its one index', () => {
    const dynamo = statements(full).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );
    const rendered = JSON.stringify(dynamo);
    expect(rendered).toContain(`/index/${GSI1.name}`);
    expect(rendered).not.toContain('/index/*');
    expect(rendered).not.toMatch(/dynamodb:(CreateTable|DeleteTable|UpdateTable|Scan)/);
    const indexStatements = dynamo.filter((statement) =>
      JSON.stringify(statement.Resource).includes('/index/'),
    );
    expect(indexStatements.flatMap(actionsOf)).toEqual(['dynamodb:Query', 'dynamodb:Query']);
  });

  it('grant Bedrock calls on the configured knowledge bases, model, inference profile and guardrail', () => {
    const rendered = JSON.stringify(statements(full));
    for (const id of FULL_SETTINGS.bedrock.knowledgeBaseIds) {
      expect(rendered).toContain(`:knowledge-base/${id}`);
    }
    expect(rendered).toContain(`:inference-profile/${FULL_SETTINGS.bedrock.modelId}`);
    expect(rendered).toContain(':foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(rendered).toContain(`:guardrail/${FULL_SETTINGS.bedrock.guardrail.id}`);
  });

  it('grant no Bedrock call at all when Bedrock is not configured', () => {
    expect(
      statements(minimal)
        .flatMap(actionsOf)
        .filter((action) => action.startsWith('bedrock:')),
    ).toEqual([]);
  });
});

describe('the tasks', () => {
  it('run the web and worker roles from one image by command', () => {
    const commands = containers(full).map((container) => container.Command.join(' '));
    expect(commands).toHaveLength(2);
    expect(
      commands.some((command) =>
        command.includes(`exec node --enable-source-maps ${STEWARD_ROLES.web.script}`),
      ),
    ).toBe(true);
    expect(
      commands.some((command) =>
        command.includes(`exec node --enable-source-maps ${STEWARD_ROLES.worker.script}`),
      ),
    ).toBe(true);
    const images = new Set(
      resources(full, 'AWS::ECS::TaskDefinition').map((task) =>
        JSON.stringify((task.Properties.ContainerDefinitions as { Image: unknown }[])[0]?.Image),
      ),
    );
    expect(images.size).toBe(1);
  });

  it('get only variables the service’s configuration reads, and a configuration it accepts', () => {
    const known = configVariableNames();
    for (const container of containers(full)) {
      const names = [
        ...container.Environment.map((variable) => variable.Name),
        ...container.Secrets.map((secret) => secret.Name),
      ];
      const unknown = names.filter(
        (name) => !known.has(name) && !(REDIS_URL_PARTS as readonly string[]).includes(name),
      );
      expect(unknown).toEqual([]);
      expect(names).toEqual(
        expect.arrayContaining([
          'NODE_ENV',
          'DYNAMODB_TABLE',
          'ACTIONS_SIGNING_SECRET',
          'PSEUDONYM_SECRET',
          'CARD_SIGNING_SECRETS',
          ...REDIS_URL_PARTS,
        ]),
      );
      // What the command hands the process: the plain values, REDIS_URL assembled, secrets filled in.
      const environment: Record<string, string> = {};
      for (const variable of container.Environment) {
        environment[variable.Name] = typeof variable.Value === 'string' ? variable.Value : 'steward';
      }
      for (const secret of container.Secrets) {
        environment[secret.Name] = secret.Name === 'SLACK_BOT_TOKEN' ? 'xoxb-example' : 's'.repeat(64);
      }
      environment.REDIS_URL = 'rediss://:token@redis.internal:6380';
      const config = parseAppConfig(environment);
      expect(config.core.isProduction).toBe(true);
      expect(config.bedrock.knowledgeBaseId).toBe(FULL_SETTINGS.bedrock.knowledgeBaseIds[0]);
    }
  });

  it('keep secrets out of the plain environment', () => {
    for (const container of containers(full)) {
      const plain = container.Environment.map((variable) => variable.Name);
      for (const secret of [
        'ACTIONS_SIGNING_SECRET',
        'ADMIN_API_TOKEN',
        'CARD_SIGNING_SECRETS',
        'SLACK_SIGNING_SECRET',
        'SLACK_BOT_TOKEN',
        'MICROSOFT_APP_PASSWORD',
        'REDIS_AUTH_TOKEN',
      ]) {
        expect(plain).not.toContain(secret);
      }
    }
  });

  it('refuses at synth a variable the service would reject', () => {
    expect(() => synthesise({ ...FULL_SETTINGS, environment: { RETRIEVAL_LIMIT: 'many' } })).toThrow(
      /RETRIEVAL_LIMIT/,
    );
  });

  it('drain on deploys: a stop timeout, a deregistration delay, rolling with rollback', () => {
    expect(
      containers(full)
        .map((container) => container.StopTimeout)
        .sort(),
    ).toEqual([120, 60]);
    full.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/healthz',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
    for (const service of resources(full, 'AWS::ECS::Service')) {
      expect(service.Properties.DeploymentConfiguration).toMatchObject({
        MinimumHealthyPercent: 100,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      });
    }
  });

  it('serve HTTPS with the given certificate and check the web role on /healthz', () => {
    full.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: FULL_SETTINGS.certificateArn }],
    });
    const web = containers(full).find((container) => container.HealthCheck !== undefined);
    expect(web?.HealthCheck?.Command.join(' ')).toContain(`:${STEWARD_ROLES.web.port}/healthz`);
  });

  it('do not pass readiness details or metrics on from the internet', () => {
    full.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/readyz', '/metrics'] } }],
      Actions: [
        Match.objectLike({
          Type: 'fixed-response',
          FixedResponseConfig: Match.objectLike({ StatusCode: '404' }),
        }),
      ],
    });
  });

  it('scale the web role on CPU and requests, and workers on the deeper of the answer and approval queues', () => {
    const policies = resources(full, 'AWS::ApplicationAutoScaling::ScalingPolicy').map((policy) =>
      JSON.stringify(policy.Properties),
    );
    expect(policies.some((policy) => policy.includes('ECSServiceAverageCPUUtilization'))).toBe(true);
    expect(policies.some((policy) => policy.includes('ALBRequestCountPerTarget'))).toBe(true);
    const waiting = (queue: string) =>
      Match.objectLike({
        Id: queue,
        MetricStat: Match.objectLike({
          Metric: Match.objectLike({
            Namespace: 'Steward/Queues',
            MetricName: 'Waiting',
            Dimensions: Match.arrayWith([{ Name: 'Queue', Value: queue }]),
          }),
        }),
      });
    full.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'MAX([answers, approvals])' }), waiting('answers'), waiting('approvals')]),
      AlarmActions: Match.arrayWith([Match.objectLike({ Ref: Match.stringLikeRegexp('QueueDepth') })]),
    });
  });
});

describe('Redis for the queues', () => {
  it('is ElastiCache with TLS, an AUTH token and encryption at rest, across zones', () => {
    full.template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      AuthToken: Match.anyValue(),
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
    });
  });

  it('never evicts keys, as BullMQ requires', () => {
    full.template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      Properties: { 'maxmemory-policy': 'noeviction' },
    });
  });
});

describe('network', () => {
  it('has endpoints for DynamoDB, S3, Bedrock runtimes, Secrets Manager, CloudWatch Logs and ECR', () => {
    const names = JSON.stringify(
      resources(full, 'AWS::EC2::VPCEndpoint').map((endpoint) => endpoint.Properties.ServiceName),
    );
    for (const service of [
      'dynamodb',
      's3',
      'bedrock-runtime',
      'bedrock-agent-runtime',
      'secretsmanager',
      'logs',
      'ecr.api',
      'ecr.dkr',
    ]) {
      expect(names).toContain(`.${service}`);
    }
  });
});

describe('logs and alarms', () => {
  it('keep every log group for a set time', () => {
    const groups = resources(full, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(4);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBe(90);
    }
  });

  it('alarm on 5xx, failed and stuck jobs, queue depth, and DynamoDB and Bedrock throttling', () => {
    const alarms = resources(full, 'AWS::CloudWatch::Alarm').map((alarm) => JSON.stringify(alarm.Properties));
    const expected = [
      'HTTPCode_Target_5XX_Count',
      'FailedJobs',
      'OldestWaitingAge',
      'ReadThrottleEvents',
      'InvocationThrottles',
    ];
    for (const metric of expected) {
      expect(
        alarms.some((alarm) => alarm.includes(metric) && alarm.includes('AlarmActions')),
        metric,
      ).toBe(true);
    }
  });
});

describe('deployment settings', () => {
  it('list every problem of an invalid context', () => {
    expect(() => parseDeploySettings({ region: 'mars', certificateArn: 'nope' })).toThrow(
      /steward\.region[\s\S]*steward\.domainName[\s\S]*steward\.certificateArn/,
    );
  });

  it('the committed example context synthesises', () => {
    const cdkJson = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../../deploy/cdk.json'), 'utf8'),
    ) as {
      context: { steward: unknown };
    };
    expect(() => parseDeploySettings(cdkJson.context.steward)).not.toThrow();
  });
});
