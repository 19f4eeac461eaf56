import type { ApproverSpec } from '../channels/channel-settings.js';
import type { RiskLevel } from '../approval-rules/approval-types.js';
import type { ActionExecutor } from './action-executor.js';

/** The result of checking values typed by a person against an action's parameter schema. */
export type ParameterCheck =
  | { readonly ok: true; readonly parameters: Readonly<Record<string, unknown>> }
  | {
      readonly ok: false;
      /** Readable problems, one per offending parameter. */
      readonly problems: readonly string[];
      /** Required parameters that were not given at all. */
      readonly missing: readonly string[];
    };

export interface ParameterInfo {
  readonly name: string;
  readonly description?: string;
  readonly required: boolean;
  /** Allowed values, when the schema lists them. */
  readonly choices?: readonly string[];
}

/** One action admins allow Steward to run, as the catalogue file declares it. */
export interface ActionDefinition {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Requests people might write; the local matcher compares messages against them. */
  readonly examples: readonly string[];
  readonly risk: RiskLevel;
  /** Distinct approvers needed (0 for low risk and 1 otherwise, unless the file says more). */
  readonly quorum: number;
  /** Approvers for this action; the channel's approvers apply when both lists are empty. */
  readonly approvers: ApproverSpec;
  readonly expiryHours: number;
  readonly parameters: readonly ParameterInfo[];
  /**
   * The parameters' JSON Schema (draft 2020-12) as checked, `additionalProperties: false` added
   * when the file says nothing: what a model is given as the action's tool input schema.
   */
  readonly parameterSchema: Readonly<Record<string, unknown>>;
  /**
   * Validates and types the values (strings from a chat command, or values a model chose),
   * filling defaults. The same check runs before execution, so nothing unvalidated ever runs.
   */
  checkParameters(values: Readonly<Record<string, unknown>>): ParameterCheck;
  readonly executor: ActionExecutor;
  /** Executor attempts before a retryable failure becomes final. */
  readonly maxAttempts: number;
  /**
   * The receiver honours the Idempotency-Key, so an attempt whose outcome is unknown (a timeout,
   * an interrupted worker) may be sent again. Otherwise it never is.
   */
  readonly idempotent: boolean;
}

/** The actions this service knows, loaded and validated once at start. */
export interface ActionCatalogue {
  list(): readonly ActionDefinition[];
  /** Undefined for an id the catalogue does not have. */
  get(actionId: string): ActionDefinition | undefined;
}
