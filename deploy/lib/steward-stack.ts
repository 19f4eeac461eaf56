import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import { createTable, StewardRedis } from './data.js';
import { createMonitoring } from './monitoring.js';
import { createNetwork } from './network.js';
import { addNagSuppressions } from './nag-suppressions.js';
import { bedrockStatements, dynamoDbStatements } from './permissions.js';
import { createSecrets } from './secrets.js';
import { createServices } from './services.js';
import type { DeploySettings } from './settings.js';
import { type DeployedResources, taskEnvironment } from './task-environment.js';

/** Steward on AWS: see deploy/README.md for what it creates and docs/operations.md to run it. */
export class StewardStack extends Stack {
  constructor(scope: Construct, id: string, settings: DeploySettings, props: StackProps = {}) {
    super(scope, id, {
      ...props,
      description: 'Steward: knowledge assistant with governed actions for Slack and Microsoft Teams',
      env: { account: settings.account, region: settings.region },
    });
    const retention = retentionOf(settings.logRetentionDays);
    const { vpc, endpoints } = createNetwork(this, settings, retention);
    const table = createTable(this, settings);
    const redis = new StewardRedis(this, 'Redis', { vpc, settings });
    const queuePrefix = settings.name;
    const resources: DeployedResources = {
      tableName: table.tableName,
      redis: {
        host: redis.host,
        port: redis.port,
        authToken: { secret: redis.authSecret, field: 'token', example: 't'.repeat(64) },
      },
      queuePrefix,
      secrets: createSecrets(this, settings),
    };
    const services = createServices(this, {
      vpc,
      settings,
      retention,
      environments: {
        web: taskEnvironment('web', settings, resources),
        worker: taskEnvironment('worker', settings, resources),
      },
    });
    for (const role of [services.web, services.worker]) {
      for (const statement of [...dynamoDbStatements(table.tableArn), ...bedrockStatements(this, settings)]) {
        role.taskRole.addToPrincipalPolicy(statement);
      }
      redis.connections.allowDefaultPortFrom(role.service);
      for (const endpoint of endpoints) {
        endpoint.connections.allowDefaultPortFrom(role.service);
      }
    }
    const monitoring = createMonitoring(this, {
      settings,
      vpc,
      redis,
      queuePrefix,
      services,
      table,
      retention,
    });
    for (const endpoint of endpoints) {
      endpoint.connections.allowDefaultPortFrom(monitoring.queueMetrics);
    }

    if (settings.hostedZone !== undefined) {
      const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: settings.hostedZone.id,
        zoneName: settings.hostedZone.name,
      });
      new route53.ARecord(this, 'Alias', {
        zone,
        recordName: settings.domainName,
        target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(services.loadBalancer)),
        ttl: Duration.minutes(5),
      });
    }

    new CfnOutput(this, 'LoadBalancerDnsName', {
      value: services.loadBalancer.loadBalancerDnsName,
      description: `Point ${settings.domainName} here (CNAME or alias) unless hostedZone is set`,
    });
    new CfnOutput(this, 'SlackEventsUrl', { value: `https://${settings.domainName}/slack/events` });
    new CfnOutput(this, 'TeamsMessagingEndpoint', { value: `https://${settings.domainName}/api/messages` });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'ClusterName', { value: services.cluster.clusterName });
    new CfnOutput(this, 'WebServiceName', { value: services.web.service.serviceName });
    new CfnOutput(this, 'WorkerServiceName', { value: services.worker.service.serviceName });

    addNagSuppressions(this, {
      loadBalancer: services.loadBalancer,
      accessLogs: services.accessLogs,
      executionRoles: [services.web.executionRole, services.worker.executionRole],
      taskRolesWithRetrieveAndGenerate: settings.bedrock.retrieveAndGenerate
        ? [services.web.taskRole, services.worker.taskRole]
        : [],
      queueMetrics: monitoring.queueMetrics,
    });
  }
}

function retentionOf(days: number): logs.RetentionDays {
  const known = Object.values(logs.RetentionDays).filter(
    (value): value is number => typeof value === 'number',
  );
  if (!known.includes(days)) {
    throw new Error(
      `steward.logRetentionDays: ${days} is not a CloudWatch Logs retention (${known.join(', ')})`,
    );
  }
  return days;
}
