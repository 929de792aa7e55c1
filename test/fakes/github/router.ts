import type { OperationContract } from "./contracts.js";

/** The operation a request maps to, with its decoded path parameters. */
export interface RouteMatch {
  operationId: string;
  params: Record<string, string>;
}

interface CompiledRoute {
  operationId: string;
  method: string;
  pattern: RegExp;
  names: string[];
  literalLength: number;
}

/*
 * Parameters that GitHub lets span several segments: a file path, a ref such as
 * `heads/feature/x`, and both sides of `compare/{base}...{head}` (branch names hold slashes).
 */
const MULTI_SEGMENT = new Set(["path", "ref", "base", "head"]);
/* `commits/{ref}` is followed by `/check-runs` in another route, so its ref stays one segment. */
const SINGLE_SEGMENT_ROUTES = new Set(["repos/get-commit", "checks/list-for-ref"]);

function compile(operationId: string, contract: OperationContract): CompiledRoute {
  const names: string[] = [];
  let literalLength = 0;
  const source = contract.path.replace(/\{(\w+)\}|[^{]+/g, (token: string, name: string | undefined) => {
    if (name === undefined) {
      literalLength += token.length;
      return token.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    }
    names.push(name);
    if (SINGLE_SEGMENT_ROUTES.has(operationId) || !MULTI_SEGMENT.has(name)) return "([^/]+)";
    return name === "base" ? "(.+?)" : "(.+)";
  });
  return {
    operationId,
    method: contract.method.toUpperCase(),
    pattern: new RegExp(`^${source}$`),
    names,
    literalLength,
  };
}

/** Maps `METHOD /path` (the path still URL-encoded) to one of the contract's operations. */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(contracts: Record<string, OperationContract>) {
    this.routes = Object.entries(contracts)
      .map(([id, contract]) => compile(id, contract))
      // The most literal template wins, so `pulls/comments/{id}` is tried before `pulls/{n}`.
      .sort((a, b) => b.literalLength - a.literalLength);
  }

  match(method: string, encodedPath: string): RouteMatch | null {
    const upper = method.toUpperCase();
    for (const route of this.routes) {
      if (route.method !== upper) continue;
      const found = route.pattern.exec(encodedPath);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = safeDecode(found[i + 1] ?? "");
      });
      return { operationId: route.operationId, params };
    }
    return null;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
