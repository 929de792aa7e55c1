import {
  valueOf,
  type GqlDocument,
  type GqlField,
  type GqlOperation,
  type GqlSelection,
} from "./graphql-parse.js";

/** A resolver failure, reported GitHub-style with a `type` (e.g. `NOT_FOUND`). */
export class GqlError extends Error {
  constructor(
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

/**
 * An object of the fake's schema: `__typename`, optional interfaces, and fields that are values or
 * resolvers taking the field's arguments.
 */
export interface GqlObject {
  __typename: string;
  __interfaces?: string[];
  [field: string]: unknown;
}

export interface GqlErrorEntry {
  message: string;
  type?: string;
  path?: Array<string | number>;
  locations?: Array<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

function isObject(value: unknown): value is GqlObject {
  return typeof value === "object" && value !== null && "__typename" in value;
}

class Execution {
  readonly errors: GqlErrorEntry[] = [];
  readonly invalid: GqlErrorEntry[] = [];

  constructor(
    private readonly doc: GqlDocument,
    private readonly operation: GqlOperation,
    private readonly variables: Record<string, unknown>,
  ) {}

  private fields(object: GqlObject, selections: GqlSelection[]): GqlField[] {
    const out: GqlField[] = [];
    const applies = (type: string | undefined) =>
      type === undefined || type === object.__typename || (object.__interfaces ?? []).includes(type);
    for (const selection of selections) {
      if (selection.kind === "field") out.push(selection);
      else if (selection.kind === "inline") {
        if (applies(selection.typeCondition)) out.push(...this.fields(object, selection.selections));
      } else {
        const fragment = this.doc.fragments.get(selection.name);
        if (!fragment) this.invalid.push({ message: `Fragment ${selection.name} was used, but not defined` });
        else if (applies(fragment.typeCondition)) out.push(...this.fields(object, fragment.selections));
      }
    }
    return out;
  }

  select(
    object: GqlObject,
    selections: GqlSelection[],
    path: Array<string | number>,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of this.fields(object, selections)) {
      const key = field.alias ?? field.name;
      const here = [...path, key];
      const locations = [{ line: field.line, column: field.column }];
      if (field.name === "__typename") {
        out[key] = object.__typename;
        continue;
      }
      if (!Object.hasOwn(object, field.name)) {
        this.invalid.push({
          // Validation errors are located from the operation type; execution errors from the data.
          path: [this.operation.type, ...here],
          extensions: { code: "undefinedField", typeName: object.__typename, fieldName: field.name },
          locations,
          message: `Field '${field.name}' doesn't exist on type '${object.__typename}'`,
        });
        continue;
      }
      const raw = object[field.name];
      try {
        const args = Object.fromEntries(
          Object.entries(field.args).map(([name, value]) => [
            name,
            valueOf(value, this.variables, this.operation.defaults),
          ]),
        );
        const value =
          typeof raw === "function" ? (raw as (a: Record<string, unknown>) => unknown)(args) : raw;
        out[key] = this.complete(value, field, here);
      } catch (error) {
        if (!(error instanceof GqlError)) throw error;
        this.errors.push({ type: error.type, path: here, locations, message: error.message });
        out[key] = null;
      }
    }
    return out;
  }

  private complete(value: unknown, field: GqlField, path: Array<string | number>): unknown {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map((item, i) => this.complete(item, field, [...path, i]));
    if (isObject(value)) {
      if (field.selections.length === 0) {
        this.invalid.push({
          path: [this.operation.type, ...path],
          message: `Field must have selections (field '${field.name}' returns ${value.__typename} but has no selections.)`,
        });
        return null;
      }
      return this.select(value, field.selections, path);
    }
    return value;
  }
}

/** Runs one operation of a parsed document against root objects, answering GitHub's shapes. */
export function execute(
  doc: GqlDocument,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  roots: { query: GqlObject; mutation: GqlObject },
): { body: { data?: Record<string, unknown> | null; errors?: GqlErrorEntry[] }; valid: boolean } {
  const operation = operationName
    ? doc.operations.find((op) => op.name === operationName)
    : doc.operations.length === 1
      ? doc.operations[0]
      : undefined;
  if (!operation) return { body: { errors: [{ message: "An operation name is required" }] }, valid: false };
  if (operation.type === "subscription") {
    return { body: { errors: [{ message: "Subscriptions are not supported" }] }, valid: false };
  }
  const run = new Execution(doc, operation, variables);
  const root = operation.type === "mutation" ? roots.mutation : roots.query;
  const data = run.select(root, operation.selections, []);
  // A document naming unknown fields is rejected as a whole on GitHub: the caller must then drop
  // the side effects its mutation resolvers queued.
  if (run.invalid.length > 0) return { body: { errors: run.invalid }, valid: false };
  return { body: run.errors.length > 0 ? { data, errors: run.errors } : { data }, valid: true };
}
