import type { OrganisationRelation } from '../../../src/conversation/types.js';
import type { Logger } from '../../../src/logger.js';
import type { ReplySurface } from '../reply-surface.js';

/** One `/steward <subcommand>` invocation, as a subcommand sees it. */
export interface SlashInvocation {
  /** What followed the subcommand's name, trimmed. */
  readonly args: string;
  /** The command as configured in the app (`/steward`), for help and hints. */
  readonly command: string;
  readonly userId: string;
  /** Whether the invoker is one of the organisation's people; the core decides what that allows. */
  readonly organisation: OrganisationRelation;
  readonly channelId: string;
  /** True in a direct message with the bot. */
  readonly isDirectMessage: boolean;
  readonly tenantId: string;
  /** Unique per invocation; the delivery id for the core. */
  readonly triggerId: string;
  readonly receivedAt: Date;
  readonly logger: Logger;
  /** Messages only the invoker sees, valid for 30 minutes after the command. */
  readonly privately: ReplySurface;
  /** Where `privately` posts; an answer worker in another process posts there too. */
  readonly responseUrl: string;
}

/**
 * A `/steward` subcommand. Features add theirs (run, approvals, config...) by handing entries to
 * the Slack adapter; the registry routes, acknowledges within Slack's 3 seconds, and lists every
 * entry in help.
 */
export interface SlashSubcommand {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Shown in help after the command, e.g. `ask <question>`. */
  readonly usage: string;
  readonly description: string;
  /**
   * Opens a view with the invocation's trigger id, which Slack honours for 3 seconds: `run`
   * starts at once instead of waiting behind answers in progress.
   */
  readonly opensView?: boolean;
  /**
   * With an answers queue, `run` only claims, admits and queues (quick), and the command is
   * acknowledged once it has: a web process that dies after the acknowledgement loses nothing.
   */
  readonly queuesBeforeAcknowledging?: boolean;
  /** Shown at once as the acknowledgement while `run` works; nothing is shown when absent. */
  acknowledge?(args: string): string | undefined;
  /** Runs after the acknowledgement; replies through `invocation.privately` (or the Web API). */
  run(invocation: SlashInvocation): Promise<void>;
}

export type Resolution =
  | { readonly kind: 'subcommand'; readonly subcommand: SlashSubcommand; readonly args: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'unknown'; readonly word: string };

export class SlashCommandRegistry {
  private readonly byName = new Map<string, SlashSubcommand>();
  private readonly ordered: SlashSubcommand[] = [];

  register(subcommand: SlashSubcommand): this {
    for (const name of [subcommand.name, ...(subcommand.aliases ?? [])]) {
      const key = name.toLowerCase();
      if (this.byName.has(key)) {
        throw new Error(`slash subcommand ${key} is registered twice`);
      }
      this.byName.set(key, subcommand);
    }
    this.ordered.push(subcommand);
    return this;
  }

  list(): readonly SlashSubcommand[] {
    return this.ordered;
  }

  /**
   * `/steward ask how…` → ask; `/steward` alone → help; `/steward how do I…?` (several words,
   * no subcommand) → ask the whole text, as people type a question straight after the command;
   * a single unknown word → unknown, so a typo is not taken for a question.
   */
  resolve(text: string): Resolution {
    const trimmed = text.trim();
    if (trimmed === '') {
      return { kind: 'help' };
    }
    const [first = '', ...rest] = trimmed.split(/\s+/);
    const named = this.byName.get(first.toLowerCase());
    if (named) {
      return { kind: 'subcommand', subcommand: named, args: trimmed.slice(first.length).trim() };
    }
    const ask = this.byName.get('ask');
    if (ask && rest.length > 0) {
      return { kind: 'subcommand', subcommand: ask, args: trimmed };
    }
    return { kind: 'unknown', word: first };
  }
}
