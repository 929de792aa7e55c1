import { generateKeyPairSync } from "node:crypto";

/** A GitHub App key pair in PEM. */
export interface AppKeyPair {
  /** PKCS#1 (`BEGIN RSA PRIVATE KEY`), the format GitHub hands out; Probot converts it to PKCS#8. */
  privateKeyPem: string;
  /** SPKI (`BEGIN PUBLIC KEY`), what the fake verifies JWTs with. */
  publicKeyPem: string;
}

/** A fresh RSA-2048 key pair for a test's GitHub App. */
export function generateAppKeyPair(): AppKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
