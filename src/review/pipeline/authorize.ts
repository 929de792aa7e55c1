import type { PullRequestReader, PullRequestRef, RepoPermission, RepoRef } from "../ports.js";

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
  if (await hasWriteAccess(reader, memory, pr, login)) return { allowed: true };
  return { allowed: false, explain: await memory.firstRefusal(pr.owner, pr.repo, pr.pullNumber, login) };
}

/** Whether `login` has write, maintain or admin permission on the repository (cached briefly). */
export async function hasWriteAccess(
  reader: PullRequestReader,
  memory: PermissionMemory,
  repo: RepoRef,
  login: string,
): Promise<boolean> {
  let permission = await memory.get(repo.owner, repo.repo, login);
  if (permission === null) {
    permission = await reader.getPermission(repo, login);
    await memory.set(repo.owner, repo.repo, login, permission);
  }
  return MAY_TRIGGER.has(permission);
}

/** Who may dismiss findings: collaborators with write access, and the PR's author if the repository says so. */
export type DismissalPolicy = "collaborators" | "collaborators-and-author";

/**
 * The subset of `logins` who may dismiss the bot's findings on a PR: a 👎, `@codex ignore` or a
 * resolved thread by anyone else silences nothing, and their replies cost no model call.
 */
export function dismissersOf(
  reader: PullRequestReader,
  memory: PermissionMemory,
  pr: PullRequestRef,
  policy: { dismissals: DismissalPolicy; author: string },
): (logins: readonly string[]) => Promise<ReadonlySet<string>> {
  return async (logins) => {
    const author = policy.author.toLowerCase();
    const checks = logins.map(async (login) => {
      if (policy.dismissals === "collaborators-and-author" && login.toLowerCase() === author) return login;
      return (await hasWriteAccess(reader, memory, pr, login)) ? login : null;
    });
    const allowed = (await Promise.all(checks)).filter((l): l is string => l !== null);
    return new Set(allowed.map((l) => l.toLowerCase()));
  };
}

export function deniedReply(): string {
  return "Sorry, only collaborators with write access to this repository can ask me for reviews, fixes or answers.";
}
