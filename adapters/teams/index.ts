export type { TeamsAnswerJobs } from './answer-jobs.js';
export { createTeamsBot, type TeamsBot, type TeamsBotOptions } from './teams-bot.js';
export type { BotCredentialSettings, BotTokenSource } from './bot-authentication.js';
export type { CardAction } from './card-actions/card-action-router.js';
export {
  CommandRegistry,
  type CommandInvocation,
  type CommandReply,
  type TeamsCommand,
} from './commands/command-registry.js';
export { builtInCommands } from './commands/built-in-commands.js';
export { approvalsCommand, runCommand } from './commands/approval-commands.js';
export { gapsCommand } from './commands/gaps-command.js';
export type { ApprovalGateway } from './approval-cards/approval-card-actions.js';
export type {
  ChannelSettingsAdmin,
  FeedbackRecorder,
  FeedbackRequest,
  MessageDispatcher,
} from './core-use-cases.js';
export { MESSAGES_PATH } from './messages-route.js';
export type { TeamsScope } from './teams-conversation.js';
export { buildAppPackage, type AppPackage, type AppPackageOptions } from './app-package/build-app-package.js';
