import type { DispatchOptions } from '../../../src/conversation/dispatcher.js';
import type { Reply } from '../../../src/conversation/reply.js';
import type { InboundMessage } from '../../../src/conversation/types.js';
import type { InboundActivity } from '../activity-schema.js';
import type { ChannelSettingsAdmin } from '../core-use-cases.js';
import type { AdaptiveCard } from '../render/answer-card.js';
import type { TeamsScope } from '../teams-conversation.js';

/** What a command answers: a core reply, or a card of its own (a form). */
export type CommandReply =
  Reply | { readonly kind: 'card'; readonly card: AdaptiveCard; readonly summary: string };

/** What a command gets when a message invokes it. */
export interface CommandInvocation {
  readonly message: InboundMessage;
  /** The authenticated activity: who sent it (with their Entra object id) and where. */
  readonly activity: InboundActivity;
  /** The text after the command word, for commands that take arguments. */
  readonly args: string;
  readonly scope: TeamsScope;
  /** The commands known in this scope, for help. */
  readonly commands: readonly TeamsCommand[];
  /** Hands the message to the core (dedupe, validation, handlers) with the given intent. */
  dispatch(options?: DispatchOptions): Promise<Reply>;
  /** For commands that do not dispatch: false when this message was already handled. */
  claimDelivery(): Promise<boolean>;
  /** Channel settings, for admins (the use cases check who is one). */
  readonly channelSettings: ChannelSettingsAdmin;
  /** Writes to the sender alone, in their personal chat with the bot (Teams has no private replies in a channel). */
  sendPrivately(text: string): Promise<void>;
}

/**
 * A command typed as a message ("help", "forget"). Commands also fill the bot's command menu in
 * the app manifest, so their names and descriptions follow Teams' limits.
 */
export interface TeamsCommand {
  /** Lower case, at most 32 characters: the manifest's command title. */
  readonly name: string;
  /** Other exact phrasings that mean the same command. */
  readonly aliases?: readonly string[];
  /** At most 128 characters: shown in help and in the command menu. */
  readonly description: string;
  /** When false (the default) only the exact command text matches, so questions are never taken for commands. */
  readonly takesArguments?: boolean;
  /** Where the command is offered; everywhere when absent. */
  readonly scopes?: readonly TeamsScope[];
  run(invocation: CommandInvocation): Promise<CommandReply>;
}

export interface CommandMatch {
  readonly command: TeamsCommand;
  readonly args: string;
}

const NAME = /^[a-z][a-z0-9-]{0,31}$/u;
const ALL_SCOPES: readonly TeamsScope[] = ['personal', 'groupChat', 'channel'];

/**
 * The commands the Teams bot understands. Later features (approvals, run, config) register their
 * own at the composition root; help and the manifest's command menu list whatever is registered.
 */
export class CommandRegistry {
  private readonly commands: TeamsCommand[] = [];

  constructor(commands: readonly TeamsCommand[] = []) {
    for (const command of commands) {
      this.register(command);
    }
  }

  register(command: TeamsCommand): void {
    if (!NAME.test(command.name)) {
      throw new Error(
        `Teams command name "${command.name}" must be 1-32 lower-case letters, digits or dashes`,
      );
    }
    if (command.description.length === 0 || command.description.length > 128) {
      throw new Error(`Teams command "${command.name}" needs a description of 1-128 characters`);
    }
    for (const phrase of phrasesOf(command)) {
      const owner = this.commands.find((existing) => phrasesOf(existing).includes(phrase));
      if (owner !== undefined) {
        throw new Error(`Teams command phrase "${phrase}" is already used by "${owner.name}"`);
      }
    }
    this.commands.push(command);
  }

  /** The command a message invokes in this scope, if any. A leading slash is allowed. */
  match(text: string, scope: TeamsScope): CommandMatch | undefined {
    const normalized = normalize(text);
    for (const command of this.list(scope)) {
      for (const phrase of phrasesOf(command)) {
        if (normalized === phrase) {
          return { command, args: '' };
        }
        if (command.takesArguments && normalized.startsWith(`${phrase} `)) {
          return { command, args: text.trim().replace(/^\//u, '').slice(phrase.length).trim() };
        }
      }
    }
    return undefined;
  }

  list(scope?: TeamsScope): TeamsCommand[] {
    return this.commands.filter(
      (command) => scope === undefined || (command.scopes ?? ALL_SCOPES).includes(scope),
    );
  }
}

function phrasesOf(command: TeamsCommand): string[] {
  return [command.name, ...(command.aliases ?? [])].map(normalize);
}

function normalize(text: string): string {
  return text
    .trim()
    .replace(/^\//u, '')
    .toLowerCase()
    .replace(/[.!]+$/u, '')
    .replace(/\s+/gu, ' ');
}
