/**
 * A save that waits a while after it is asked for, so the work that asked (serving a fresh index)
 * runs first, and that can be started at once when the process is about to end. Asked again
 * while one waits, it adds nothing: the waiting save takes the state as it is when it runs.
 * Saves run one after another; `save` reports its own failures and never rejects.
 */
export class DelayedSave {
  private saving: Promise<void> = Promise.resolve();
  private startWaiting: (() => void) | undefined;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly delayMs: number,
  ) {}

  request(): void {
    if (this.startWaiting !== undefined) {
      return;
    }
    const previous = this.saving;
    this.saving = new Promise<void>((resolve) => {
      const start = () => {
        clearTimeout(timer);
        this.startWaiting = undefined;
        resolve(previous.then(() => this.save()));
      };
      const timer = setTimeout(start, this.delayMs);
      this.startWaiting = start;
    });
  }

  /** Settles once no save is running or waiting. */
  settled(): Promise<void> {
    return this.saving;
  }

  /** Starts a waiting save now, and settles once it is written. */
  async flush(): Promise<void> {
    this.startWaiting?.();
    await this.saving;
  }
}
