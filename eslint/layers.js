/**
 * The layer rules of docs/architecture.md, as `no-restricted-imports` settings per folder:
 * the domain (`src/review`, with the ledger's rules, and the pure `src/commands`) imports no
 * adapter, no BullMQ, no Redis client, no Octokit, no ws; webhook handlers never import the model;
 * adapters do not import each other; handlers reach the Redis state only through the domain's
 * ports (`src/main/` wires the adapters); nothing imports `src/main/`.
 *
 * Imports are matched as written. Every source folder sits one or two levels under `src/`, and no
 * folder inside the domain bears an adapter's name, so "one or more `../` then the adapter's folder"
 * names the adapter wherever the importing file is.
 */

const ADAPTERS = ["state", "queue", "github", "model", "git"];
const ENTRY_POINTS = ["workers", "webhooks", "main", "cli"];

/** A pattern refusing relative imports of the given top-level folders of `src/`. */
function folders(names, message) {
  return { regex: `^(\\.\\./)+(${names.join("|")})(/|$)`, message };
}

/** A pattern refusing a package and its subpaths. */
function packages(names, message) {
  return { regex: `^(${names.map((n) => n.replace("/", "\\/")).join("|")})(/|$)`, message };
}

/**
 * Handlers (webhooks, workers) get every Redis store as a port from `src/main/`; of `src/state/`
 * they may import only the connection (the client type BullMQ takes, and closing a client).
 */
const STATE_THROUGH_PORTS = {
  regex: "^(\\.\\./)+state(/(?!connection\\.js$)|$)",
  message:
    "Handlers use the Redis state through the domain's ports; src/main/ builds the src/state/ adapters and passes them in.",
};

const NOT_MAIN = folders(["main"], "Nothing imports src/main/: it wires adapters to ports and is only run.");

const DOMAIN = [
  folders(
    [...ADAPTERS, ...ENTRY_POINTS],
    "The domain reaches the world only through the ports in src/review/ports*.ts; adapters implement them.",
  ),
  packages(
    ["bullmq", "ioredis", "@octokit", "octokit", "probot", "ws"],
    "The domain imports no BullMQ, Redis client, Octokit, Probot or ws: declare a port instead.",
  ),
];

function adapter(self) {
  return [
    folders(
      [...ADAPTERS.filter((a) => a !== self), "workers", "webhooks", "cli"],
      "Adapters do not import each other: share through the domain's ports, and wire in src/main/.",
    ),
    NOT_MAIN,
  ];
}

/** Which files each set of patterns applies to; every source file is in exactly one entry. */
export const LAYERS = [
  { files: ["src/review/**", "src/commands/**"], patterns: [...DOMAIN, NOT_MAIN] },
  {
    files: ["src/webhooks/**"],
    patterns: [
      folders(["model"], "Webhook handlers enqueue and acknowledge; only workers call the model."),
      packages(["ws"], "Webhook handlers enqueue and acknowledge; only workers call the model."),
      STATE_THROUGH_PORTS,
      NOT_MAIN,
    ],
  },
  ...ADAPTERS.map((name) => ({ files: [`src/${name}/**`], patterns: adapter(name) })),
  { files: ["src/workers/**"], patterns: [STATE_THROUGH_PORTS, NOT_MAIN] },
  {
    files: [
      "src/cli/**",
      "src/config/**",
      "src/observability/**",
      "src/errors.ts",
      "src/deadline.ts",
      "src/backoff.ts",
      "src/ttl-cache.ts",
    ],
    patterns: [NOT_MAIN],
  },
];

/** The flat-config blocks that enforce LAYERS. */
export const layerRules = LAYERS.map(({ files, patterns }) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns }] },
}));
