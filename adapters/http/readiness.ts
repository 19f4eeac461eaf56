/** One dependency the service needs before it can take traffic (DynamoDB, Redis...). */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when the dependency answers; rejects when it does not. */
  check(): Promise<void>;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Record<string, { readonly ok: boolean; readonly error?: string }>;
}

const CHECK_TIMEOUT_MS = 2_000;

export async function runReadinessChecks(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  type CheckResult = ReadinessReport['checks'][string];
  const results = await Promise.all(
    checks.map(async (check): Promise<readonly [string, CheckResult]> => {
      try {
        await withTimeout(check.check(), CHECK_TIMEOUT_MS);
        return [check.name, { ok: true }] as const;
      } catch (error) {
        // The reason is for operators reading /readyz; it never contains credentials.
        return [check.name, { ok: false, error: error instanceof Error ? error.message : String(error) }] as const;
      }
    }),
  );
  return { ready: results.every(([, result]) => result.ok), checks: Object.fromEntries(results) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
