import { readFileSync } from "node:fs";

/** A JSON Schema object as it appears in GitHub's OpenAPI description (OpenAPI 3.0 dialect). */
export type JsonSchema = Record<string, unknown>;

/** One path or query parameter of an operation. */
export interface ParameterContract {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema?: JsonSchema;
}

/** One REST operation of `github-rest-subset.json`, with its request body dereferenced. */
export interface OperationContract {
  method: string;
  path: string;
  parameters: ParameterContract[];
  requestBody: JsonSchema | null;
  responses: Record<string, JsonSchema | null>;
  "x-github"?: { enabledForGitHubApps?: boolean };
}

interface RestSubsetFile {
  source: string;
  operations: Record<string, OperationContract>;
}

const restSubsetUrl = new URL("../../fixtures/contracts/github-rest-subset.json", import.meta.url);
let cached: Record<string, OperationContract> | undefined;

/** GitHub's published contracts for the operations the bot uses, keyed by operation id. */
export function restContracts(): Record<string, OperationContract> {
  cached ??= (JSON.parse(readFileSync(restSubsetUrl, "utf8")) as RestSubsetFile).operations;
  return cached;
}
