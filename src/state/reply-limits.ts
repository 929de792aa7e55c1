import type { RedisClient } from "./connection.js";
import type { ReplyLimits } from "../review/ports-state.js";

/**
 * Takes the right to one free reply: KEYS[1] is the person's flag on this PR (one reply an hour),
 * KEYS[2] the installation's hourly count of replies to strangers. Both keys carry the
 * installation's hash tag. ARGV: 1 when the person is a stranger, the installation's ceiling.
 */
const TAKE = `
if not redis.call('set', KEYS[1], '1', 'EX', 3600, 'NX') then return 'person' end
if ARGV[1] == '1' then
  local n = redis.call('incr', KEYS[2])
  if n == 1 then redis.call('expire', KEYS[2], 7200) end
  if n > tonumber(ARGV[2]) then return 'installation' end
end
return 'ok'
`;

/**
 * Bounds the replies that cost no model call (help, usage, typo hints): at most one per person per
 * PR per hour, and per installation an hourly ceiling on replies to people who are not members or
 * collaborators — so a script cannot make the bot write hundreds of comments and use up the
 * installation's content-creation limit.
 */
export class RedisReplyLimits implements ReplyLimits {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly strangerRepliesPerHour: number,
  ) {}

  /** True when this reply may be posted (and counts it); false when a limit says nothing more. */
  async take(input: Parameters<ReplyLimits["take"]>[0]): Promise<boolean> {
    const base = `${this.prefix}:replies:{inst${input.installationId}}`;
    const { owner, repo, pullNumber } = input.pr;
    const hour = (input.now ?? new Date()).toISOString().slice(0, 13);
    const keys = [
      `${base}:${owner}/${repo}#${pullNumber}:${input.login.toLowerCase()}`,
      `${base}:strangers:${hour}`,
    ];
    const result = await this.redis.eval(
      TAKE,
      keys.length,
      ...keys,
      input.stranger ? "1" : "0",
      this.strangerRepliesPerHour,
    );
    return result === "ok";
  }
}
