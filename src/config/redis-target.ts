import { ConfigError } from "../errors.js";

/** A host and port of a Redis node or Sentinel. */
export interface RedisNode {
  host: string;
  port: number;
}

interface Credentials {
  username?: string;
  password?: string;
  /** `rediss…://`: TLS to every node. */
  tls: boolean;
}

/**
 * Where the queue's Redis is, parsed from `QUEUE_REDIS_URL`:
 *
 * - `redis://[user:pass@]host:port[/db]` (or `rediss://` for TLS): one server;
 * - `redis+cluster://[user:pass@]host:port,host:port,…` (or `rediss+cluster://`): a Redis Cluster,
 *   reached through any of the listed seed nodes (the rest are discovered);
 * - `redis+sentinel://[user:pass@]host:port,host:port,…/<master name>` (or `rediss+sentinel://`):
 *   the master that these Sentinels point at, followed across fail-overs.
 */
export type RedisTarget =
  | ({ kind: "single"; url: string } & Pick<Credentials, "tls">)
  | ({ kind: "cluster"; nodes: RedisNode[] } & Credentials)
  | ({ kind: "sentinel"; sentinels: RedisNode[]; masterName: string } & Credentials);

const MULTI_HOST = /^(rediss?)\+(cluster|sentinel):\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/([^?#]*))?$/;

function parseNode(text: string, url: string): RedisNode {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(text.trim());
  const port = Number(match?.[2] ?? 6379);
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`QUEUE_REDIS_URL ${redactUrl(url)}: "${text}" is not a host:port.`);
  }
  return { host: match[1].replace(/^\[|\]$/g, ""), port };
}

function parseCredentials(userinfo: string | undefined): Pick<Credentials, "username" | "password"> {
  if (!userinfo) return {};
  const colon = userinfo.indexOf(":");
  const user = decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? undefined : decodeURIComponent(userinfo.slice(colon + 1));
  // `redis://:secret@host` is the usual way to give a password without a user.
  if (password === undefined) return { password: user };
  return { ...(user ? { username: user } : {}), password };
}

/** Parses `QUEUE_REDIS_URL`; a malformed value is a {@link ConfigError} naming what is wrong. */
export function parseRedisTarget(url: string): RedisTarget {
  const multi = MULTI_HOST.exec(url);
  if (multi) {
    const [, scheme, kind, userinfo, hosts = "", path = ""] = multi;
    const nodes = hosts.split(",").map((h) => parseNode(h, url));
    const base = { ...parseCredentials(userinfo), tls: scheme === "rediss" };
    if (kind === "cluster") return { kind: "cluster", nodes, ...base };
    const masterName = decodeURIComponent(path);
    if (!masterName) {
      throw new ConfigError(
        `QUEUE_REDIS_URL ${redactUrl(url)}: a Sentinel URL ends with the master's name, e.g. redis+sentinel://s1:26379,s2:26379/mymaster.`,
      );
    }
    return { kind: "sentinel", sentinels: nodes, masterName, ...base };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ConfigError(`QUEUE_REDIS_URL is not a URL (expected redis://host:port).`, { cause });
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new ConfigError(
      `QUEUE_REDIS_URL ${redactUrl(url)}: the scheme must be redis://, rediss://, redis+cluster:// or redis+sentinel://.`,
    );
  }
  return { kind: "single", url, tls: parsed.protocol === "rediss:" };
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^@/]*?:)[^@/]*@/, "$1***@");
}
