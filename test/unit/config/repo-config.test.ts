import { describe, expect, it } from "vitest";
import {
  defaultRepoConfig,
  loadRepoConfig,
  parseRepoConfig,
  type RepoConfig,
} from "../../../src/config/repo-config.js";
import type { RepoRef } from "../../../src/review/ports.js";

const DEFAULTS: RepoConfig = {
  triggers: { drafts: true, ready: true, pushes: true, draftPushes: true, outsiders: "review" },
  debounceSeconds: 30,
  inlineUpToPriority: 1,
  minConfidence: 0.5,
  quietMaxPriority: 1,
  language: null,
  paths: { ignore: [], include: [] },
  maxInlineComments: 25,
  suggestionMaxLines: 10,
  effort: null,
  trigger: null,
  conclusion: { onP0: "neutral" },
  guidelines: { enabled: true, files: ["AGENTS.md"] },
  dismissals: "collaborators",
};

describe("parseRepoConfig", () => {
  it("reads the deprecated minInlinePriority as inlineUpToPriority, with a notice", () => {
    expect(parseRepoConfig("minInlinePriority: 3\n")).toEqual({
      config: { ...DEFAULTS, inlineUpToPriority: 3 },
      problems: [
        "minInlinePriority: deprecated, renamed to inlineUpToPriority (using its value, 3, until you rename it)",
      ],
    });
  });

  it("lets inlineUpToPriority win over the deprecated key", () => {
    expect(parseRepoConfig("minInlinePriority: 3\ninlineUpToPriority: 0\n")).toEqual({
      config: { ...DEFAULTS, inlineUpToPriority: 0 },
      problems: ["minInlinePriority: deprecated and ignored, because inlineUpToPriority is set; remove it"],
    });
  });

  it.each([
    ["no file", null],
    ["an empty file", ""],
    ["blank lines", "\n  \n"],
    ["comments only", "# nothing configured yet\n# debounceSeconds: 10\n"],
    ["an empty mapping", "{}"],
    ["a section whose keys are all commented out", "triggers:\n  # drafts: false\n"],
    ["keys left empty", "debounceSeconds:\npaths:\n  ignore:\n"],
  ])("gives the defaults and no problems for %s", (_label, text) => {
    expect(parseRepoConfig(text)).toEqual({ config: DEFAULTS, problems: [] });
  });

  it("reads every key", () => {
    const text = [
      "triggers: {drafts: false, ready: true, pushes: false, draftPushes: false, outsiders: quiet}",
      "debounceSeconds: 0",
      "inlineUpToPriority: 3",
      "minConfidence: 0.75",
      "quietMaxPriority: 0",
      "language: pt-BR",
      "paths:",
      "  ignore: ['docs/**']",
      "  include: ['vendor/ours/**']",
      "maxInlineComments: 50",
      "suggestionMaxLines: 1",
      "effort: xhigh",
      "trigger: '@reviewbot'",
      "conclusion: {onP0: failure}",
      "guidelines: {enabled: false, files: [AGENTS.md, REVIEWING.md]}",
      "dismissals: collaborators-and-author",
    ].join("\n");
    expect(parseRepoConfig(text)).toEqual({
      config: {
        triggers: { drafts: false, ready: true, pushes: false, draftPushes: false, outsiders: "quiet" },
        debounceSeconds: 0,
        inlineUpToPriority: 3,
        minConfidence: 0.75,
        quietMaxPriority: 0,
        language: "pt-BR",
        paths: { ignore: ["docs/**"], include: ["vendor/ours/**"] },
        maxInlineComments: 50,
        suggestionMaxLines: 1,
        effort: "xhigh",
        trigger: "@reviewbot",
        conclusion: { onP0: "failure" },
        guidelines: { enabled: false, files: ["AGENTS.md", "REVIEWING.md"] },
        dismissals: "collaborators-and-author",
      },
      problems: [],
    });
  });

  it("keeps the valid settings when others are invalid", () => {
    const { config, problems } = parseRepoConfig("debounceSeconds: 700\nmaxInlineComments: 10\n");
    expect(config).toEqual({ ...DEFAULTS, maxInlineComments: 10 });
    expect(problems).toEqual(["debounceSeconds: must be at most 600 (using the default: 30)"]);
  });

  it.each([
    ["debounceSeconds: -1", "debounceSeconds: must be at least 0 (using the default: 30)"],
    ["debounceSeconds: 2.5", "debounceSeconds: must be a whole number, got 2.5 (using the default: 30)"],
    [
      "debounceSeconds: '30'",
      'debounceSeconds: must be a number, got the string "30" (using the default: 30)',
    ],
    ["inlineUpToPriority: 4", "inlineUpToPriority: must be at most 3 (using the default: 1)"],
    ["minConfidence: -0.1", "minConfidence: must be at least 0 (using the default: 0.5)"],
    [
      "language: 'not a tag!'",
      "language: must be a BCP 47 language tag such as ja or pt-BR (using the default: null)",
    ],
    ["quietMaxPriority: -1", "quietMaxPriority: must be at least 0 (using the default: 1)"],
    ["maxInlineComments: 0", "maxInlineComments: must be at least 1 (using the default: 25)"],
    ["suggestionMaxLines: 51", "suggestionMaxLines: must be at most 50 (using the default: 10)"],
    [
      "triggers:\n  drafts: yes",
      'triggers.drafts: must be true or false, got the string "yes" (using the default: true)',
    ],
    ["triggers: false", "triggers: must be a mapping of keys to values, got false (using the defaults)"],
    ["effort: extreme", "effort: must be low, medium, high, xhigh or null (using the default: null)"],
    ["trigger: codex", "trigger: must be an @-word such as @codex (using the default: null)"],
    ["trigger: '@co dex'", "trigger: must be an @-word such as @codex (using the default: null)"],
    [
      "conclusion:\n  onP0: fail",
      'conclusion.onP0: must be "neutral" or "failure" (using the default: "neutral")',
    ],
    [
      "paths:\n  ignore: 'docs/**'",
      'paths.ignore: must be a list, got the string "docs/**" (using the default: [])',
    ],
    ["paths:\n  ignore: ['docs/**', '']", "paths.ignore[1]: must not be empty (entry ignored)"],
    ["paths:\n  include: [42, 'gen/**']", "paths.include[0]: must be a string, got 42 (entry ignored)"],
  ])("reports %j", (text, problem) => {
    expect(parseRepoConfig(text).problems).toEqual([problem]);
  });

  it("drops only the bad entries of a list", () => {
    const { config } = parseRepoConfig("paths:\n  ignore: ['a/**', '', 3, 'b/**', {x: 1}]\n");
    expect(config.paths.ignore).toEqual(["a/**", "b/**"]);
  });

  it("keeps the first 100 globs of a longer list", () => {
    const globs = Array.from({ length: 120 }, (_, i) => `dir${i}/**`);
    const { config, problems } = parseRepoConfig(`paths:\n  ignore: ${JSON.stringify(globs)}\n`);
    expect(config.paths.ignore).toEqual(globs.slice(0, 100));
    expect(problems).toEqual([
      "paths.ignore: must have at most 100 entries (entries after the first 100 ignored)",
    ]);
  });

  it("falls back to the default list when every entry is invalid", () => {
    const { config, problems } = parseRepoConfig("guidelines:\n  files: [docs/AGENTS.md]\n");
    expect(config.guidelines.files).toEqual(["AGENTS.md"]);
    expect(problems).toEqual([
      "guidelines.files[0]: must be a file name, not a path (entry ignored)",
      'guidelines.files: must have at least 1 entry (using the default: ["AGENTS.md"])',
    ]);
  });

  it("warns about unknown keys, with a guess when one is close", () => {
    const text = [
      "debounce_seconds: 10",
      "triggers:",
      "  draft: false",
      "  pushes: false",
      "colour: blue",
      "Paths: {ignore: ['x']}",
    ].join("\n");
    const { config, problems } = parseRepoConfig(text);
    expect(config).toEqual({ ...DEFAULTS, triggers: { ...DEFAULTS.triggers, pushes: false } });
    expect(problems).toEqual([
      'triggers.draft: unknown key, ignored (did you mean "drafts"?)',
      'debounce_seconds: unknown key, ignored (did you mean "debounceSeconds"?)',
      "colour: unknown key, ignored",
      'Paths: unknown key, ignored (did you mean "paths"?)',
    ]);
  });

  it.each([
    [
      "a list",
      "- debounceSeconds: 10\n",
      "(top level): must be a mapping of settings, got a list; using the defaults",
    ],
    [
      "a scalar",
      "just text\n",
      '(top level): must be a mapping of settings, got the string "just text"; using the defaults',
    ],
    [
      "a duplicate key",
      "debounceSeconds: 10\ndebounceSeconds: 20\n",
      "not valid YAML, using the defaults: Map keys must be unique at line 2, column 1",
    ],
    [
      "bad indentation",
      "triggers:\n  drafts: false\n   ready: false\n",
      "not valid YAML, using the defaults: Nested mappings are not allowed in compact mappings at line 2, column 11 (and 1 more YAML error)",
    ],
    [
      "an unknown alias",
      "debounceSeconds: *later\n",
      "not valid YAML, using the defaults: Unresolved alias (the anchor must be set before the alias): later",
    ],
  ])("uses all the defaults for %s", (_label, text, problem) => {
    expect(parseRepoConfig(text)).toEqual({ config: DEFAULTS, problems: [problem] });
  });

  it("refuses an alias bomb instead of expanding it", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const result = parseRepoConfig(lines.join("\n"));
    expect(result.config).toEqual(DEFAULTS);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^not valid YAML, using the defaults: /);
  });

  it("refuses a file over 64 KiB", () => {
    const text = `# ${"x".repeat(70_000)}\ndebounceSeconds: 10\n`;
    expect(parseRepoConfig(text)).toEqual({
      config: DEFAULTS,
      problems: ["the file is larger than 64 KiB; using the defaults"],
    });
  });

  it("caps the number of problems", () => {
    const text = Array.from({ length: 30 }, (_, i) => `unknown${i}: true`).join("\n");
    const { problems } = parseRepoConfig(text);
    expect(problems).toHaveLength(20);
    expect(problems[19]).toBe("… and 11 more problems");
  });

  it("bounds a long unknown key in its problem", () => {
    const key = "k".repeat(100);
    expect(parseRepoConfig(`${key}: 1`).problems).toEqual([`${"k".repeat(60)}…: unknown key, ignored`]);
  });

  it("returns a fresh config each time", () => {
    const first = defaultRepoConfig();
    first.paths.ignore.push("mutated/**");
    expect(defaultRepoConfig().paths.ignore).toEqual([]);
  });
});

