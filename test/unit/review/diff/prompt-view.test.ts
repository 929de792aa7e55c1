import { describe, expect, it } from "vitest";
import { renderFileForPrompt } from "../../../../src/review/diff/index.js";
import { fileLines, loadAll, loadFixture } from "../fixtures.js";

const NUMBERED = /^ *(\d+) ([+ ]) (.*)$/s;

describe("renderFileForPrompt", () => {
  it.each(loadAll().map((f) => [f.name, f] as const))(
    "%s: every numbered line shows the head line of that number, and every head line of a hunk is numbered",
    (_name, fixture) => {
      const head = fixture.head === null ? [] : fileLines(fixture.head);
      const text = renderFileForPrompt(fixture.patch, { maxLineChars: 100_000 });
      const numbered = text
        .split("\n")
        .map((line) => NUMBERED.exec(line))
        .filter((m) => m !== null);
      for (const match of numbered) expect(match[3]).toBe(head[Number(match[1]) - 1]);
      const shown = fixture.patch.hunks.filter((h) => h.newLines > 0).reduce((sum, h) => sum + h.newLines, 0);
      expect(numbered).toHaveLength(shown);
    },
  );

  it("draws added, unchanged and removed lines distinctly, with the hunk's head range", () => {
    const text = renderFileForPrompt(loadFixture("go-tabs").patch);
    expect(text).toContain("## file: internal/store/users.go (modified, +15 -3)");
    expect(text).toContain("@@ head lines 20-28 @@ func New(db *sql.DB) *Store {");
    expect(text).toContain('23 + \tif name == "" {');
    expect(text).toContain("22   func (s *Store) Rename(");
    expect(text).toContain("   - // Delete removes a user.");
  });

  it("summarises deletion-only hunks instead of sending them", () => {
    const text = renderFileForPrompt(loadFixture("rb-deleted").patch);
    expect(text).toContain("@@ 15 line(s) removed (base lines 1-15), before head line 1; not shown @@");
    expect(text).not.toContain("LegacyExport");
    const full = renderFileForPrompt(loadFixture("rb-deleted").patch, { showDeletionOnlyHunks: true });
    expect(full).toContain("class LegacyExport");
  });

  it("names the previous path of a rename", () => {
    expect(renderFileForPrompt(loadFixture("rust-renamed").patch)).toContain("## renamed from: src/words.rs");
  });

  it("cuts very long lines with a marker that is not code", () => {
    const text = renderFileForPrompt(loadFixture("js-long-line").patch, { maxLineChars: 200 });
    const long = text.split("\n").find((line) => line.includes("ICONS = {"));
    expect(long?.length).toBeLessThan(300);
    expect(long).toMatch(/⟦… \d+ more characters not shown⟧$/);
  });

  it("notes a head file without final newline, and shows no CR", () => {
    expect(renderFileForPrompt(loadFixture("json-noeol").patch)).toContain(
      "16   }\n@@ the head file ends here, without a final newline @@",
    );
    expect(renderFileForPrompt(loadFixture("yaml-crlf").patch)).not.toContain("\r");
  });

  it("says why a file without diff shows nothing", () => {
    const binary = { ...loadFixture("js-added").patch, hunks: [], missing: "binary_or_too_large" as const };
    expect(renderFileForPrompt(binary)).toContain("## no diff: binary file or diff too large to show");
  });
});
