import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  readonly region: string;
  /** DynamoDB Local or another compatible endpoint; AWS's regional endpoint when absent. */
  readonly endpoint?: string;
  /**
   * Use fixed dummy credentials instead of the AWS credential chain. Defaults to true when the
   * endpoint points at this machine, where no real credentials exist or are wanted.
   */
  readonly local?: boolean;
  /** Time allowed to open a connection. */
  readonly connectionTimeoutMs?: number;
  /** Time allowed for one request and its response. */
  readonly requestTimeoutMs?: number;
  /** Attempts per call, the first included. */
  readonly maxAttempts?: number;
}

export interface DynamoClients {
  /** The low-level client: add middleware here (e.g. a request counter); the document client shares its stack. */
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  /** Closes the clients' sockets. */
  readonly destroy: () => void;
}

/*
 * The SDK's defaults never time out, so an unreachable DynamoDB would hang a reply for minutes.
 * With these, a refused connection fails in well under a second and a silent one in a few seconds,
 * which is what callers need to tell the person "history is unavailable" instead of going quiet.
 */
const DEFAULT_CONNECTION_TIMEOUT_MS = 1_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 2_500;
const DEFAULT_MAX_ATTEMPTS = 3;

/** DynamoDB Local accepts any key made of letters and digits. */
const LOCAL_CREDENTIALS = { accessKeyId: 'steward', secretAccessKey: 'local' } as const;

export function createDynamoClients(options: DynamoClientOptions): DynamoClients {
  const local = options.local ?? (options.endpoint !== undefined && isLoopbackEndpoint(options.endpoint));
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // Without this a request timeout is only logged as a warning and the call keeps waiting.
      throwOnRequestTimeout: true,
    },
  });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
    // Numbers we store (versions, scores, epoch seconds) all fit a JavaScript number.
    unmarshallOptions: { wrapNumbers: false },
  });
  return {
    client,
    documentClient,
    destroy: () => {
      documentClient.destroy();
      client.destroy();
    },
  };
}

function isLoopbackEndpoint(endpoint: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}
