import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { systemClock } from '../src/clock.js';
import { CachedChannelSettingsReader } from '../src/channels/cached-channel-settings-reader.js';
import { ChannelPolicy } from '../src/channels/channel-policy.js';
import { type ChannelSettings, channelSettingsSchema } from '../src/channels/channel-settings.js';
import { PlatformGroupDirectory } from '../src/channels/platform-group-directory.js';
import { createSilentLogger } from '../src/logger.js';
import { AdminAuthority } from '../src/admin/admin-authority.js';
import { exportConfiguration } from '../src/admin/configuration-document.js';
import {
  createDynamoClients,
  DynamoAdminStore,
  DynamoAuditLog,
  DynamoChannelSettingsStore,
  DynamoConfigurationBatch,
  DynamoEventLedger,
  ensureTable,
  startDynamoDbLocal,
} from '../adapters/dynamodb/index.js';
import { RedisRateLimiter } from '../adapters/redis/redis-rate-limiter.js';
import { createAdminUseCases } from '../handlers/admin/index.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';

const SAMPLES = 2_000;
const IMPORT_CHANNELS = 250;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * What channel settings add to every message (a settings read, the access check, the Redis rate
 * limit) and what a large configuration import costs, against DynamoDB Local and the local Redis.
 */
export async function runChannelAdminBench(): Promise<BenchSection> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const clients = createDynamoClients({ region: 'us-east-1', endpoint: dynamo.endpoint });
  const keyPrefix = `bench:rate:${randomUUID()}:`;
  const limiter = new RedisRateLimiter({ redisUrl: REDIS_URL, clock: systemClock, keyPrefix });
  try {
    await ensureTable(clients.client, 'bench');
    const options = { client: clients.documentClient, tableName: 'bench', clock: systemClock };
    const store = new DynamoChannelSettingsStore(options);
    const admins = new DynamoAdminStore(options);
    const channel = { platform: 'slack', tenantId: 'T0BENCH', channelId: 'C0BENCH' } as const;
    const settings: ChannelSettings = channelSettingsSchema.parse({
      access: { mode: 'listed', users: Array.from({ length: 50 }, (_, i) => `U${i}`) },
      userMessagesPerMinute: 600,
    });
    await store.put(channel, settings, { expectedVersion: 0, updatedBy: { kind: 'cli', id: 'bench' } });
    const cached = new CachedChannelSettingsReader(store, { clock: systemClock, ttlMs: 60_000 });
    const policy = new ChannelPolicy({
      settings: cached,
      groups: new PlatformGroupDirectory(),
      rateLimiter: limiter,
      notices: new DynamoEventLedger(options),
      clock: systemClock,
    });
    const logger = createSilentLogger();
    // Authors rotate through the listed users so that none reaches the limit of 600 a minute.
    let sent = 0;
    const nextMessage = () => ({
      ref: { ...channel, threadId: 't' },
      author: { id: `U${(sent += 1) % 50}` },
      text: 'hello',
      eventId: `e${sent}`,
      receivedAt: new Date(),
    });

    const rows: (string | number)[][] = [];
    const measure = async (label: string, samples: number, operation: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        const start = performance.now();
        await operation();
        times.push(performance.now() - start);
      }
      rows.push([label, samples, formatMs(percentile(times, 0.5)), formatMs(percentile(times, 0.99))]);
    };

    await measure('settings read, DynamoDB (cache miss)', SAMPLES / 4, () => store.settingsFor(channel));
    await cached.settingsFor(channel);
    await measure('settings read, cached', SAMPLES, () => cached.settingsFor(channel));
    await measure('rate limit check, Redis', SAMPLES, () => limiter.consume('bench', 1_000_000, 60_000));
    await measure('whole admission (cached settings, 50 listed users, rate limit)', SAMPLES, () =>
      policy.admit(nextMessage(), 'ask', logger),
    );

    const useCases = createAdminUseCases({
      settings: store,
      admins,
      batch: new DynamoConfigurationBatch(options),
      authority: new AdminAuthority([], admins),
      audit: new DynamoAuditLog(options),
      logger,
    });
    const document = exportConfiguration(
      Array.from({ length: IMPORT_CHANNELS }, (_, i) => ({
        channel: { platform: 'slack', tenantId: 'T0IMPORT', channelId: `C${String(i).padStart(4, '0')}` },
        settings: channelSettingsSchema.parse({ replyMode: 'all', persona: `Channel ${i}` }),
        version: 1,
        updatedAt: new Date(),
        updatedBy: { kind: 'cli', id: 'bench' },
      })),
      [],
    );
    const actor = { kind: 'cli', id: 'bench' } as const;
    let start = performance.now();
    const imported = await useCases.importConfiguration(actor, document, { dryRun: false });
    const importMs = performance.now() - start;
    if (!imported.ok) {
      throw new Error(`import refused: ${imported.refusal.message}`);
    }
    rows.push([
      `import of ${IMPORT_CHANNELS} new channels (3 transactions + audit)`,
      1,
      formatMs(importMs),
      '-',
    ]);
    start = performance.now();
    await useCases.exportConfiguration(actor);
    rows.push([`export of ${IMPORT_CHANNELS + 1} channels`, 1, formatMs(performance.now() - start), '-']);

    return {
      title: 'Channel settings and admin',
      columns: ['Operation', 'Samples', 'p50 ms', 'p99 ms'],
      rows,
      notes: [
        'Sequential calls on one process; DynamoDB Local (in memory) and Redis run on the same machine.',
        'Every message pays the cached read, the access check and, when the channel sets a limit, one Redis round trip.',
        'A cache miss (once per channel per CHANNEL_SETTINGS_CACHE_SECONDS per instance) costs one consistent GetItem.',
        'Most of an import is its audit trail: one record per changed channel, written one after another.',
      ],
    };
  } finally {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
    redis.disconnect();
    await limiter.close();
    clients.destroy();
    await dynamo.stop();
  }
}

