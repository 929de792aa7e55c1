import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { JsonSchema, OperationContract } from "./contracts.js";

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const SIDE_ENUM = ["LEFT", "RIGHT"];
/* GitHub's schema leaves `side` free-form in `create-review` (and lists a bogus "side" value for
 * `start_side` in `create-review-comment`); the service itself only takes LEFT or RIGHT. */
const SIDE_FIELDS: Record<string, (schema: JsonSchema) => JsonSchema | undefined> = {
  "pulls/create-review": (s) => child(child(child(s, "properties"), "comments"), "items"),
  "pulls/create-review-comment": (s) => s,
};

function child(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  const value = schema?.[key];
  return value && typeof value === "object" ? (value as JsonSchema) : undefined;
}

/**
 * A copy of `schema` where every object that lists `properties` refuses unknown keys, so that a
 * misspelt field fails here instead of being silently ignored by GitHub.
 */
export function tighten(schema: JsonSchema): JsonSchema {
  const copy: JsonSchema = { ...schema };
  const properties = child(schema, "properties");
  if (properties) {
    copy["properties"] = Object.fromEntries(
      Object.entries(properties).map(([name, sub]) => [name, tighten(sub as JsonSchema)]),
    );
    if (copy["additionalProperties"] === undefined) copy["additionalProperties"] = false;
  }
  const items = child(schema, "items");
  if (items) copy["items"] = tighten(items);
  return copy;
}

/*
 * OpenAPI 3.0's `nullable` as Ajv understands it: Ajv refuses `nullable` without `type`, and
 * still applies `enum` to null. Rewritten recursively into plain JSON Schema.
 */
export function fromOpenApi(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(fromOpenApi);
  if (!schema || typeof schema !== "object") return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` and `example` hold names and data, not schemas keyed by keyword.
    if (key === "example" || key === "examples") continue;
    out[key] =
      key === "properties" && value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, fromOpenApi(sub)]))
        : fromOpenApi(value);
  }
  if (out["nullable"] !== true) return out;
  delete out["nullable"];
  if (Array.isArray(out["enum"]) && !out["enum"].includes(null)) out["enum"] = [...out["enum"], null];
  if (typeof out["type"] === "string") {
    out["type"] = [out["type"], "null"];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

function withSideEnums(operationId: string, schema: JsonSchema): JsonSchema {
  const locate = SIDE_FIELDS[operationId];
  const target = locate ? child(locate(schema), "properties") : undefined;
  if (target) {
    for (const field of ["side", "start_side"]) {
      const sub = child(target, field);
      if (sub) target[field] = { ...sub, enum: SIDE_ENUM };
    }
  }
  return schema;
}

function parameterSchema(contract: OperationContract, location: "path" | "query"): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const parameter of contract.parameters) {
    if (parameter.in !== location || !parameter.schema) continue;
    const schema: JsonSchema = { ...parameter.schema };
    delete schema["default"];
    // Every list endpoint caps pages at 100 items, whatever the schema's default says.
    if (parameter.name === "per_page") Object.assign(schema, { minimum: 1, maximum: 100 });
    if (parameter.name === "page") Object.assign(schema, { minimum: 1 });
    properties[parameter.name] = schema;
  }
  return { type: "object", properties };
}

function coerce(values: Record<string, string>, schema: JsonSchema): Record<string, unknown> {
  const properties = child(schema, "properties") ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(values)) {
    const type = child(properties, name)?.["type"];
    if (type === "integer" && /^-?\d+$/.test(raw)) out[name] = Number(raw);
    else if (type === "boolean" && (raw === "true" || raw === "false")) out[name] = raw === "true";
    else out[name] = raw;
  }
  return out;
}

/** Turns Ajv's errors into lines worded like GitHub's "Invalid request." messages. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath ? `For '${error.instancePath.slice(1)}', ` : "";
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case "additionalProperties":
        return `${where}"${String(params["additionalProperty"])}" is not a permitted key.`;
      case "required":
        return `${where}"${String(params["missingProperty"])}" wasn't supplied.`;
      case "enum":
        return `${where}${JSON.stringify(error.data)} is not one of ${JSON.stringify(params["allowedValues"])}.`;
      case "type":
        return `${where}${JSON.stringify(error.data)} is not a ${String(params["type"])}.`;
      default:
        return `${where}${error.message ?? error.keyword}.`;
    }
  });
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  return ajv;
}

