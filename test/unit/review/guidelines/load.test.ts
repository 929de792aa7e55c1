import { describe, expect, it } from "vitest";
import { loadGuidelines } from "../../../../src/review/guidelines/load.js";
import type { RepoRef } from "../../../../src/review/ports.js";
import {
  API_AGENTS,
  API_REVIEW_SECTION,
  HANDLERS_AGENTS,
  ROOT_AGENTS,
  ROOT_REVIEW_SECTION,
  WEB_AGENTS,
  WEB_REVIEW_SECTION,
} from "./agents-files.js";

const REPO: RepoRef = { owner: "acme", repo: "shopfront" };
const BASE = "main";

/** A repository's files on its refs; records every lookup and the most lookups in flight at once. */
function fakeReader(files: Record<string, string>, ref = BASE) {
  const asked: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    asked,
    maxInFlight: () => maxInFlight,
    async getFileContent(repo: RepoRef, path: string, at: string): Promise<string | null> {
      expect(repo).toEqual(REPO);
      asked.push(`${at}:${path}`);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // A little latency, as a real read has, so lookups that may overlap do.
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return at === ref ? (files[path] ?? null) : null;
    },
  };
}

const TREE = {
  "AGENTS.md": ROOT_AGENTS,
  "packages/api/AGENTS.md": API_AGENTS,
  "packages/api/src/handlers/AGENTS.md": HANDLERS_AGENTS,
  "packages/web/AGENTS.md": WEB_AGENTS,
};

describe("loadGuidelines", () => {
  it("labels each section, root first and the most specific last, from the base ref", async () => {
    const reader = fakeReader(TREE);
    const guidelines = await loadGuidelines(reader, REPO, BASE, [
      "packages/api/src/handlers/cart.ts",
      "packages/web/src/Cart.tsx",
    ]);
    expect(guidelines).toEqual({
      text: [
        "From AGENTS.md (applies to the whole repository):",
        ROOT_REVIEW_SECTION,
        "",
        "From packages/api/AGENTS.md (applies to files under packages/api/):",
        API_REVIEW_SECTION,
        "",
        "From packages/web/AGENTS.md (applies to files under packages/web/):",
        WEB_REVIEW_SECTION,
      ].join("\n"),
      sources: ["AGENTS.md", "packages/api/AGENTS.md", "packages/web/AGENTS.md"],
      omitted: [],
    });
    expect(reader.asked).toEqual([
      "main:AGENTS.md",
      "main:packages/api/src/handlers/AGENTS.md",
      "main:packages/web/src/AGENTS.md",
      "main:packages/api/src/AGENTS.md",
      "main:packages/web/AGENTS.md",
      "main:packages/api/AGENTS.md",
      "main:packages/AGENTS.md",
    ]);
  });

  it("gives empty text when no file has a review section", async () => {
    const reader = fakeReader({ "packages/api/src/handlers/AGENTS.md": HANDLERS_AGENTS });
    expect(await loadGuidelines(reader, REPO, BASE, ["packages/api/src/handlers/x.ts"])).toEqual({
      text: "",
      sources: [],
      omitted: [],
    });
  });

  it("reads nothing when disabled", async () => {
    const reader = fakeReader(TREE);
    expect(await loadGuidelines(reader, REPO, BASE, ["a.ts"], { enabled: false })).toEqual({
      text: "",
      sources: [],
      omitted: [],
    });
    expect(reader.asked).toEqual([]);
  });

  it("looks up every configured name, within the bound on lookups", async () => {
    const reader = fakeReader({ "REVIEWING.md": "# Reviewing\n\nSmall PRs only.\n" });
    const guidelines = await loadGuidelines(reader, REPO, BASE, ["a/b/c.ts"], {
      fileNames: ["AGENTS.md", "REVIEWING.md"],
      maxFiles: 5,
    });
    expect(guidelines.text).toBe("From REVIEWING.md (applies to the whole repository):\nSmall PRs only.");
    expect(reader.asked).toEqual([
      "main:AGENTS.md",
      "main:REVIEWING.md",
      "main:a/b/AGENTS.md",
      "main:a/b/REVIEWING.md",
      "main:a/AGENTS.md",
    ]);
  });

  it("keeps at most `concurrency` lookups in flight", async () => {
    const reader = fakeReader(TREE);
    const paths = Array.from({ length: 12 }, (_, i) => `services/s${i}/main.go`);
    await loadGuidelines(reader, REPO, BASE, paths, { concurrency: 3 });
    expect(reader.asked).toHaveLength(14); // the root, services/, and one per service
    expect(reader.maxInFlight()).toBe(3);
  });

  describe("within the total size", () => {
    const rules = (n: number, tag: string): string =>
      `## Review guidelines\n\n${Array.from({ length: n }, (_, i) => `- ${tag} rule ${i}.`).join("\n")}\n`;

    it("leaves out the guidance farthest from the change", async () => {
      const reader = fakeReader({
        "AGENTS.md": rules(20, "root"),
        "a/b/AGENTS.md": rules(20, "near"),
        "a/AGENTS.md": rules(20, "far"),
      });
      const guidelines = await loadGuidelines(reader, REPO, BASE, ["a/b/c.ts"], { maxTotalChars: 900 });
      expect(guidelines.sources).toEqual(["AGENTS.md", "a/b/AGENTS.md"]);
      expect(guidelines.omitted).toEqual(["a/AGENTS.md"]);
      expect(guidelines.text).toMatch(
        /^From AGENTS\.md .*\n- root rule 0\.\n[^]*- root rule 19\.\n\nFrom a\/b\//,
      );
      expect(guidelines.text).toMatch(
        /\nFrom a\/b\/AGENTS\.md \(applies to files under a\/b\/\):\n- near rule 0\.[^]*- near rule 19\.$/,
      );
    });

    it("cuts the last section that still fits in part", async () => {
      const reader = fakeReader({ "AGENTS.md": rules(20, "root"), "a/b/AGENTS.md": rules(60, "near") });
      const guidelines = await loadGuidelines(reader, REPO, BASE, ["a/b/c.ts"], { maxTotalChars: 900 });
      expect(guidelines.sources).toEqual(["AGENTS.md", "a/b/AGENTS.md"]);
      expect(guidelines.omitted).toEqual([]);
      expect(guidelines.text.length).toBeLessThanOrEqual(900);
      expect(guidelines.text).toMatch(/- near rule \d+\.\n\[… truncated …\]$/);
    });
  });

  it("lets a read error propagate", async () => {
    const reader = {
      getFileContent: (): Promise<string | null> => Promise.reject(new Error("GitHub 502")),
    };
    await expect(loadGuidelines(reader, REPO, BASE, ["x.ts"])).rejects.toThrow("GitHub 502");
  });
});
