import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { roleCommand, STEWARD_ROLES, type StewardRole } from './roles.js';
import type { DeploySettings } from './settings.js';
import { type TaskEnvironment, validateTaskEnvironment } from './task-environment.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RoleService {
  readonly service: ecs.FargateService;
  readonly taskRole: iam.IRole;
  readonly executionRole: iam.IRole;
  readonly logGroup: logs.LogGroup;
  readonly scaling: ecs.ScalableTaskCount;
}

export interface StewardServices {
  readonly cluster: ecs.Cluster;
  readonly web: RoleService;
  readonly worker: RoleService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly accessLogs: s3.Bucket;
}

/** Paths the web role serves that the load balancer does not pass on from the internet. */
export const INTERNAL_PATHS = ['/readyz', '/metrics'];

/** How long a stopping task may finish what it is doing after SIGTERM (Fargate allows 120 s). */
const STOP_TIMEOUT = { web: Duration.seconds(60), worker: Duration.seconds(120) } as const;

export function createServices(
  scope: Construct,
  props: {
    vpc: ec2.IVpc;
    settings: DeploySettings;
    retention: logs.RetentionDays;
    environments: Record<StewardRole, TaskEnvironment>;
  },
): StewardServices {
  const { vpc, settings } = props;
  const cluster = new ecs.Cluster(scope, 'Cluster', {
    vpc,
    containerInsightsV2: ecs.ContainerInsights.ENHANCED,
  });
  const image = settings.image
    ? ecs.ContainerImage.fromEcrRepository(
        ecr.Repository.fromRepositoryName(scope, 'ImageRepository', settings.image.repositoryName),
        settings.image.tag,
      )
    : ecs.ContainerImage.fromAsset(repoRoot);

  const roleService = (role: StewardRole): RoleService => {
    const size = settings[role];
    const environment = props.environments[role];
    validateTaskEnvironment(role, environment);
    const task = new ecs.FargateTaskDefinition(scope, `${capitalised(role)}Task`, {
      cpu: size.cpu,
      memoryLimitMiB: size.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const logGroup = new logs.LogGroup(scope, `${capitalised(role)}Logs`, {
      retention: props.retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const port = STEWARD_ROLES[role].port;
    task.addContainer('steward', {
      image,
      command: roleCommand(role),
      environment: environment.environment,
      secrets: Object.fromEntries(
        Object.entries(environment.secrets).map(([name, variable]) => [
          name,
          ecs.Secret.fromSecretsManager(variable.secret, variable.field),
        ]),
      ),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: role, logGroup }),
      stopTimeout: STOP_TIMEOUT[role],
      ...(port !== undefined
        ? {
            portMappings: [{ containerPort: port }],
            healthCheck: {
              command: [
                'CMD',
                'node',
                '-e',
                `fetch('http://127.0.0.1:${port}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
              ],
              interval: Duration.seconds(30),
              timeout: Duration.seconds(5),
              startPeriod: Duration.seconds(30),
              retries: 3,
            },
          }
        : {}),
    });
    const service = new ecs.FargateService(scope, `${capitalised(role)}Service`, {
      cluster,
      taskDefinition: task,
      desiredCount: size.minTasks,
      // Rolling deploys: new tasks start before old ones stop; a deploy that cannot get healthy
      // tasks rolls back instead of replacing working ones.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
    });
    const scaling = service.autoScaleTaskCount({ minCapacity: size.minTasks, maxCapacity: size.maxTasks });
    if (role === 'web') {
      scaling.scaleOnCpuUtilization('Cpu', {
        targetUtilizationPercent: 60,
        scaleInCooldown: Duration.minutes(5),
        scaleOutCooldown: Duration.minutes(1),
      });
    }
    // The execution role exists once a container pulls an image or reads a secret.
    const executionRole = task.obtainExecutionRole();
    return { service, taskRole: task.taskRole, executionRole, logGroup, scaling };
  };

  const web = roleService('web');
  const worker = roleService('worker');
  const { loadBalancer, targetGroup, accessLogs } = createLoadBalancer(scope, vpc, settings, web.service);
  web.scaling.scaleOnRequestCount('Requests', { requestsPerTarget: 300, targetGroup });
  return { cluster, web, worker, loadBalancer, targetGroup, accessLogs };
}

function createLoadBalancer(
  scope: Construct,
  vpc: ec2.IVpc,
  settings: DeploySettings,
  web: ecs.FargateService,
): {
  loadBalancer: elbv2.ApplicationLoadBalancer;
  targetGroup: elbv2.ApplicationTargetGroup;
  accessLogs: s3.Bucket;
} {
  const accessLogs = new s3.Bucket(scope, 'LoadBalancerAccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    lifecycleRules: [{ expiration: Duration.days(90) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc,
    internetFacing: true,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    dropInvalidHeaderFields: true,
  });
  loadBalancer.logAccessLogs(accessLogs);
  const https = loadBalancer.addListener('Https', {
    port: 443,
    protocol: elbv2.ApplicationProtocol.HTTPS,
    certificates: [elbv2.ListenerCertificate.fromArn(settings.certificateArn)],
    sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    // Slack and Teams call from the internet.
    open: true,
  });
  loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
  // Readiness details and metrics are for the internal network, not for the internet.
  https.addAction('InternalPaths', {
    priority: 10,
    conditions: [elbv2.ListenerCondition.pathPatterns(INTERNAL_PATHS)],
    action: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
  });
  const targetGroup = https.addTargets('Web', {
    port: STEWARD_ROLES.web.port,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targets: [web],
    healthCheck: { path: '/healthz', healthyHttpCodes: '200', interval: Duration.seconds(15) },
    // Requests in flight finish before a task is stopped; Slack and Teams are acknowledged in
    // seconds and answer work continues in the task until its stopTimeout.
    deregistrationDelay: Duration.seconds(30),
  });
  return { loadBalancer, targetGroup, accessLogs };
}

function capitalised(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}
