export { EntraGroupDirectory, type EntraGroupDirectoryOptions } from './entra-group-directory.js';
export {
  DEFAULT_GRAPH_RETRY,
  GraphClient,
  type GraphClientOptions,
  type GraphRetryPolicy,
} from './graph-client.js';
export { GraphRefusal } from './graph-errors.js';
export type { GraphTokenSource } from './graph-token-source.js';
export {
  ClientSecretGraphTokens,
  graphScope,
  ManagedIdentityGraphTokens,
  type ClientSecretTokenSettings,
  type MsalTokenSettings,
} from './msal-graph-tokens.js';
