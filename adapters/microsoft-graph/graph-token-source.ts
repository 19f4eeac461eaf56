/**
 * App-only access tokens for Microsoft Graph. The directory asks for one before each request;
 * implementations cache tokens until shortly before they expire (MSAL does).
 */
export interface GraphTokenSource {
  /** A bearer token for Graph, valid in the directory (tenant) `tenantId`. */
  token(tenantId: string): Promise<string>;
}
