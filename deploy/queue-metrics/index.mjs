/**
 * Lambda handler, run every minute: publishes the depth of Steward's queues as CloudWatch
 * metrics (embedded metric format on standard output), which scale the worker service and feed
 * the queue alarms. Redis is ElastiCache with TLS and an AUTH token kept in Secrets Manager.
 * The AWS SDK comes with the Lambda Node.js runtime.
 */
import process from 'node:process';
import { connect } from 'node:tls';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readQueueDepths, RespClient, toEmbeddedMetrics } from './queue-depth.mjs';

const secrets = new SecretsManagerClient({});

export async function handler() {
  const { REDIS_HOST, REDIS_PORT, REDIS_AUTH_SECRET_ARN, QUEUE_PREFIX, QUEUE_NAMES, DEPLOYMENT } =
    process.env;
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: REDIS_AUTH_SECRET_ARN }));
  const { token } = JSON.parse(secret.SecretString ?? '{}');
  const socket = connect({ host: REDIS_HOST, port: Number(REDIS_PORT), servername: REDIS_HOST });
  const client = new RespClient(socket);
  try {
    await client.command('AUTH', token);
    const now = Date.now();
    const depths = await readQueueDepths(client, QUEUE_PREFIX, QUEUE_NAMES.split(','), now);
    for (const depth of depths) {
      process.stdout.write(`${JSON.stringify(toEmbeddedMetrics(depth, DEPLOYMENT, now))}\n`);
    }
    return depths;
  } finally {
    client.close();
  }
}
