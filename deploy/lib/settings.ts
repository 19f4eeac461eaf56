import { z } from 'zod';

/**
 * Everything a deployer chooses, read from the CDK context key `steward` (deploy/cdk.json, or
 * `cdk.context.json`). Checked once with zod, so a bad value stops `cdk synth` with every problem.
 */

const arn = (service: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `must be an arn:aws:${service}:... ARN`);

const taskSize = (defaults: { cpu: number; memoryMiB: number; minTasks: number; maxTasks: number }) =>
  z
    .object({
      cpu: z.number().int().default(defaults.cpu),
      memoryMiB: z.number().int().default(defaults.memoryMiB),
      minTasks: z.number().int().min(1).default(defaults.minTasks),
      maxTasks: z.number().int().min(1).default(defaults.maxTasks),
    })
    .default(defaults);

export const deploySettingsSchema = z
  .object({
    /**
     * The region is required (load balancer access logs are written with the region's ELB
     * principal); the account may stay unset, so synth needs no AWS credentials.
     */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit account id')
      .optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region such as eu-west-1'),
    /** Names the stack, the table, the queue prefix and the metrics of this deployment. */
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{2,30}$/, 'must be 3-31 lower-case letters, digits or -')
      .default('steward'),
    /** The public host name Slack and Teams call, and its ACM certificate (same region as the stack). */
    domainName: z
      .string()
      .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a host name such as steward.example.com'),
    certificateArn: arn('acm'),
    /** When given, an alias record for domainName is created in this Route 53 zone. */
    hostedZone: z.object({ id: z.string().min(1), name: z.string().min(1) }).optional(),
    /** An existing VPC (needs account and region, for the lookup); unset creates one. */
    vpcId: z
      .string()
      .regex(/^vpc-[0-9a-f]+$/)
      .optional(),
    natGateways: z.number().int().min(1).max(3).default(1),
    /** Interface endpoints cost money per AZ; an existing VPC may already have them. */
    vpcEndpoints: z.boolean().default(true),
    /** A pushed image (ECR repository in this account and region, and tag); unset builds ./Dockerfile. */
    image: z.object({ repositoryName: z.string().min(1), tag: z.string().min(1) }).optional(),
    slack: z.boolean().default(true),
    teams: z
      .object({
        appId: z
          .string()
          .regex(
            /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
            'must be the bot’s Microsoft App ID (a GUID)',
          ),
        tenantId: z.string().min(1),
        appType: z.enum(['SingleTenant', 'MultiTenant']).default('SingleTenant'),
      })
      .optional(),
    bedrock: z
      .object({
        region: z.string().optional(),
        /** Knowledge bases the service (and channels) may retrieve from; the first is the default. */
        knowledgeBaseIds: z.array(z.string().regex(/^[0-9A-Za-z]{10}$/)).default([]),
        /** BEDROCK_MODEL_ID: a model id, an inference profile id or an ARN. */
        modelId: z.string().min(1).optional(),
        /** Further model or inference-profile ARNs to allow (channel models, the profile's regions). */
        modelArns: z.array(arn('bedrock')).default([]),
        guardrail: z.object({ id: z.string().min(1), version: z.string().min(1) }).optional(),
        retrieveAndGenerate: z.boolean().default(false),
      })
      .default({ knowledgeBaseIds: [], modelArns: [], retrieveAndGenerate: false }),
    web: taskSize({ cpu: 512, memoryMiB: 1024, minTasks: 2, maxTasks: 6 }),
    worker: taskSize({ cpu: 256, memoryMiB: 512, minTasks: 1, maxTasks: 4 }),
    redisNodeType: z.string().default('cache.t4g.small'),
    logRetentionDays: z.number().int().default(90),
    /** Alarms notify this address (confirm the subscription e-mail). */
    alarmEmail: z.email().optional(),
    /** Further service variables (see .env.example), validated against the service's own schema. */
    environment: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string()).default({}),
  })
  .superRefine((settings, context) => {
    if (settings.vpcId !== undefined && settings.account === undefined) {
      context.addIssue({ code: 'custom', path: ['vpcId'], message: 'needs account (the VPC is looked up)' });
    }
    if (
      settings.bedrock.retrieveAndGenerate &&
      (settings.bedrock.modelId === undefined || settings.bedrock.knowledgeBaseIds.length === 0)
    ) {
      context.addIssue({
        code: 'custom',
        path: ['bedrock', 'retrieveAndGenerate'],
        message: 'needs bedrock.modelId and a knowledge base',
      });
    }
  });

export type DeploySettings = z.output<typeof deploySettingsSchema>;

export function parseDeploySettings(context: unknown): DeploySettings {
  const result = deploySettingsSchema.safeParse(context ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  - steward.${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid deployment settings (CDK context "steward"):\n${problems.join('\n')}`);
  }
  return result.data;
}
