import { createHmac } from 'node:crypto';

/**
 * The load generator of the Slack acknowledgement benchmark, run as its own process so that the
 * measured server does not share an event loop with the client. It sends signed app_mention
 * deliveries at a steady rate (open loop: a slow answer never delays the next send) in phases,
 * one after another, each to its own URL: the benchmark alternates two receivers this way, so
 * that drift in the machine's load falls on both.
 *
 * Each phase prints one JSON line when its first delivery is due (`{"phase":i,"event":"start"}`)
 * and one when its last response arrived (`{"phase":i,"event":"end","latenciesMs":[...],
 * "failures":n}`, measured deliveries only); the next phase starts after that, so the process
 * that hosts the receivers can charge the CPU it spent between the two lines to that phase.
 *
 * argv[2]: JSON { secret, ratePerSecond, phases: [{ url, label, seconds, warmupSeconds?, firstIndex? }] }
 * (`firstIndex` offsets event ids and message ts, so later phases in one table open new threads)
 */
interface LoadPhase {
  readonly url: string;
  readonly label: string;
  readonly seconds: number;
  readonly warmupSeconds?: number;
  readonly firstIndex?: number;
}

interface LoadPlan {
  readonly secret: string;
  readonly ratePerSecond: number;
  readonly phases: readonly LoadPhase[];
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

async function send(plan: LoadPlan, phase: LoadPhase, index: number): Promise<{ ms: number; ok: boolean }> {
  const body = payload(index, phase.label);
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', plan.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const started = performance.now();
  try {
    const response = await fetch(phase.url, {
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

async function runPhase(plan: LoadPlan, phase: LoadPhase, number: number): Promise<void> {
  const interval = 1000 / plan.ratePerSecond;
  const warmup = Math.round((phase.warmupSeconds ?? 0) * plan.ratePerSecond);
  const total = warmup + Math.round(phase.seconds * plan.ratePerSecond);
  const pending: Promise<{ ms: number; ok: boolean; measured: boolean }>[] = [];
  process.stdout.write(`${JSON.stringify({ phase: number, event: 'start' })}\n`);
  const start = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = start + index * interval;
    const wait = due - performance.now();
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    pending.push(
      send(plan, phase, index + (phase.firstIndex ?? 0)).then((result) => ({ ...result, measured: index >= warmup })),
    );
  }
  const results = (await Promise.all(pending)).filter((result) => result.measured);
  process.stdout.write(
    `${JSON.stringify({
      phase: number,
      event: 'end',
      latenciesMs: results.map((r) => r.ms),
      failures: results.filter((r) => !r.ok).length,
    })}\n`,
  );
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
  for (const [number, phase] of plan.phases.entries()) {
    await runPhase(plan, phase, number);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
