import { parse as parseScript } from "@babel/parser";
import type { ParserPlugin } from "@babel/parser";
import { parseAllDocuments } from "yaml";

type Parser = (text: string) => boolean;

function babel(plugins: ParserPlugin[]): Parser {
  return (text) => {
    try {
      parseScript(text, {
        sourceType: "unambiguous",
        attachComment: false,
        plugins,
        errorRecovery: false,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: true,
        allowUndeclaredExports: true,
      });
      return true;
    } catch {
      return false;
    }
  };
}

const json: Parser = (text) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const yaml: Parser = (text) => {
  try {
    const docs = parseAllDocuments(text);
    return Array.isArray(docs) ? docs.every((doc) => doc.errors.length === 0) : true;
  } catch {
    return false;
  }
};

const typescript = babel(["typescript", "decorators-legacy"]);
const tsx = babel(["typescript", "jsx", "decorators-legacy"]);
const javascript = babel(["jsx", "decorators-legacy"]);

const BY_EXTENSION: Readonly<Record<string, Parser>> = {
  json,
  yaml,
  yml: yaml,
  js: javascript,
  jsx: javascript,
  mjs: javascript,
  cjs: javascript,
  ts: typescript,
  mts: typescript,
  cts: typescript,
  tsx,
};

/** The parser for a path, when it is a language we check (JSON, YAML, JavaScript, TypeScript). */
export function parserFor(path: string): Parser | undefined {
  const dot = path.lastIndexOf(".");
  if (dot < 0 || dot < path.lastIndexOf("/")) return undefined;
  return BY_EXTENSION[path.slice(dot + 1).toLowerCase()];
}

/**
 * Whether an edit keeps a file parseable. A file that did not parse before (JSON with comments, a
 * syntax our parser options do not cover) cannot be judged and passes. `parsedBefore` caches the
 * original's verdict per path, since several findings often touch one file.
 */
export function editKeepsParsing(
  path: string,
  before: string,
  after: string,
  parsedBefore: Map<string, boolean>,
): boolean {
  const parser = parserFor(path);
  if (!parser || parser(after)) return true;
  // Only a failing edit needs the original's verdict: most edits parse, and parsing is the cost here.
  let original = parsedBefore.get(path);
  if (original === undefined) {
    original = parser(before);
    parsedBefore.set(path, original);
  }
  return !original;
}
