import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeploySettings } from '../../deploy/lib/settings.js';
import { StewardStack } from '../../deploy/lib/steward-stack.js';

/** Settings a deployer with Slack, Teams and a Bedrock knowledge base, model and guardrail gives. */
export const FULL_SETTINGS = {
  name: 'steward',
  region: 'eu-west-1',
  account: '123456789012',
  domainName: 'steward.example.com',
  certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  slack: true,
  teams: { appId: '00000000-0000-0000-0000-000000000001', tenantId: 'contoso.onmicrosoft.com' },
  bedrock: {
    knowledgeBaseIds: ['KBABCDE123', 'KBXYZ98765'],
    modelId: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
    guardrail: { id: 'gr0123abcd', version: '3' },
  },
  image: { repositoryName: 'steward', tag: '1.2.3' },
  alarmEmail: 'ops@example.com',
};

export interface Synthesised {
  readonly template: Template;
  readonly stack: StewardStack;
  readonly outdir: string;
}

/** Synthesises the stack as `npm run deploy:synth` does, with the AWS Solutions checks. */
export function synthesise(context: Record<string, unknown>): Synthesised {
  const outdir = mkdtempSync(path.join(tmpdir(), 'steward-cdk-'));
  const app = new App({ outdir, context: { steward: context } });
  const stack = new StewardStack(app, 'Steward', parseDeploySettings(context));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return { template: Template.fromStack(stack), stack, outdir };
}