/*
 * GitHub's schema requires `commit_id` and `path` on every review comment, yet a reply
 * (`in_reply_to`) is documented and served with `body` alone: the other fields are ignored.
 */
function replyVariant(schema: JsonSchema): JsonSchema {
  return { ...schema, required: ["body", "in_reply_to"] };
}

function isReply(body: unknown): boolean {
  return typeof body === "object" && body !== null && "in_reply_to" in body;
}

interface CompiledOperation {
  body: ValidateFunction | null;
  replyBody: ValidateFunction | null;
  path: ValidateFunction;
  query: ValidateFunction;
  pathSchema: JsonSchema;
  querySchema: JsonSchema;
}

/** Validates requests against GitHub's schemas, tightened as described on {@link tighten}. */
export class RequestValidator {
  private readonly ajv = newAjv();
  private readonly compiled = new Map<string, CompiledOperation>();

  constructor(private readonly contracts: Record<string, OperationContract>) {}

  private operation(operationId: string): CompiledOperation | undefined {
    const known = this.compiled.get(operationId);
    if (known) return known;
    const contract = this.contracts[operationId];
    if (!contract) return undefined;
    const pathSchema = parameterSchema(contract, "path");
    const querySchema = parameterSchema(contract, "query");
    const bodySchema = contract.requestBody
      ? withSideEnums(operationId, tighten(fromOpenApi(contract.requestBody) as JsonSchema))
      : null;
    const compiled: CompiledOperation = {
      body: bodySchema ? this.ajv.compile(bodySchema) : null,
      replyBody:
        bodySchema && operationId === "pulls/create-review-comment"
          ? this.ajv.compile(replyVariant(bodySchema))
          : null,
      path: this.ajv.compile(pathSchema),
      query: this.ajv.compile(querySchema),
      pathSchema,
      querySchema,
    };
    this.compiled.set(operationId, compiled);
    return compiled;
  }

  /** Problems with the path parameters, query string and body; empty when the request is valid. */
  validate(
    operationId: string,
    request: { params: Record<string, string>; query: Record<string, string>; body: unknown },
  ): string[] {
    const op = this.operation(operationId);
    if (!op) return [`unknown operation ${operationId}`];
    const problems: string[] = [];
    if (!op.path(coerce(request.params, op.pathSchema))) problems.push(...describeErrors(op.path.errors));
    if (!op.query(coerce(request.query, op.querySchema))) problems.push(...describeErrors(op.query.errors));
    const bodyCheck = op.replyBody && isReply(request.body) ? op.replyBody : op.body;
    if (bodyCheck && !bodyCheck(request.body ?? {})) problems.push(...describeErrors(bodyCheck.errors));
    return problems;
  }

  /** Typed query values (integers as numbers); unknown names are kept as strings. */
  typedQuery(operationId: string, query: Record<string, string>): Record<string, unknown> {
    const op = this.operation(operationId);
    return op ? coerce(query, op.querySchema) : { ...query };
  }
}

/**
 * Checks the fake's own answers against GitHub's response schemas (untightened: GitHub adds
 * fields faster than it documents them). Returns the problems, or null when no schema exists.
 */
export class ResponseValidator {
  private readonly ajv = newAjv();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly contracts: Record<string, OperationContract>) {}

  validate(operationId: string, status: number, body: unknown): string[] | null {
    const key = `${operationId} ${status}`;
    let validateFn = this.compiled.get(key);
    if (!validateFn) {
      const schema = this.contracts[operationId]?.responses[String(status)];
      if (!schema) return null;
      validateFn = this.ajv.compile(fromOpenApi(schema) as JsonSchema);
      this.compiled.set(key, validateFn);
    }
    return validateFn(body)
      ? []
      : (validateFn.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`);
  }
}
