/**
 * Request validation with TypeBox, and its errors in the ledger's own shape.
 *
 * - JSON bodies are checked as sent, never coerced: a body's "1e3" must stay a string so the
 *   ledger can refuse it by name, and a number must not quietly become text.
 * - Query strings, path parameters and headers are text on the wire, so they are converted to the
 *   declared types first; an integer parameter accepts only digits ("10.5" and "1e3" are refused
 *   rather than truncated or expanded).
 * - A failure becomes `invalid_input` with one problem per field, each naming the field the way
 *   the ledger does (`lines[2].debitCents`), so clients handle one error shape.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { invalidFields, type AppError, type FieldProblem } from '../shared/errors.js';

/** What TypeBox reports for one failed check (the Ajv-compatible error shape). */
export interface SchemaError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

type HttpPart = 'body' | 'querystring' | 'params' | 'headers';

const rootFieldName: Record<HttpPart, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'headers',
};

const MAX_PROBLEMS = 100;

export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const part: HttpPart = isHttpPart(httpPart) ? httpPart : 'body';
  const validator = Compile(schema);
  return (value: unknown) => {
    const candidate = part === 'body' ? value : convertText(schema, value);
    if (validator.Check(candidate)) return { value: candidate };
    const errors: SchemaError[] = [...validator.Errors(candidate)];
    return { error: validationError(schema, errors, part) };
  };
};

/** Converts wire text to declared types, keeping malformed integers as text so they fail. */
function convertText(schema: TSchema, value: unknown): unknown {
  // Value.Convert may convert in place, so keep the text as received to check it afterwards.
  const received = isRecord(value) ? { ...value } : value;
  const converted = Value.Convert(schema, value);
  if (!isRecord(converted) || !isRecord(received)) return converted;
  const propertyTypes = propertyTypesOf(schema);
  for (const [name, raw] of Object.entries(received)) {
    const type = propertyTypes.get(name);
    if ((type === 'integer' || type === 'number') && typeof raw === 'string') {
      const pattern = type === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
      if (!pattern.test(raw.trim())) converted[name] = raw;
    }
  }
  return converted;
}

export function validationError(
  schema: TSchema,
  errors: readonly SchemaError[],
  part: HttpPart,
): AppError {
  const problems = describeProblems(schema, errors, rootFieldName[part]);
  return invalidFields(
    problems.length > 0 ? problems : [{ field: rootFieldName[part], message: 'is not valid' }],
  );
}

/** One problem per field: unions report the types they accept, not every branch's failure. */
export function describeProblems(
  schema: TSchema,
  errors: readonly SchemaError[],
  root: string,
): FieldProblem[] {
  const unionPaths = new Set(
    errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath),
  );
  const problems = new Map<string, string>();
  const add = (field: string, message: string) => {
    if (!problems.has(field)) problems.set(field, message);
  };
  for (const error of errors) {
    const field = fieldName(error.instancePath, root);
    if (error.keyword === 'required') {
      for (const name of stringList(error.params.requiredProperties))
        add(join(field, name, root), 'is required');
    } else if (error.keyword === 'additionalProperties') {
      for (const name of stringList(error.params.additionalProperties)) {
        add(join(field, name, root), 'is not a field this request accepts');
      }
    } else if (error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')) {
      continue;
    } else if (error.keyword === 'anyOf') {
      add(field, `must be ${unionTypes(errors, error.instancePath)}`);
    } else if (!unionPaths.has(error.instancePath)) {
      add(field, messageFor(schema, error));
    }
  }
  return [...problems].slice(0, MAX_PROBLEMS).map(([field, message]) => ({ field, message }));
}

const typeNames: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function messageFor(schema: TSchema, error: SchemaError): string {
  switch (error.keyword) {
    case 'type':
      return `must be ${typeNames[String(error.params.type)] ?? String(error.params.type)}`;
    case 'enum':
      return `must be one of ${stringList(error.params.allowedValues).join(', ')}`;
    case 'pattern': {
      const description = schemaAt(schema, error.schemaPath)?.description;
      return typeof description === 'string'
        ? `must be ${description}`
        : (error.message ?? 'is not valid');
    }
    default:
      return error.message ?? 'is not valid';
  }
}

function unionTypes(errors: readonly SchemaError[], instancePath: string): string {
  const types = errors
    .filter(
      (e) =>
        e.instancePath === instancePath && e.keyword === 'type' && e.schemaPath.includes('/anyOf/'),
    )
    .map((e) => typeNames[String(e.params.type)] ?? String(e.params.type));
  // "or null" only adds noise: leaving a field out is the usual way to say nothing.
  const unique = [...new Set(types)].filter(
    (type, _index, all) => type !== 'null' || all.length === 1,
  );
  return unique.length > 0 ? unique.join(' or ') : 'one of the accepted forms';
}

/** '/lines/2/debit' -> 'lines[2].debit'; '' -> the part's own name ('body', 'query'). */
export function fieldName(instancePath: string, root: string): string {
  if (instancePath === '') return root;
  let field = '';
  for (const segment of instancePath.split('/').slice(1)) {
    const name = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    field += /^\d+$/.test(name) ? `[${name}]` : field === '' ? name : `.${name}`;
  }
  return field;
}

function join(field: string, name: string, root: string): string {
  return field === root ? name : `${field}.${name}`;
}

/** The sub-schema a JSON pointer like '#/properties/lines/items' names, if any. */
function schemaAt(schema: TSchema, pointer: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  for (const segment of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (!isRecord(node)) return undefined;
    node = node[segment];
  }
  return isRecord(node) ? node : undefined;
}

/** The declared type of each top-level property ('integer', 'string', ...). */
function propertyTypesOf(schema: TSchema): Map<string, unknown> {
  const properties = isRecord(schema) ? schema.properties : undefined;
  if (!isRecord(properties)) return new Map();
  return new Map(
    Object.entries(properties).map(([name, property]) => [
      name,
      isRecord(property) ? property.type : undefined,
    ]),
  );
}

function isHttpPart(value: string | undefined): value is HttpPart {
  return value !== undefined && value in rootFieldName;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
