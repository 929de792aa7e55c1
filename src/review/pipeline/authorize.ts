import type { PullRequestReader, PullRequestRef, RepoPermission } from "../ports.js";

const MAY_TRIGGER: ReadonlySet<RepoPermission> = new Set(["admin", "maintain", "write"]);

/** What authorization remembers (Redis in production: `src/state/permission-cache.ts`). */
export interface PermissionMemory {
  get(owner: string, repo: string, login: string): Promise<RepoPermission | null>;
  set(owner: string, repo: string, login: string, permission: RepoPermission): Promise<void>;
  firstRefusal(owner: string, repo: string, pullNumber: number, login: string): Promise<boolean>;
}

export type Authorization = { allowed: true } | { allowed: false; explain: boolean };

/**
 * Only people who could push the change themselves may spend model time on it. Permissions are
 * cached briefly; a refusal is explained once per PR and person, so nobody can make the bot spam.
 */
export async function authorize(
  reader: PullRequestReader,
  memory: PermissionMemory,
  pr: PullRequestRef,
  login: string,
): Promise<Authorization> {
  let permission = await memory.get(pr.owner, pr.repo, login);
  if (permission === null) {
    permission = await reader.getPermission(pr, login);
    await memory.set(pr.owner, pr.repo, login, permission);
  }
  if (MAY_TRIGGER.has(permission)) return { allowed: true };
  return { allowed: false, explain: await memory.firstRefusal(pr.owner, pr.repo, pr.pullNumber, login) };
}

export function deniedReply(): string {
  return "Sorry, only collaborators with write access to this repository can ask me for reviews, fixes or answers.";
}
