import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createRetryStrategy } from './retry-policy.js';

export interface BedrockClientOptions {
  readonly region: string;
  /** `bedrock-runtime` endpoint override: a VPC interface endpoint, or a local fake in tests. */
  readonly runtimeEndpoint?: string;
  /** `bedrock-agent-runtime` endpoint override (knowledge base calls). */
  readonly agentRuntimeEndpoint?: string;
  readonly maxAttempts: number;
  /** See RetryPolicyOptions.delayScale. */
  readonly retryDelayScale?: number;
  /** A stream that sends nothing for this long is abandoned. */
  readonly idleTimeoutMs: number;
}

export interface BedrockClients {
  /** Converse, ConverseStream, ApplyGuardrail. */
  readonly runtime: BedrockRuntimeClient;
  /** Retrieve, RetrieveAndGenerate. */
  readonly agentRuntime: BedrockAgentRuntimeClient;
  destroy(): void;
}

/** A fake Bedrock on this machine accepts any signature; real credentials are neither needed nor wanted there. */
const LOCAL_CREDENTIALS = { accessKeyId: 'steward', secretAccessKey: 'local' } as const;

/**
 * Both Bedrock clients, with the retry strategy and timeouts chosen in one place. Credentials
 * come from the default AWS chain (task role, instance profile, environment, SSO profile) except
 * for an endpoint on this machine.
 */
export function createBedrockClients(options: BedrockClientOptions): BedrockClients {
  const common = (endpoint: string | undefined) => ({
    region: options.region,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(endpoint !== undefined && isLoopbackEndpoint(endpoint) ? { credentials: LOCAL_CREDENTIALS } : {}),
    retryStrategy: createRetryStrategy({
      maxAttempts: options.maxAttempts,
      ...(options.retryDelayScale !== undefined ? { delayScale: options.retryDelayScale } : {}),
    }),
    // HTTP/2 as the SDK defaults for Bedrock; one session per request, as the SDK's own default.
    requestHandler: { requestTimeout: options.idleTimeoutMs, disableConcurrentStreams: true },
  });
  const runtime = new BedrockRuntimeClient(common(options.runtimeEndpoint));
  const agentRuntime = new BedrockAgentRuntimeClient(common(options.agentRuntimeEndpoint));
  return {
    runtime,
    agentRuntime,
    destroy() {
      runtime.destroy();
      agentRuntime.destroy();
    },
  };
}

function isLoopbackEndpoint(endpoint: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}
