import picomatch from "picomatch";
import type { FilePatch } from "../diff/types.js";

/** Review order when the budget is short: source first, then tests, then docs. */
export type FileCategory = "source" | "test" | "docs";

export const CATEGORY_RANK: Readonly<Record<FileCategory, number>> = { source: 0, test: 1, docs: 2 };

const TEST =
  /(^|\/)(tests?|__tests__|__mocks__|specs?|testdata|fixtures|e2e)\/|\.(test|spec)\.[^/]+$|_test\.[a-z]+$|(^|\/)test_[^/]+\.py$|Tests?\.(java|kt|cs|swift|scala)$/i;
const DOCS =
  /\.(md|mdx|markdown|rst|adoc|asciidoc|txt)$|(^|\/)(docs?|documentation)\/|(^|\/)(LICENSE|CHANGELOG|AUTHORS|NOTICE)[^/]*$/i;

export function categorize(path: string): FileCategory {
  if (TEST.test(path)) return "test";
  if (DOCS.test(path)) return "docs";
  return "source";
}

/** The default excludes, by the reason given to the user. */
export const DEFAULT_EXCLUDES: Readonly<Record<string, readonly string[]>> = {
  lockfile: [
    "**/package-lock.json",
    "**/npm-shrinkwrap.json",
    "**/yarn.lock",
    "**/pnpm-lock.yaml",
    "**/bun.lock",
    "**/bun.lockb",
    "**/Cargo.lock",
    "**/Gemfile.lock",
    "**/poetry.lock",
    "**/Pipfile.lock",
    "**/uv.lock",
    "**/composer.lock",
    "**/go.sum",
    "**/mix.lock",
    "**/pubspec.lock",
    "**/Podfile.lock",
    "**/packages.lock.json",
    "**/flake.lock",
  ],
  generated: [
    "**/*.generated.*",
    "**/*_generated.*",
    "**/*.gen.*",
    "**/*.pb.go",
    "**/*.pb.{h,cc}",
    "**/*_pb2.py",
    "**/*_pb2_grpc.py",
    "**/generated/**",
    "**/__generated__/**",
    "**/dist/**",
  ],
  vendored: [
    "**/vendor/**",
    "**/third_party/**",
    "**/third-party/**",
    "**/node_modules/**",
    "**/bower_components/**",
  ],
  minified: ["**/*.min.{js,mjs,css}", "**/*.bundle.js", "**/*.map"],
  snapshot: ["**/__snapshots__/**", "**/*.snap"],
  binary: [
    "**/*.{png,jpg,jpeg,gif,webp,ico,bmp,tif,tiff,psd,pdf}",
    "**/*.{zip,gz,tgz,bz2,xz,7z,rar,jar,war,whl}",
    "**/*.{exe,dll,so,dylib,a,o,class,pyc,wasm,bin}",
    "**/*.{woff,woff2,ttf,otf,eot}",
    "**/*.{mp3,mp4,mov,avi,webm,ogg,wav,flac}",
    "**/*.{sqlite,db}",
  ],
};

export type Matcher = (path: string) => boolean;

export function globMatcher(globs: readonly string[]): Matcher {
  if (globs.length === 0) return () => false;
  return picomatch([...globs], { dot: true });
}

/** Compiled once per plan: picomatch builds a regular expression per glob. */
export function defaultExcludeMatchers(): Array<[string, Matcher]> {
  return Object.entries(DEFAULT_EXCLUDES).map(([reason, globs]) => [reason, globMatcher(globs)]);
}

const GENERATED_MARKER =
  /@generated\b|\bCode generated\b.*\bDO NOT EDIT\b|\bDO NOT EDIT\b|\bauto-?generated\b/i;

/**
 * Content the globs miss: a header saying the file is generated, or lines so long the file must be
 * minified. Only the head's first lines are looked at for the marker, as generators put it there.
 */
export function detectByContent(patch: FilePatch): "generated" | "minified" | null {
  const first = patch.hunks[0];
  if (
    first &&
    first.newStart === 1 &&
    first.right.slice(0, 5).some((line) => GENERATED_MARKER.test(line.text))
  ) {
    return "generated";
  }
  let long = 0;
  let total = 0;
  let chars = 0;
  for (const hunk of patch.hunks) {
    for (const line of hunk.lines) {
      if (line.kind !== "add") continue;
      total++;
      chars += line.text.length;
      if (line.text.length > 1_000) long++;
    }
  }
  return long > 0 && chars / Math.max(1, total) > 300 ? "minified" : null;
}
