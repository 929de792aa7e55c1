/*
 * A small GraphQL document parser: enough of the grammar for the queries and mutations a bot
 * sends (operations, variables with defaults, fields with arguments and aliases, fragments).
 * Types in variable definitions are skipped, not checked.
 */

export type GqlValue =
  | { kind: "variable"; name: string }
  | { kind: "scalar"; value: string | number | boolean | null }
  | { kind: "enum"; value: string }
  | { kind: "list"; items: GqlValue[] }
  | { kind: "object"; fields: Record<string, GqlValue> };

export interface GqlField {
  kind: "field";
  alias: string | undefined;
  name: string;
  args: Record<string, GqlValue>;
  selections: GqlSelection[];
  line: number;
  column: number;
}

export type GqlSelection =
  | GqlField
  | { kind: "inline"; typeCondition: string | undefined; selections: GqlSelection[] }
  | { kind: "spread"; name: string };

export interface GqlOperation {
  type: "query" | "mutation" | "subscription";
  name: string | undefined;
  defaults: Record<string, GqlValue>;
  selections: GqlSelection[];
}

export interface GqlDocument {
  operations: GqlOperation[];
  fragments: Map<string, { typeCondition: string; selections: GqlSelection[] }>;
}

interface Token {
  type: "punct" | "name" | "number" | "string";
  value: string;
  line: number;
  column: number;
}

export class GqlSyntaxError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /[\s,\uFEFF]+|#[^\n]*|(\.\.\.|[!$&()|:=@[\]{}])|([_A-Za-z][_0-9A-Za-z]*)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|("""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*")/y;
  let index = 0;
  while (index < source.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match) throw new GqlSyntaxError(`Syntax error: unexpected character at offset ${index}`);
    const before = source.slice(0, index);
    const line = before.split("\n").length;
    const column = index - before.lastIndexOf("\n");
    if (match[1]) tokens.push({ type: "punct", value: match[1], line, column });
    else if (match[2]) tokens.push({ type: "name", value: match[2], line, column });
    else if (match[3]) tokens.push({ type: "number", value: match[3], line, column });
    else if (match[4]) tokens.push({ type: "string", value: match[4], line, column });
    index = pattern.lastIndex;
  }
  return tokens;
}

