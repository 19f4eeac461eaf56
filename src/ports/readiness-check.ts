/** One dependency the service needs before it can take traffic (DynamoDB, Redis...). */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when the dependency answers; rejects when it does not. */
  check(): Promise<void>;
}
