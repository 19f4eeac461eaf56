import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../../src/errors.js';
import type { ActionCatalogue, ActionDefinition } from '../../src/ports/action-catalogue.js';
import type { ExecutorFactory } from '../../src/ports/action-executor.js';
import { type ActionEntry, actionEntrySchema, catalogueFileSchema } from './catalogue-file-schema.js';
import { compileParameterSchema } from './parameter-schema.js';

export interface LoadActionCatalogueOptions {
  readonly file: string;
  /** One factory per executor `type:` the file may use (`webhook`...). */
  readonly executors: Readonly<Record<string, ExecutorFactory>>;
}

/**
 * Reads the admins' action catalogue (YAML) and checks all of it: structure, unique ids, every
 * parameter schema, every executor block. Any problem fails start with every problem listed, each
 * with its place in the file, so one run is enough to fix them all.
 */
export async function loadActionCatalogue(options: LoadActionCatalogueOptions): Promise<ActionCatalogue> {
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch (error) {
    throw new ConfigError([`ACTIONS_FILE: cannot read ${options.file}`], { cause: error });
  }
  return parseActionCatalogue(text, options.file, options.executors);
}

export function parseActionCatalogue(
  text: string,
  fileName: string,
  executors: Readonly<Record<string, ExecutorFactory>>,
): ActionCatalogue {
  const problems: string[] = [];
  const where = (path: string) => `${fileName}: ${path}`;
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => where(error.message.split('\n')[0] ?? 'invalid YAML')),
    );
  }
  const file = catalogueFileSchema.safeParse(document.toJS() ?? {});
  if (!file.success) {
    throw new ConfigError(issues(file.error, '').map(where));
  }

  const definitions: ActionDefinition[] = [];
  const seen = new Set<string>();
  file.data.actions.forEach((raw, index) => {
    const rawId = typeof raw === 'object' && raw !== null && 'id' in raw ? raw.id : undefined;
    if (typeof rawId === 'string') {
      if (seen.has(rawId)) {
        problems.push(where(`actions[${index}] (${rawId}).id: the id ${rawId} is used twice`));
      }
      seen.add(rawId);
    }
    const entry = actionEntrySchema.safeParse(raw);
    const label = `actions[${index}]${entry.success ? ` (${entry.data.id})` : ''}`;
    if (!entry.success) {
      problems.push(...issues(entry.error, `actions[${index}]`).map(where));
      return;
    }
    const definition = buildDefinition(entry.data, executors, (problem) =>
      problems.push(where(`${label}.${problem}`)),
    );
    if (definition) {
      definitions.push(definition);
    }
  });
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  return {
    list: () => definitions,
    get: (actionId) => byId.get(actionId),
  };
}

function buildDefinition(
  entry: ActionEntry,
  executors: Readonly<Record<string, ExecutorFactory>>,
  report: (problem: string) => void,
): ActionDefinition | undefined {
  const parameters = compileParameterSchema(entry.parameters);
  if ('problems' in parameters) {
    parameters.problems.forEach((problem) => report(`parameters: ${problem}`));
  }
  const factory = executors[entry.executor.type];
  if (factory === undefined) {
    report(
      `executor.type: unknown executor "${entry.executor.type}"; known: ${Object.keys(executors).join(', ')}`,
    );
    return undefined;
  }
  const { type: _type, ...spec } = entry.executor;
  const built = factory(spec, {
    actionId: entry.id,
    parameterNames: 'problems' in parameters ? [] : parameters.info.map((parameter) => parameter.name),
  });
  if ('problems' in built) {
    built.problems.forEach((problem) => report(`executor.${problem}`));
    return undefined;
  }
  if ('problems' in parameters) {
    return undefined;
  }
  return {
    id: entry.id,
    title: entry.title,
    description: entry.description,
    examples: entry.examples,
    risk: entry.risk,
    quorum: entry.quorum ?? (entry.risk === 'low' ? 0 : 1),
    approvers: entry.approvers,
    expiryHours: entry.expiryHours,
    parameters: parameters.info,
    parameterSchema: parameters.schema,
    checkParameters: (values) => parameters.check(values),
    executor: built.executor,
    maxAttempts: entry.maxAttempts,
    idempotent: entry.idempotent,
  };
}

function issues(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((issue) => {
    const path = [
      prefix,
      ...issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))),
    ]
      .filter(Boolean)
      .join('.')
      .replaceAll('.[', '[');
    return `${path || '(file)'}: ${issue.message}`;
  });
}