function unquote(raw: string): string {
  if (raw.startsWith('"""')) return raw.slice(3, -3).trim();
  return JSON.parse(raw) as string;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new GqlSyntaxError("Syntax error: unexpected end of document");
    return token;
  }

  private is(value: string): boolean {
    const token = this.peek();
    return token !== undefined && token.type !== "string" && token.value === value;
  }

  private expect(value: string): Token {
    const token = this.next();
    if (token.value !== value)
      throw new GqlSyntaxError(`Expected "${value}", found "${token.value}" on line ${token.line}`);
    return token;
  }

  private name(): string {
    const token = this.next();
    if (token.type !== "name")
      throw new GqlSyntaxError(`Expected a name, found "${token.value}" on line ${token.line}`);
    return token.value;
  }

  document(): GqlDocument {
    const doc: GqlDocument = { operations: [], fragments: new Map() };
    while (this.peek()) {
      if (this.is("{")) {
        doc.operations.push({
          type: "query",
          name: undefined,
          defaults: {},
          selections: this.selectionSet(),
        });
      } else if (this.is("fragment")) {
        this.next();
        const name = this.name();
        this.expect("on");
        const typeCondition = this.name();
        this.directives();
        doc.fragments.set(name, { typeCondition, selections: this.selectionSet() });
      } else {
        const type = this.name();
        if (type !== "query" && type !== "mutation" && type !== "subscription") {
          throw new GqlSyntaxError(`Unexpected "${type}"`);
        }
        const name = this.peek()?.type === "name" ? this.name() : undefined;
        const defaults = this.is("(") ? this.variableDefinitions() : {};
        this.directives();
        doc.operations.push({ type, name, defaults, selections: this.selectionSet() });
      }
    }
    return doc;
  }

  private variableDefinitions(): Record<string, GqlValue> {
    const defaults: Record<string, GqlValue> = {};
    this.expect("(");
    while (!this.is(")")) {
      this.expect("$");
      const name = this.name();
      this.expect(":");
      this.type();
      if (this.is("=")) {
        this.next();
        defaults[name] = this.value();
      }
      this.directives();
    }
    this.expect(")");
    return defaults;
  }

  private type(): void {
    if (this.is("[")) {
      this.next();
      this.type();
      this.expect("]");
    } else {
      this.name();
    }
    if (this.is("!")) this.next();
  }

  private directives(): void {
    while (this.is("@")) {
      this.next();
      this.name();
      if (this.is("(")) this.arguments();
    }
  }

  private selectionSet(): GqlSelection[] {
    const selections: GqlSelection[] = [];
    this.expect("{");
    while (!this.is("}")) selections.push(this.selection());
    this.expect("}");
    return selections;
  }

  private selection(): GqlSelection {
    if (this.is("...")) {
      this.next();
      if (this.is("on") || this.is("{") || this.is("@")) {
        let typeCondition: string | undefined;
        if (this.is("on")) {
          this.next();
          typeCondition = this.name();
        }
        this.directives();
        return { kind: "inline", typeCondition, selections: this.selectionSet() };
      }
      const name = this.name();
      this.directives();
      return { kind: "spread", name };
    }
    const start = this.peek() as Token;
    let name = this.name();
    let alias: string | undefined;
    if (this.is(":")) {
      this.next();
      alias = name;
      name = this.name();
    }
    const args = this.is("(") ? this.arguments() : {};
    this.directives();
    const selections = this.is("{") ? this.selectionSet() : [];
    return { kind: "field", alias, name, args, selections, line: start.line, column: start.column };
  }

  private arguments(): Record<string, GqlValue> {
    const args: Record<string, GqlValue> = {};
    this.expect("(");
    while (!this.is(")")) {
      const name = this.name();
      this.expect(":");
      args[name] = this.value();
    }
    this.expect(")");
    return args;
  }

  private value(): GqlValue {
    const token = this.next();
    if (token.type === "punct" && token.value === "$") return { kind: "variable", name: this.name() };
    if (token.type === "punct" && token.value === "[") {
      const items: GqlValue[] = [];
      while (!this.is("]")) items.push(this.value());
      this.expect("]");
      return { kind: "list", items };
    }
    if (token.type === "punct" && token.value === "{") {
      const fields: Record<string, GqlValue> = {};
      while (!this.is("}")) {
        const name = this.name();
        this.expect(":");
        fields[name] = this.value();
      }
      this.expect("}");
      return { kind: "object", fields };
    }
    if (token.type === "number") return { kind: "scalar", value: Number(token.value) };
    if (token.type === "string") return { kind: "scalar", value: unquote(token.value) };
    if (token.type === "name") {
      if (token.value === "true" || token.value === "false")
        return { kind: "scalar", value: token.value === "true" };
      if (token.value === "null") return { kind: "scalar", value: null };
      return { kind: "enum", value: token.value };
    }
    throw new GqlSyntaxError(`Unexpected "${token.value}" on line ${token.line}`);
  }
}

/** Parses a GraphQL document; throws {@link GqlSyntaxError} on anything it cannot read. */
export function parseGraphql(source: string): GqlDocument {
  return new Parser(tokenize(source)).document();
}

/** The plain value of an argument, with variables (and their declared defaults) substituted. */
export function valueOf(
  value: GqlValue,
  variables: Record<string, unknown>,
  defaults: Record<string, GqlValue>,
): unknown {
  switch (value.kind) {
    case "variable": {
      if (value.name in variables) return variables[value.name];
      const fallback = defaults[value.name];
      return fallback ? valueOf(fallback, variables, defaults) : undefined;
    }
    case "scalar":
    case "enum":
      return value.value;
    case "list":
      return value.items.map((item) => valueOf(item, variables, defaults));
    case "object":
      return Object.fromEntries(
        Object.entries(value.fields).map(([name, field]) => [name, valueOf(field, variables, defaults)]),
      );
  }
}
