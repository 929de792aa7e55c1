/**
 * The published SARIF 2.1.0 JSON schema, as shipped by the npm package `@microsoft/jest-sarif`
 * (MIT; `lib/schemas/sarif-2.1.0-rtm.5.json`, the OASIS release schema) — read from node_modules,
 * never fetched. The schema is draft-04, hence `ajv-draft-04`.
 */
import { readFileSync } from "node:fs";
import type { Ajv as AjvCore, ErrorObject } from "ajv";
import ajvDraft04 from "ajv-draft-04";
import addFormatsModule from "ajv-formats";

// Both are CommonJS: under NodeNext their default import is the module object.
const AjvDraft04 = ajvDraft04 as unknown as new (options: Record<string, unknown>) => AjvCore;
const addFormats = addFormatsModule as unknown as (ajv: AjvCore) => AjvCore;

const SCHEMA_URL = new URL(
  "../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json",
  import.meta.url,
);

export function sarifValidator(): (document: unknown) => string[] {
  const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as Record<string, unknown>;
  // The schema's language-tag pattern has a stray `]` that only a non-Unicode RegExp accepts.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (document) =>
    validate(document)
      ? []
      : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ""}`);
}
