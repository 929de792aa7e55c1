import { loadRepoConfig } from "../../config/repo-config.js";
import type { ReviewSettings } from "../pipeline/context.js";
import { applyRepoConfig } from "../pipeline/settings.js";
import type { PullRequestRef } from "../ports.js";
import type { ConversationContext } from "./context.js";

/**
 * The settings a conversation answers with: the server's, then the repository's `.github/codex.yml`
 * (from the default branch, as for reviews), so that `language:` and `trigger:` apply to replies too.
 * A config that cannot be read leaves the server's settings: a reply in the default language is
 * better than none.
 */
export async function conversationSettings(
  ctx: Pick<ConversationContext, "reader" | "settings" | "log">,
  pr: PullRequestRef,
  defaultBranch: string,
): Promise<ReviewSettings> {
  try {
    const loaded = await loadRepoConfig(ctx.reader, pr, defaultBranch);
    return applyRepoConfig(ctx.settings, loaded.config);
  } catch (error) {
    ctx.log.warn({ err: error instanceof Error ? error.name : String(error) }, "repository config not read");
    return ctx.settings;
  }
}
