import { newInstallationToken } from "./auth.js";
import { notFound, validationFailed } from "./errors.js";
import { intParam, type Handler } from "./handler.js";
import { repoKey } from "./state.js";

/* Installation tokens live one hour on GitHub; Probot refreshes them before that. */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

interface TokenRequest {
  repositories?: string[];
  repository_ids?: number[];
  permissions?: Record<string, string>;
}

export const appAuthHandlers: Record<string, Handler> = {
  "apps/create-installation-access-token": (ctx) => {
    const installation = ctx.state.installations.get(intParam(ctx, "installation_id"));
    if (!installation) throw notFound();
    const request = ctx.body as TokenRequest;
    const granted = installation.permissions;
    const asked = request.permissions ?? granted;
    for (const [name, level] of Object.entries(asked)) {
      const has = granted[name];
      if (!has || (level === "write" && has !== "write")) {
        throw validationFailed([
          {
            resource: "Installation",
            code: "custom",
            field: "permissions",
            message: "The permissions requested are not granted to this installation.",
          },
        ]);
      }
    }
    let repositories: Set<string> | null = null;
    if (request.repositories || request.repository_ids) {
      const owner = installation.account.login;
      const byName = (request.repositories ?? []).map((name) => repoKey(owner, name));
      const byId = [...ctx.state.repos.values()]
        .filter((r) => request.repository_ids?.includes(r.id))
        .map((r) => r.fullName.toLowerCase());
      repositories = new Set([...byName, ...byId]);
      if ([...repositories].some((key) => !installation.repositories.has(key)))
        throw validationFailed([
          {
            resource: "Installation",
            code: "custom",
            field: "repositories",
            message:
              "There is at least one repository that does not exist or is not accessible to the parent installation.",
          },
        ]);
    }
    const token = newInstallationToken();
    const expiresAt = new Date(Date.now() + TOKEN_LIFETIME_MS);
    ctx.state.tokens.set(token, {
      installationId: installation.id,
      expiresAt,
      permissions: { ...asked },
      repositories,
    });
    return {
      status: 201,
      body: {
        token,
        expires_at: expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: asked,
        repository_selection: "selected",
      },
    };
  },
};
