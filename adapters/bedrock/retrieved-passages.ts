import type { RetrievalResultContent, RetrievalResultLocation } from '@aws-sdk/client-bedrock-agent-runtime';
import type { Passage } from '../../src/conversation/types.js';
import { linkForS3Uri, type SourceUrlMap } from './source-links.js';

/** What Retrieve results and RetrieveAndGenerate references have in common. */
export interface RetrievedItem {
  readonly content?: RetrievalResultContent | undefined;
  readonly location?: RetrievalResultLocation | undefined;
  readonly metadata?: Record<string, unknown> | undefined;
  readonly score?: number | undefined;
}

const SOURCE_URI = 'x-amz-bedrock-kb-source-uri';
const CHUNK_ID = 'x-amz-bedrock-kb-chunk-id';
const PAGE_NUMBER = 'x-amz-bedrock-kb-document-page-number';
/** Title attributes set by metadata files (`title`) and by the web, Confluence and SharePoint connectors. */
const TITLE_KEYS = ['title', 'x-amz-bedrock-kb-title', 'Title', 'document_title'];

/**
 * Passages from knowledge base results, keeping where each came from (S3, web, Confluence,
 * SharePoint, Salesforce...) and, where people can open it, a link: the connector's own URL, or
 * for S3 the address configured for its prefix. Results with no text (images) are skipped.
 */
export function toPassages(items: readonly RetrievedItem[], sourceUrls: SourceUrlMap): Passage[] {
  return items.flatMap((item, position): Passage[] => {
    const text = textOf(item.content);
    if (text === '') {
      return [];
    }
    const metadata = item.metadata ?? {};
    const source = locationOf(item.location) ?? stringField(metadata, SOURCE_URI) ?? 'knowledge base';
    const page = numberField(metadata, PAGE_NUMBER);
    const link = linkFor(source, sourceUrls);
    const title = titleOf(metadata, source);
    return [
      {
        id: stringField(metadata, CHUNK_ID) ?? `${source}#${position}`,
        source,
        title: page !== undefined ? `${title} (page ${page})` : title,
        headingPath: [],
        text,
        score: item.score ?? 0,
        ...(link !== undefined ? { url: page !== undefined && /\.pdf$/i.test(link) ? `${link}#page=${page}` : link } : {}),
      },
    ];
  });
}

/**
 * The text a result carries. Documents fill `text`; structured sources (SQL) fill `row`; multimodal
 * knowledge bases put an audio segment's transcription and a video segment's summary in their own
 * fields. Images (`byteContent` only) carry no text to quote and are left out.
 */
function textOf(content: RetrievalResultContent | undefined): string {
  if (content === undefined) {
    return '';
  }
  const candidates = [content.text, content.audio?.transcription, content.video?.summary, rowText(content.row)];
  for (const candidate of candidates) {
    const text = candidate?.trim() ?? '';
    if (text !== '') {
      return text;
    }
  }
  return '';
}

/** Rows stay readable as "column: value" lines. */
function rowText(row: RetrievalResultContent['row']): string {
  return (row ?? [])
    .map((column) => `${column.columnName ?? ''}: ${column.columnValue ?? ''}`.trim())
    .filter((line) => line !== ':')
    .join('\n');
}

/** The document's address from whichever location type the connector filled in. */
function locationOf(location: RetrievalResultLocation | undefined): string | undefined {
  if (location === undefined) {
    return undefined;
  }
  return (
    location.s3Location?.uri ??
    location.webLocation?.url ??
    location.confluenceLocation?.url ??
    location.sharePointLocation?.url ??
    location.salesforceLocation?.url ??
    location.kendraDocumentLocation?.uri ??
    location.customDocumentLocation?.id ??
    undefined
  );
}

function linkFor(source: string, sourceUrls: SourceUrlMap): string | undefined {
  if (source.startsWith('s3://')) {
    return linkForS3Uri(source, sourceUrls);
  }
  return /^https?:\/\//.test(source) ? source : undefined;
}

function titleOf(metadata: Record<string, unknown>, source: string): string {
  for (const key of TITLE_KEYS) {
    const title = stringField(metadata, key);
    if (title !== undefined && title.trim() !== '') {
      return title.trim();
    }
  }
  // The file name (or last path segment) says more to a reader than a whole URI.
  const withoutQuery = source.split(/[?#]/)[0] ?? source;
  const last = withoutQuery.replace(/\/+$/, '').split('/').at(-1) ?? source;
  try {
    return decodeURIComponent(last) || source;
  } catch {
    return last || source;
  }
}

function stringField(metadata: Record<string, unknown>, key: string): string | undefined {
  const value = metadata[key];
  return typeof value === 'string' ? value : undefined;
}

function numberField(metadata: Record<string, unknown>, key: string): number | undefined {
  const value = metadata[key];
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? Math.trunc(number) : undefined;
}
