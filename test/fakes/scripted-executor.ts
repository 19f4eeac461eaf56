import {
  ActionExecutionError,
  type ActionExecutor,
  type ActionResult,
  type ActionRun,
  type ExecutorFactory,
} from '../../src/ports/action-executor.js';

export type ScriptedOutcome =
  | { readonly ok: true; readonly summary?: string }
  | { readonly ok: false; readonly retryable: boolean; readonly summary: string; readonly unknown?: boolean };

/** An executor that records every run and answers from a script (success once it runs out). */
export class ScriptedExecutor implements ActionExecutor {
  readonly runs: ActionRun[] = [];
  private readonly script: ScriptedOutcome[] = [];

  constructor(private readonly target = 'POST https://ops.example.com/hooks') {}

  answer(...outcomes: ScriptedOutcome[]): this {
    this.script.push(...outcomes);
    return this;
  }

  describe(): string {
    return this.target;
  }

  execute(run: ActionRun): Promise<ActionResult> {
    this.runs.push(structuredClone(run));
    const outcome = this.script.shift() ?? { ok: true };
    if (outcome.ok) {
      return Promise.resolve({ summary: outcome.summary ?? 'HTTP 200' });
    }
    return Promise.reject(
      new ActionExecutionError(outcome.summary, {
        retryable: outcome.retryable,
        ...(outcome.unknown !== undefined ? { unknown: outcome.unknown } : {}),
      }),
    );
  }
}

/** A `type: scripted` executor block for test catalogues; one shared executor per action id. */
export function scriptedExecutorFactory(executors: Map<string, ScriptedExecutor>): ExecutorFactory {
  return (_spec, context) => {
    let executor = executors.get(context.actionId);
    if (executor === undefined) {
      executor = new ScriptedExecutor(`POST https://ops.example.com/hooks/${context.actionId}`);
      executors.set(context.actionId, executor);
    }
    return { executor };
  };
}
