import { createHmac } from 'node:crypto';

/**
 * The load generator of the Slack acknowledgement benchmark, run as its own process so that the
 * measured server does not share an event loop with the client. It sends signed app_mention
 * deliveries at a steady rate (open loop: a slow answer never delays the next send) and prints
 * one JSON line: the latency of every response, in milliseconds, and the count of non-2xx.
 *
 * argv[2]: JSON { url, secret, ratePerSecond, seconds, warmupSeconds, label, firstIndex? }
 * (`firstIndex` offsets event ids and message ts, so a second run in one table opens new threads)
 */
interface LoadPlan {
  readonly url: string;
  readonly secret: string;
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly label: string;
  readonly firstIndex?: number;
}

function payload(index: number, label: string): string {
  const ts = `${1763400000 + index}.${String(index % 1_000_000).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
    team_id: 'T0ACME',
    api_app_id: 'A0STEWARD01',
    type: 'event_callback',
    event_id: `EvBENCH${label}${index}`,
    event_time: 1763400000 + index,
    authorizations: [
      {
        enterprise_id: null,
        team_id: 'T0ACME',
        user_id: 'UBOT0STEWARD',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event: {
      type: 'app_mention',
      user: 'U0ANN',
      text: '<@UBOT0STEWARD> How do I connect to the VPN?',
      ts,
      event_ts: ts,
      channel: `C0BENCH${index % 20}`,
      team: 'T0ACME',
    },
  });
}

async function send(plan: LoadPlan, index: number): Promise<{ ms: number; ok: boolean }> {
  const body = payload(index, plan.label);
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', plan.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const started = performance.now();
  try {
    const response = await fetch(plan.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
      },
      body,
    });
    await response.arrayBuffer();
    return { ms: performance.now() - started, ok: response.ok };
  } catch {
    return { ms: performance.now() - started, ok: false };
  }
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
  const interval = 1000 / plan.ratePerSecond;
  const warmup = Math.round(plan.warmupSeconds * plan.ratePerSecond);
  const total = warmup + Math.round(plan.seconds * plan.ratePerSecond);
  const pending: Promise<{ ms: number; ok: boolean; measured: boolean }>[] = [];
  const start = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = start + index * interval;
    const wait = due - performance.now();
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    pending.push(
      send(plan, index + (plan.firstIndex ?? 0)).then((result) => ({ ...result, measured: index >= warmup })),
    );
  }
  const results = (await Promise.all(pending)).filter((result) => result.measured);
  process.stdout.write(
    `${JSON.stringify({ latenciesMs: results.map((r) => r.ms), failures: results.filter((r) => !r.ok).length })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