describe("loadRepoConfig", () => {
  const repo: RepoRef = { owner: "acme", repo: "shop" };

  function readerWith(files: Record<string, string>) {
    const asked: Array<{ path: string; ref: string }> = [];
    return {
      asked,
      getFileContent: (_repo: RepoRef, path: string, ref: string): Promise<string | null> => {
        asked.push({ path, ref });
        return Promise.resolve(files[`${ref}:${path}`] ?? null);
      },
    };
  }

  it("reads .github/codex.yml from the default branch", async () => {
    const reader = readerWith({ "main:.github/codex.yml": "debounceSeconds: 5\n" });
    const loaded = await loadRepoConfig(reader, repo, "main");
    expect(loaded).toEqual({
      path: ".github/codex.yml",
      config: { ...DEFAULTS, debounceSeconds: 5 },
      problems: [],
    });
    expect(reader.asked).toEqual([{ path: ".github/codex.yml", ref: "main" }]);
  });

  it("falls back to .github/codex.yaml", async () => {
    const reader = readerWith({ "trunk:.github/codex.yaml": "debounceSeconds: 700\n" });
    const loaded = await loadRepoConfig(reader, repo, "trunk");
    expect(loaded).toEqual({
      path: ".github/codex.yaml",
      config: DEFAULTS,
      problems: ["debounceSeconds: must be at most 600 (using the default: 30)"],
    });
    expect(reader.asked).toEqual([
      { path: ".github/codex.yml", ref: "trunk" },
      { path: ".github/codex.yaml", ref: "trunk" },
    ]);
  });

  it("gives the defaults when neither file exists", async () => {
    const loaded = await loadRepoConfig(readerWith({}), repo, "main");
    expect(loaded).toEqual({ path: null, config: DEFAULTS, problems: [] });
  });

  it("lets a read error propagate so the job is retried", async () => {
    const reader = {
      getFileContent: (): Promise<string | null> => Promise.reject(new Error("502 from GitHub")),
    };
    await expect(loadRepoConfig(reader, repo, "main")).rejects.toThrow("502 from GitHub");
  });
});
