import type { z } from 'zod';
import { appConfigSchemas } from '../../src/config/app-config.js';

/**
 * Every environment variable the service's configuration reads, taken from the zod schemas
 * themselves, so deployment files are checked against what the code parses today.
 */
export function configVariableNames(): Set<string> {
  const names = new Set<string>();
  for (const schema of Object.values(appConfigSchemas)) {
    for (const name of Object.keys(objectShape(schema))) {
      names.add(name);
    }
  }
  return names;
}

/** Variables the AWS SDK reads itself (not through the configuration). */
export const AWS_SDK_VARIABLES = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_EC2_METADATA_DISABLED',
]);

interface SchemaDefinition {
  readonly def?: { readonly in?: unknown; readonly innerType?: unknown; readonly schema?: unknown };
  readonly shape?: Record<string, unknown>;
}

/** The object schema under transforms, pipes and wrappers. */
function objectShape(schema: z.ZodType): Record<string, unknown> {
  let current = schema as unknown as SchemaDefinition | undefined;
  while (current !== undefined && current.shape === undefined) {
    const def = current.def;
    current = (def?.in ?? def?.innerType ?? def?.schema) as SchemaDefinition | undefined;
  }
  if (current?.shape === undefined) {
    throw new Error('a configuration slice is not an object schema');
  }
  return current.shape;
}
