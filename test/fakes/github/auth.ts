import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import { unauthorized } from "./errors.js";

/** What a request authenticated as, once its `Authorization` header was checked. */
export type AuthInfo =
  | { kind: "none" }
  | { kind: "app"; appId: number }
  | { kind: "installation"; installationId: number; token: string }
  | { kind: "invalid" };

interface JwtClaims {
  iss?: unknown;
  iat?: unknown;
  exp?: unknown;
}

function decodeJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
}

/* GitHub's wording for the JWT problems an app is most likely to hit. */
const UNDECODABLE = "A JSON web token could not be decoded";
const EXPIRED =
  "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
const TOO_LONG = "'Expiration time' claim ('exp') is too far in the future";
const IAT_FUTURE = "'Issued at' claim ('iat') must be an Integer representing a time in the past";

/**
 * Verifies a GitHub App JWT the way GitHub does: RS256 signed by the app's key, `iss` the app id
 * (string or number), not expired, valid for at most 10 minutes. Throws GitHub's 401 otherwise.
 */
export function verifyAppJwt(jwt: string, publicKey: KeyObject, appId: number, nowSeconds: number): void {
  const parts = jwt.split(".");
  if (parts.length !== 3) throw unauthorized(UNDECODABLE);
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  let header: { alg?: unknown };
  let claims: JwtClaims;
  try {
    header = decodeJson(headerPart) as { alg?: unknown };
    claims = decodeJson(payloadPart) as JwtClaims;
  } catch {
    throw unauthorized(UNDECODABLE);
  }
  if (header.alg !== "RS256") throw unauthorized(UNDECODABLE);
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, "base64url");
  if (!verify("RSA-SHA256", signed, publicKey, signature)) throw unauthorized(UNDECODABLE);
  if (String(claims.iss) !== String(appId)) throw unauthorized(UNDECODABLE);
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) throw unauthorized(EXPIRED);
  // GitHub tolerates a little clock drift on `iat`, but not a token minted in the future.
  if (typeof claims.iat !== "number" || claims.iat > nowSeconds + 60) throw unauthorized(IAT_FUTURE);
  if (claims.exp - claims.iat > 600 + 60) throw unauthorized(TOO_LONG);
}

export function importPublicKey(pem: string): KeyObject {
  return createPublicKey(pem);
}

const BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** A fresh installation token: `ghs_` and 36 random alphanumerics, like GitHub's today. */
export function newInstallationToken(): string {
  const bytes = randomBytes(36);
  let out = "ghs_";
  for (const byte of bytes) out += BASE62[byte % 62];
  return out;
}

/** Splits an `Authorization` header into scheme and credential (`token x` and `Bearer x` alike). */
export function parseAuthorization(
  header: string | undefined,
): { scheme: string; credential: string } | null {
  if (!header) return null;
  const match = /^(\w+)\s+(\S+)$/.exec(header.trim());
  if (!match) return null;
  return { scheme: (match[1] ?? "").toLowerCase(), credential: match[2] ?? "" };
}

/** True when a credential has a JWT's three base64url parts. */
export function looksLikeJwt(credential: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(credential);
}
