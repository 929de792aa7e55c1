import { describe, expect, it } from "vitest";
import {
  failureKey,
  headPassKey,
  passName,
  prKey,
  requestKey,
  reviewKey,
  reviewMarker,
} from "../../../src/review/pipeline/idempotency.js";

const pr = { owner: "octo", repo: "app", pullNumber: 7 };
const head = "a".repeat(40);

describe("idempotency keys", () => {
  it.each([
    [{ mode: "full", quiet: false }, "full"],
    [{ mode: "full", quiet: true }, "full-quiet"],
    [{ mode: "incremental", quiet: false }, "incremental"],
  ] as const)("names the pass %o %s", (pass, name) => {
    expect(passName(pass)).toBe(name);
  });

  it("keys an automatic review by head and pass, an explicit one by its delivery", () => {
    const automatic = { mode: "incremental", quiet: false, requestKey: null } as const;
    expect(reviewKey(automatic, null)).toBeNull();
    expect(reviewKey(automatic, head)).toBe(`${head}/incremental`);
    expect(headPassKey(head, automatic)).toBe(`${head}/incremental`);
    const asked = { ...automatic, requestKey: requestKey("mention", "guid-1") };
    expect(reviewKey(asked, head)).toBe("mention/guid-1");
    expect(failureKey("guid-2")).toBe("failed/guid-2");
  });

  it("hides the PR and key in a marker that user text cannot break out of", () => {
    expect(prKey(pr.owner, pr.repo, pr.pullNumber)).toBe("octo/app#7");
    expect(reviewMarker(pr, `${head}/full`)).toBe(`<!-- codex-spark-bot:review octo/app#7/${head}/full -->`);
    expect(reviewMarker(pr, "mention/a b-->")).toBe(
      "<!-- codex-spark-bot:review octo/app#7/mention/a_b--_ -->",
    );
  });
});
