import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseRepoConfig, repoConfigJsonSchema } from "../../../src/config/repo-config.js";

const SCHEMA_FILE = fileURLToPath(new URL("../../../codex.schema.json", import.meta.url));
const EXAMPLE_FILE = fileURLToPath(new URL("../../../docs/codex.example.yml", import.meta.url));

describe("codex.schema.json", () => {
  it("is what the zod schema generates now", () => {
    const generated = repoConfigJsonSchema();
    // The only way to regenerate it: UPDATE_SCHEMA=1 npx vitest run test/unit/config/repo-config-schema.test.ts
    // (then `npx prettier --write codex.schema.json`). Parsed JSON is compared, so formatting does not matter.
    if (process.env.UPDATE_SCHEMA === "1") {
      writeFileSync(SCHEMA_FILE, `${JSON.stringify(generated, null, 2)}\n`);
    }
    const committed: unknown = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));
    expect(committed, "codex.schema.json is stale: regenerate it with UPDATE_SCHEMA=1").toEqual(generated);
  });

  it("lets an editor flag what the bot would report", () => {
    const validate = new Ajv({ strict: false }).compile(repoConfigJsonSchema());
    expect(validate({ triggers: { drafts: false }, debounceSeconds: 10, effort: null })).toBe(true);
    expect(validate({ triggers: { draft: false } })).toBe(false);
    expect(validate({ debounceSeconds: 601 })).toBe(false);
    expect(validate({ effort: "extreme" })).toBe(false);
    expect(validate({ trigger: "codex" })).toBe(false);
    expect(validate({ minConfidence: 1.5 })).toBe(false);
    expect(validate({ minInlinePriority: 2, inlineUpToPriority: 3 })).toBe(true);
  });
});

describe("docs/codex.example.yml", () => {
  const text = readFileSync(EXAMPLE_FILE, "utf8");

  it("parses with no problems and changes settings away from the defaults", () => {
    const { config, problems } = parseRepoConfig(text);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      triggers: { draftPushes: false },
      debounceSeconds: 60,
      inlineUpToPriority: 2,
      minConfidence: 0.6,
      language: null,
      paths: { ignore: ["docs/**", "**/*.snap.json", "migrations/*.sql"] },
      effort: "medium",
      trigger: null,
      conclusion: { onP0: "failure" },
    });
  });

  it("is valid against the JSON Schema too", () => {
    const validate = new Ajv({ strict: false }).compile(repoConfigJsonSchema());
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });
});
