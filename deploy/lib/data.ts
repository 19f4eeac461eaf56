import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EXPIRES_AT, GSI1, PARTITION_KEY, SORT_KEY } from '../../adapters/dynamodb/table-design.js';
import type { DeploySettings } from './settings.js';

/**
 * The DynamoDB table exactly as adapters/dynamodb/ensure-table.ts would create it (same key
 * names, imported from the adapter), with what production adds: point-in-time recovery,
 * deletion protection, encryption, and a name that survives stack replacement.
 */
export function createTable(scope: Construct, settings: DeploySettings): dynamodb.Table {
  const table = new dynamodb.Table(scope, 'Table', {
    tableName: settings.name,
    partitionKey: { name: PARTITION_KEY, type: dynamodb.AttributeType.STRING },
    sortKey: { name: SORT_KEY, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: EXPIRES_AT,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  table.addGlobalSecondaryIndex({
    indexName: GSI1.name,
    partitionKey: { name: GSI1.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: GSI1.sortKey, type: dynamodb.AttributeType.STRING },
    projectionType: dynamodb.ProjectionType.ALL,
  });
  return table;
}

export const REDIS_PORT = 6380;

export interface Redis {
  readonly host: string;
  readonly port: string;
  readonly authSecret: secretsmanager.Secret;
  readonly connections: ec2.Connections;
}

/**
 * BullMQ's Redis: ElastiCache for Valkey, cluster mode off (BullMQ's keys of one queue must live
 * on one node), two nodes across AZs with automatic failover, TLS and an AUTH token, and
 * `maxmemory-policy noeviction`: evicting a key would silently lose a queued job.
 */
export class StewardRedis extends Construct implements Redis {
  readonly host: string;
  readonly port: string;
  readonly authSecret: secretsmanager.Secret;
  readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: { vpc: ec2.IVpc; settings: DeploySettings }) {
    super(scope, id);
    this.authSecret = new secretsmanager.Secret(this, 'AuthToken', {
      description: 'AUTH token of the Steward queue Redis (ElastiCache)',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'token',
        // ElastiCache tokens exclude some punctuation; letters and digits also need no URL escaping.
        excludePunctuation: true,
        passwordLength: 64,
      },
    });
    const parameters = new elasticache.CfnParameterGroup(this, 'Parameters', {
      cacheParameterGroupFamily: 'valkey8',
      description: 'BullMQ requires noeviction',
      properties: { 'maxmemory-policy': 'noeviction' },
    });
    const subnets = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: 'Steward queue Redis, private subnets',
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
    });
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Steward queue Redis: reachable from Steward tasks only',
      allowAllOutbound: false,
    });
    const group = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: 'Steward queues (BullMQ)',
      engine: 'valkey',
      engineVersion: '8.0',
      cacheNodeType: props.settings.redisNodeType,
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      cacheParameterGroupName: parameters.ref,
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [securityGroup.securityGroupId],
      port: REDIS_PORT,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      authToken: this.authSecret.secretValueFromJson('token').unsafeUnwrap(),
      snapshotRetentionLimit: 7,
    });
    this.host = group.attrPrimaryEndPointAddress;
    this.port = String(REDIS_PORT);
    this.connections = new ec2.Connections({
      securityGroups: [securityGroup],
      defaultPort: ec2.Port.tcp(REDIS_PORT),
    });
  }
}
