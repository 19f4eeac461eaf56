import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ParameterCheck, ParameterInfo } from '../../src/ports/action-catalogue.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object in types only.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/*
 * Parameters are checked with JSON Schema (draft 2020-12) by ajv, compiled once at start. Values
 * typed in chat arrive as strings, so the validator coerces them to the schema's types ("3" → 3,
 * "true" → true) and fills defaults: what is validated is exactly what runs.
 */
function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, coerceTypes: true, useDefaults: true });
  addFormats(ajv);
  return ajv;
}

const ajv = createAjv();

export interface CompiledParameters {
  /** The schema as checked (with the default `additionalProperties: false`). */
  readonly schema: Readonly<Record<string, unknown>>;
  readonly info: readonly ParameterInfo[];
  check(values: Readonly<Record<string, unknown>>): ParameterCheck;
}

/** Compiles an action's parameter schema, or lists what is wrong with it. */
export function compileParameterSchema(
  schema: Readonly<Record<string, unknown>>,
): CompiledParameters | { problems: string[] } {
  if (schema.type !== 'object') {
    return { problems: ['must be a JSON Schema with type: object'] };
  }
  // Unknown parameters are refused unless the schema says otherwise: a typo must not be ignored.
  const effective = { additionalProperties: false, ...schema };
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(effective);
  } catch (error) {
    return { problems: [error instanceof Error ? error.message : String(error)] };
  }
  const info = parameterInfo(effective);
  const required = info.filter((parameter) => parameter.required).map((parameter) => parameter.name);
  return {
    schema: effective,
    info,
    check(values) {
      const data = structuredClone(values) as Record<string, unknown>;
      if (validate(data)) {
        return { ok: true, parameters: data };
      }
      const errors = validate.errors ?? [];
      const missing = required.filter((name) => !Object.hasOwn(values, name));
      return { ok: false, problems: describeErrors(errors), missing };
    },
  };
}

function parameterInfo(schema: Record<string, unknown>): ParameterInfo[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required)
    ? schema.required.filter((name) => typeof name === 'string')
    : [];
  return Object.entries(properties).map(([name, property]) => {
    const described = isRecord(property) ? property : {};
    const choices = Array.isArray(described.enum) ? described.enum.map(String) : undefined;
    return {
      name,
      required: required.includes(name),
      ...(typeof described.description === 'string' ? { description: described.description } : {}),
      ...(choices ? { choices } : {}),
    };
  });
}

function describeErrors(errors: readonly ErrorObject[]): string[] {
  const problems = errors.map((error) => {
    const name = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const subject = name === '' ? 'The parameters' : `\`${name}\``;
    switch (error.keyword) {
      case 'required':
        return `\`${String(error.params.missingProperty)}\` is required.`;
      case 'additionalProperties':
        return `\`${String(error.params.additionalProperty)}\` is not a parameter of this action.`;
      case 'enum':
        return `${subject} must be one of: ${(error.params.allowedValues as unknown[]).map(String).join(', ')}.`;
      default:
        return `${subject} ${error.message ?? 'is invalid'}.`;
    }
  });
  return [...new Set(problems)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
