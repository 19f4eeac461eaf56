/** S3 prefix → web address where people open those documents (BEDROCK_SOURCE_URLS). */
export type SourceUrlMap = Readonly<Record<string, string>>;

/**
 * The link for a document in S3: the longest configured prefix that matches is replaced by its
 * address and the rest of the key is appended, each path segment URL-encoded (keys often contain
 * spaces). Undefined when no prefix matches: a raw `s3://` URI opens nothing for most people.
 */
export function linkForS3Uri(uri: string, map: SourceUrlMap): string | undefined {
  let best: string | undefined;
  for (const prefix of Object.keys(map)) {
    if (uri.startsWith(prefix) && (best === undefined || prefix.length > best.length)) {
      best = prefix;
    }
  }
  if (best === undefined) {
    return undefined;
  }
  const base = map[best] ?? '';
  const rest = uri
    .slice(best.length)
    .split('/')
    .map((segment) => encodeURIComponent(safeDecode(segment)))
    .join('/');
  return `${base.endsWith('/') || rest === '' ? base : `${base}/`}${rest}`;
}

/** S3 URIs from Bedrock may already be percent-encoded; decode once so nothing is encoded twice. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
