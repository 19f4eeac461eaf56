import type { Clock } from '../clock.js';
import type { ConversationRef, ConversationState, Turn, TurnFeedback } from '../conversation/types.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import type { ConversationStore, SummaryFold } from '../ports/conversation-store.js';
import { channelKeyOf } from './channel-key.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Applies a channel's `retentionDays` to its stored history without the conversation service
 * knowing: writes get the channel's expiry instead of the service-wide one, and turns older than
 * the channel's retention are not used even while still stored (so lowering retention takes
 * effect at once; the items themselves go at their stored expiry).
 */
export class ChannelRetentionStore implements ConversationStore {
  constructor(
    private readonly inner: ConversationStore,
    private readonly settings: ChannelSettingsReader,
    private readonly clock: Clock,
  ) {}

  async load(ref: ConversationRef): Promise<ConversationState> {
    const [state, days] = await Promise.all([this.inner.load(ref), this.retentionDays(ref)]);
    if (days === undefined) {
      return state;
    }
    const oldest = this.clock.now().getTime() - days * DAY_MS;
    return { ...state, turns: state.turns.filter((turn) => turn.at.getTime() > oldest) };
  }

  async appendTurn(ref: ConversationRef, turn: Turn, expiresAt: Date): Promise<void> {
    await this.inner.appendTurn(ref, turn, await this.expiry(ref, expiresAt));
  }

  async fold(ref: ConversationRef, fold: SummaryFold): Promise<boolean> {
    return this.inner.fold(ref, { ...fold, expiresAt: await this.expiry(ref, fold.expiresAt) });
  }

  recordFeedback(ref: ConversationRef, turnId: string, feedback: TurnFeedback): Promise<boolean> {
    return this.inner.recordFeedback(ref, turnId, feedback);
  }

  forget(ref: ConversationRef): Promise<number> {
    return this.inner.forget(ref);
  }

  private async expiry(ref: ConversationRef, serviceDefault: Date): Promise<Date> {
    const days = await this.retentionDays(ref);
    return days === undefined ? serviceDefault : new Date(this.clock.now().getTime() + days * DAY_MS);
  }

  private async retentionDays(ref: ConversationRef): Promise<number | undefined> {
    return (await this.settings.settingsFor(channelKeyOf(ref))).retentionDays;
  }
}
