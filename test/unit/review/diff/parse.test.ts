import { describe, expect, it } from "vitest";
import { parseChangedFile } from "../../../../src/review/diff/index.js";
import type { ChangedFile } from "../../../../src/review/ports.js";
import { fileLines, loadAll, loadFixture } from "../fixtures.js";

function changed(patch: string | null, overrides: Partial<ChangedFile> = {}): ChangedFile {
  return {
    path: "f.txt",
    previousPath: null,
    status: "modified",
    patch,
    additions: 1,
    deletions: 1,
    changes: 2,
    ...overrides,
  };
}

describe("parseChangedFile over the fixtures", () => {
  const expected: Record<string, { hunks: number; additions: number; deletions: number; missing: null }> = {
    "go-tabs": { hunks: 2, additions: 15, deletions: 3, missing: null },
    "java-many-hunks": { hunks: 8, additions: 12, deletions: 8, missing: null },
    "js-added": { hunks: 1, additions: 19, deletions: 0, missing: null },
    "js-long-line": { hunks: 1, additions: 2, deletions: 2, missing: null },
    "json-noeol": { hunks: 1, additions: 4, deletions: 3, missing: null },
    "md-docs": { hunks: 1, additions: 6, deletions: 4, missing: null },
    "py-unicode": { hunks: 3, additions: 8, deletions: 2, missing: null },
    "rb-deleted": { hunks: 1, additions: 0, deletions: 15, missing: null },
    "rust-renamed": { hunks: 2, additions: 13, deletions: 4, missing: null },
    "sql-dashes": { hunks: 1, additions: 7, deletions: 6, missing: null },
    "ts-rate-limiter": { hunks: 5, additions: 24, deletions: 7, missing: null },
    "yaml-crlf": { hunks: 1, additions: 7, deletions: 2, missing: null },
  };

  it.each(Object.entries(expected))("%s has the expected hunks and counts", (name, want) => {
    const { patch } = loadFixture(name);
    expect({
      hunks: patch.hunks.length,
      additions: patch.additions,
      deletions: patch.deletions,
      missing: patch.missing,
    }).toEqual(want);
  });

  it.each(loadAll().map((f) => [f.name, f] as const))(
    "%s: every RIGHT line is the head's line of that number",
    (_name, fixture) => {
      const head = fixture.head === null ? [] : fileLines(fixture.head);
      for (const hunk of fixture.patch.hunks) {
        for (const line of hunk.right) expect(line.text).toBe(head[(line.newLine as number) - 1]);
      }
    },
  );

  it.each(loadAll().map((f) => [f.name, f] as const))(
    "%s: every LEFT line is the base's line of that number",
    (_name, fixture) => {
      const base = fixture.base === null ? [] : fileLines(fixture.base);
      for (const hunk of fixture.patch.hunks) {
        for (const line of hunk.left) expect(line.text).toBe(base[(line.oldLine as number) - 1]);
      }
    },
  );

  it("keeps hunk sections, which parsePatch drops", () => {
    const { patch } = loadFixture("go-tabs");
    expect(patch.hunks.map((h) => h.section)).toEqual([
      "func New(db *sql.DB) *Store {",
      "func (s *Store) Rename(ctx context.Context, id int64, name string) error {",
    ]);
  });

  it("strips CR from CRLF lines and remembers it", () => {
    const { patch } = loadFixture("yaml-crlf");
    const lines = patch.hunks.flatMap((h) => h.lines);
    expect(lines.every((l) => l.crlf)).toBe(true);
    expect(lines.some((l) => l.text.includes("\r"))).toBe(false);
    expect(lines.find((l) => l.newLine === 7)?.text).toBe("permissions:");
  });

  it("marks the last line when the file has no final newline, on both sides", () => {
    const { patch } = loadFixture("json-noeol");
    const last = patch.hunks.at(-1)?.lines.at(-1);
    expect(last).toMatchObject({ kind: "context", text: "}", newLine: 16, oldLine: 15, noEol: true });
    expect(patch.hunks.flatMap((h) => h.lines).filter((l) => l.noEol)).toHaveLength(1);
  });

  it("reads removed SQL comments that look like file headers as removed lines", () => {
    const { patch } = loadFixture("sql-dashes");
    const removed = patch.hunks.flatMap((h) => h.lines).filter((l) => l.kind === "del");
    expect(removed.map((l) => l.text)).toContain("-- Amounts are stored in cents.");
    expect(removed.map((l) => l.text)).toContain("    -- total in cents, denormalised");
  });

  it("keeps tabs and non-ASCII text byte for byte", () => {
    expect(loadFixture("go-tabs").patch.hunks[0]?.right[3]?.text).toBe('\tif name == "" {');
    const py = loadFixture("py-unicode").patch;
    expect(py.hunks.flatMap((h) => h.right).map((l) => l.text)).toContain('    "el": "Καλημέρα",');
  });

  it("numbers a new file from 1 and a deleted file on the LEFT only", () => {
    const added = loadFixture("js-added").patch.hunks[0];
    expect([added?.newStart, added?.newLines, added?.oldLines]).toEqual([1, 19, 0]);
    const removed = loadFixture("rb-deleted").patch.hunks[0];
    expect([removed?.oldStart, removed?.oldLines, removed?.newLines, removed?.right.length]).toEqual([
      1, 15, 0, 0,
    ]);
  });

  it("keeps the rename's previous path", () => {
    const { patch } = loadFixture("rust-renamed");
    expect([patch.path, patch.previousPath, patch.status]).toEqual([
      "src/text/words.rs",
      "src/words.rs",
      "renamed",
    ]);
  });

  it("keeps very long lines whole", () => {
    const { patch } = loadFixture("js-long-line");
    const long = patch.hunks[0]?.right.find((l) => l.text.startsWith("export const ICONS"));
    expect(long?.text.length).toBeGreaterThan(10_000);
  });

  it.each([
    [
      "binary (no patch)",
      changed(null, { additions: 0, deletions: 0, changes: 0, status: "added" }),
      "binary_or_too_large",
    ],
    ["too large (no patch, lines changed)", changed(null, { changes: 90_000 }), "binary_or_too_large"],
    [
      "pure rename",
      changed(null, { status: "renamed", previousPath: "old.txt", changes: 0 }),
      "no_content_change",
    ],
    ["empty patch", changed("", { changes: 0 }), "no_content_change"],
    ["git binary note", changed("Binary files a/x.png and b/x.png differ"), "binary_or_too_large"],
    ["wrong counts", changed("@@ -1,2 +1,2 @@\n-a\n+b"), "malformed"],
  ])("a file without usable patch: %s", (_label, file, reason) => {
    const patch = parseChangedFile(file);
    expect(patch.hunks).toEqual([]);
    expect(patch.missing).toBe(reason);
  });

  it("parses a single-line hunk header without counts", () => {
    const patch = parseChangedFile(changed("@@ -3 +3 @@ x\n-old\n+new"));
    expect(patch.hunks[0]).toMatchObject({
      oldStart: 3,
      oldLines: 1,
      newStart: 3,
      newLines: 1,
      section: "x",
    });
  });
});
