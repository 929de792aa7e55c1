import { ProbotOctokit } from "probot";

/**
 * Probot layers its own throttle options over any object-form defaults, so throttling (which
 * spaces comment-creating requests 3 s apart) is turned off with a function-form layer that sees
 * and overrides them.
 */
export const UNTHROTTLED = ProbotOctokit.defaults((options: { throttle?: Record<string, unknown> }) => ({
  ...options,
  throttle: { ...options.throttle, enabled: false },
}));
