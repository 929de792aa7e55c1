import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCommentCreated } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { clusterUnsupported, startLocalCluster, type LocalCluster } from "../support/redis-cluster.js";
import { startHarness, type Harness } from "./harness.js";
import {
  completedCheck,
  invoiceAnswer,
  invoiceEvent,
  pushInvoice,
  seedInvoice,
} from "./lifecycle-support.js";

const unsupported = clusterUnsupported();
if (unsupported) console.warn(`Redis Cluster test skipped: ${unsupported}`);

function mention(commentId: number) {
  return issueCommentCreated({
    pr: { owner: "acme", repo: "billing", number: INVOICE_PR.number, author: "dana" },
    installationId: INVOICE_PR.installationId,
    commentId,
    body: "@codex review",
    user: "dana",
  });
}

/** Waits until the hash of open check runs is empty; fails with what is still in it. */
async function registryEmpty(redis: Cluster, key: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await redis.hlen(key)) > 0) {
    if (Date.now() > deadline)
      throw new Error(`runs still open: ${JSON.stringify(await redis.hgetall(key))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(unsupported !== null)("on a real 3-master Redis Cluster", () => {
  let cluster: LocalCluster;
  let h: Harness | undefined;
  beforeAll(async () => {
    cluster = await startLocalCluster(3);
  });
  afterAll(async () => {
    await h?.close();
    await cluster?.stop();
  });

  it("reviews, ignores a redelivery and reviews a push incrementally, seeded with one node", async () => {
    h = await startHarness({
      script: () => invoiceAnswer(),
      // No QUEUE_PREFIX: the cluster default `{codex}` is part of what is tested.
      env: { QUEUE_REDIS_URL: cluster.url, QUEUE_PREFIX: "" },
    });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });

    const deliveryId = "6f1e2d3c-0000-4000-8000-00000000c1a5";
    expect(await h.deliver(mention(7101), { deliveryId })).toBe(200);
    await completedCheck(h.github, INVOICE_PR.headSha);
    expect(h.github.reviews("acme", "billing", INVOICE_PR.number)).toHaveLength(1);

    // GitHub's redelivery: the same GUID and body. Acknowledged, and nothing queued again.
    expect(await h.deliver(mention(7101), { deliveryId })).toBe(200);

    const head = pushInvoice(h.github, 1);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: head }))).toBe(200);
    await completedCheck(h.github, head);

    // One review (the incremental pass found nothing new in one added comment line), two model calls:
    // the redelivery cost nothing, and the push showed the model only what changed.
    expect(h.github.reviews("acme", "billing", INVOICE_PR.number)).toHaveLength(1);
    expect(h.model.requests).toHaveLength(2);
    const pushInput = JSON.stringify(h.model.requests[1]?.body["input"] ?? "");
    expect(pushInput).toContain("revision 1");
    expect(pushInput).not.toContain("discount out of range");
    expect(h.github.requestsFor("repos/compare-commits").map((r) => r.path)).toEqual([
      `/repos/acme/billing/compare/${INVOICE_PR.headSha}...${head}`,
    ]);
    expect(h.github.requestsFor("reactions/create-for-issue-comment")).toHaveLength(1);

    // BullMQ's keys share the `{codex}` slot; each PR's state hashes by its own tag.
    const probe = new Cluster([{ host: "127.0.0.1", port: cluster.ports[0] ?? 0 }]);
    try {
      const slotOf = (key: string) => probe.cluster("KEYSLOT", key) as Promise<number>;
      expect(await probe.exists("{codex}:mentions:meta")).toBe(1);
      const stateKey = `codex:pr:{acme/billing#${INVOICE_PR.number}}:reviewed`;
      expect(await probe.get(stateKey)).toBe(head);
      expect(await slotOf(stateKey)).not.toBe(await slotOf("{codex}:mentions:meta"));
      // Every run the bot opened (the web server's queued one included) left the registry of open
      // runs when its job completed it: none is left for the sweep to complete a second time.
      await registryEmpty(probe, "codex:{open-checks}:runs");
    } finally {
      probe.disconnect();
    }
  });
});
