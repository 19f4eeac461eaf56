import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { DeploySettings } from './settings.js';

/**
 * The VPC (new, or an existing one) with private subnets for tasks and Redis, flow logs, and
 * endpoints so AWS traffic (DynamoDB, Bedrock, Secrets Manager, logs, image pulls) stays off the
 * internet. Slack and Teams are reached through the NAT gateway.
 */
export interface Network {
  readonly vpc: ec2.IVpc;
  /** Interface endpoints; each Steward task and function is let in by its security group. */
  readonly endpoints: ec2.InterfaceVpcEndpoint[];
}

export function createNetwork(
  scope: Construct,
  settings: DeploySettings,
  retention: logs.RetentionDays,
): Network {
  let vpc: ec2.IVpc;
  if (settings.vpcId !== undefined) {
    vpc = ec2.Vpc.fromLookup(scope, 'Vpc', { vpcId: settings.vpcId });
  } else {
    const flowLogs = new logs.LogGroup(scope, 'VpcFlowLogs', {
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    vpc = new ec2.Vpc(scope, 'Vpc', {
      maxAzs: 2,
      natGateways: settings.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
  }
  return { vpc, endpoints: settings.vpcEndpoints ? addEndpoints(vpc) : [] };
}

const INTERFACE_ENDPOINTS = {
  BedrockRuntime: ec2.InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME,
  BedrockAgentRuntime: ec2.InterfaceVpcEndpointAwsService.BEDROCK_AGENT_RUNTIME,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
};

function addEndpoints(vpc: ec2.IVpc): ec2.InterfaceVpcEndpoint[] {
  const privateSubnets = [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }];
  vpc.addGatewayEndpoint('DynamoDbEndpoint', {
    service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
    subnets: privateSubnets,
  });
  // ECR keeps image layers in S3.
  vpc.addGatewayEndpoint('S3Endpoint', {
    service: ec2.GatewayVpcEndpointAwsService.S3,
    subnets: privateSubnets,
  });
  return Object.entries(INTERFACE_ENDPOINTS).map(([id, service]) =>
    vpc.addInterfaceEndpoint(`${id}Endpoint`, {
      service,
      privateDnsEnabled: true,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      // Not open to the whole VPC: the stack lets in Steward's own tasks and functions.
      open: false,
    }),
  );
}
