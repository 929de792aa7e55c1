import { appAuthHandlers } from "./app-auth.js";
import { checkHandlers } from "./checks.js";
import { contentsWriteHandlers } from "./contents-write.js";
import { gitDataHandlers } from "./git-data.js";
import type { Handler } from "./handler.js";
import { issueHandlers } from "./issues.js";
import { pullHandlers } from "./pulls.js";
import { reactionHandlers } from "./reactions.js";
import { repoHandlers } from "./repos.js";
import { reviewCommentHandlers } from "./review-comments.js";
import { reviewHandlers } from "./reviews.js";

/** Every REST operation the fake implements, by operation id. */
export const allHandlers: Record<string, Handler> = {
  ...appAuthHandlers,
  ...repoHandlers,
  ...pullHandlers,
  ...reviewHandlers,
  ...reviewCommentHandlers,
  ...issueHandlers,
  ...reactionHandlers,
  ...checkHandlers,
  ...gitDataHandlers,
  ...contentsWriteHandlers,
};
