import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as applicationautoscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { Redis } from './data.js';
import type { StewardServices } from './services.js';
import type { DeploySettings } from './settings.js';

const QUEUE_METRICS_CODE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../queue-metrics');
/** Must match METRIC_NAMESPACE in queue-metrics/queue-depth.mjs. */
const QUEUE_NAMESPACE = 'Steward/Queues';
/** BullMQ queues: questions waiting for an answer worker (adapters/bullmq/), and the approval workflow's (approvals/queue/job-ids.ts). */
export const OBSERVED_QUEUES = ['answers', 'approvals', 'approval-notices'];

export interface Monitoring {
  readonly alarms: cloudwatch.Alarm[];
  readonly topic: sns.Topic;
  readonly queueMetrics: lambda.Function;
}

/**
 * Queue-depth metrics (a function reading Redis every minute), worker scaling on them, and the
 * alarms docs/operations.md explains, all notifying one encrypted SNS topic.
 */
export function createMonitoring(
  scope: Construct,
  props: {
    settings: DeploySettings;
    vpc: ec2.IVpc;
    redis: Redis;
    queuePrefix: string;
    services: StewardServices;
    table: dynamodb.Table;
    retention: logs.RetentionDays;
  },
): Monitoring {
  const { settings, services } = props;
  const queueMetrics = createQueueMetricsFunction(scope, props);
  const queueMetric = (metricName: string, queue: string, statistic: string) =>
    new cloudwatch.Metric({
      namespace: QUEUE_NAMESPACE,
      metricName,
      dimensionsMap: { Deployment: settings.name, Queue: queue },
      statistic,
      period: Duration.minutes(1),
    });

  // Workers scale on whichever waits longer for one: questions to answer or approved actions to run.
  services.worker.scaling.scaleOnMetric('QueueDepth', {
    metric: new cloudwatch.MathExpression({
      expression: 'MAX([answers, approvals])',
      usingMetrics: {
        answers: queueMetric('Waiting', 'answers', 'Maximum'),
        approvals: queueMetric('Waiting', 'approvals', 'Maximum'),
      },
      label: 'Jobs waiting for a worker',
      period: Duration.minutes(1),
    }),
    scalingSteps: [
      { upper: 0, change: -1 },
      { lower: 10, change: +1 },
      { lower: 100, change: +3 },
    ],
    adjustmentType: applicationautoscaling.AdjustmentType.CHANGE_IN_CAPACITY,
    cooldown: Duration.minutes(2),
  });

  const key = new kms.Key(scope, 'AlarmTopicKey', {
    description: 'Encrypts Steward alarm notifications',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      resources: ['*'],
    }),
  );
  const topic = new sns.Topic(scope, 'Alarms', { masterKey: key, enforceSSL: true });
  if (settings.alarmEmail !== undefined) {
    topic.addSubscription(new subscriptions.EmailSubscription(settings.alarmEmail));
  }

  const failedJobs = new logs.MetricFilter(scope, 'FailedJobsFilter', {
    logGroup: services.worker.logGroup,
    // Logged by the approval worker when a job fails (it is retried until its attempts run out).
    filterPattern: logs.FilterPattern.stringValue('$.msg', '=', 'approval job failed'),
    metricNamespace: `Steward/${settings.name}`,
    metricName: 'FailedJobs',
    metricValue: '1',
    defaultValue: 0,
  }).metric({ statistic: 'Sum', period: Duration.minutes(5) });

  const alarms: cloudwatch.Alarm[] = [];
  const alarm = (id: string, description: string, props: Omit<cloudwatch.AlarmProps, 'alarmDescription'>) => {
    const created = new cloudwatch.Alarm(scope, id, { alarmDescription: description, ...props });
    created.addAlarmAction(new actions.SnsAction(topic));
    alarms.push(created);
  };
  const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
  const { loadBalancer, table } = { loadBalancer: services.loadBalancer, table: props.table };

  alarm('Web5xx', 'Steward answered HTTP 5xx (target errors); see docs/operations.md#alarms', {
    metric: loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, fiveMinutes),
    threshold: 5,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm('LoadBalancer5xx', 'The load balancer answered 5xx itself (no healthy Steward task?)', {
    metric: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, fiveMinutes),
    threshold: 5,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm('FailedJobs', 'Approval jobs failed (webhook errors or a failing dependency)', {
    metric: failedJobs,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm(
    'StuckJobs',
    'The oldest waiting approval job has waited over 10 minutes: workers are not taking work',
    {
      metric: queueMetric('OldestWaitingAge', 'approvals', 'Maximum'),
      threshold: 600,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
  );
  alarm('QueueDepth', 'Over 100 approval jobs wait, for 10 minutes, even with scaling', {
    metric: queueMetric('Waiting', 'approvals', 'Maximum'),
    threshold: 100,
    evaluationPeriods: 10,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm(
    'QueueMetricsFailing',
    'Queue depth is not measured (Redis unreachable?): scaling and queue alarms are blind',
    {
      metric: queueMetrics.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 3,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
  );
  alarm('DynamoDbThrottling', 'DynamoDB throttled reads or writes of the Steward table', {
    metric: new cloudwatch.MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: table.metric('ReadThrottleEvents', { statistic: 'Sum' }),
        writes: table.metric('WriteThrottleEvents', { statistic: 'Sum' }),
      },
      period: Duration.minutes(5),
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (settings.bedrock.modelId !== undefined) {
    alarm('BedrockThrottling', 'Bedrock throttled calls to the answering model (quota reached)', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Bedrock',
        metricName: 'InvocationThrottles',
        dimensionsMap: { ModelId: settings.bedrock.modelId },
        ...fiveMinutes,
      }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
  return { alarms, topic, queueMetrics };
}

function createQueueMetricsFunction(
  scope: Construct,
  props: {
    settings: DeploySettings;
    vpc: ec2.IVpc;
    redis: Redis;
    queuePrefix: string;
    retention: logs.RetentionDays;
  },
): lambda.Function {
  const logGroup = new logs.LogGroup(scope, 'QueueMetricsLogs', {
    retention: props.retention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const fn = new lambda.Function(scope, 'QueueMetrics', {
    description: 'Publishes Steward queue depth (BullMQ in Redis) as CloudWatch metrics',
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(QUEUE_METRICS_CODE, { exclude: ['*.d.mts'] }),
    timeout: Duration.seconds(30),
    memorySize: 128,
    vpc: props.vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    logGroup,
    environment: {
      REDIS_HOST: props.redis.host,
      REDIS_PORT: props.redis.port,
      REDIS_AUTH_SECRET_ARN: props.redis.authSecret.secretArn,
      QUEUE_PREFIX: props.queuePrefix,
      QUEUE_NAMES: OBSERVED_QUEUES.join(','),
      DEPLOYMENT: props.settings.name,
    },
  });
  props.redis.authSecret.grantRead(fn);
  props.redis.connections.allowDefaultPortFrom(fn);
  new events.Rule(scope, 'QueueMetricsSchedule', {
    schedule: events.Schedule.rate(Duration.minutes(1)),
    targets: [new targets.LambdaFunction(fn)],
  });
  return fn;
}
