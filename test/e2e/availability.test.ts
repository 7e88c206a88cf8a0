/**
 * Availability end to end (issue 10, items 3–6): the real server process
 * (`node lib/start.js`) against the GitHub double. Webhook intake (the 25 MB
 * cap before reading, the signature before parsing), secondary rate limits
 * waited out, readiness, and SIGTERM draining an evaluation in flight.
 */

import { readFileSync } from "node:fs";
import { request } from "node:http";
import { type GitHubDouble, startGitHubDouble } from "../support/github-double.js";
import { type RunningRedis, startRedis } from "../support/redis.js";
import {
  freePort,
  type RunningServer,
  startServer,
  testKeys,
  WEBHOOK_SECRET,
} from "../support/server.js";
import { payloadFor, sendWebhook } from "../support/webhooks.js";

const MB = 1024 * 1024;

/** Polls an async predicate until it returns something truthy (10 s at most). */
async function poll<T>(fn: () => Promise<T | null | false>, message: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await fn().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The server's resident memory, from /proc (Linux). */
function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m?.[1]) throw new Error("no VmRSS");
  return Number(m[1]) * 1024;
}

/**
 * POSTs up to `totalBytes` of filler, 1 MB at a time as the socket takes it,
 * and stops at the first answer (or when the server closes the connection).
 * Bounded: it never sends more than `totalBytes`.
 */
function streamPost(
  url: string,
  totalBytes: number,
  headers: Record<string, string>,
): Promise<{ status: number | null; body: string; sent: number }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(MB, 0x5b); // "[[[["
    let sent = 0;
    let done = false;
    let status: number | null = null;
    let body = "";
    const finish = () => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ status, body, sent });
    };
    const req = request(url, { method: "POST", headers, agent: false }, (res) => {
      status = res.statusCode ?? null;
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", finish);
      res.on("error", finish);
    });
    // An answer may still be in flight when the connection closes: give it time on a busy machine.
    req.on("error", () => setTimeout(finish, 2000));
    req.on("close", () => setTimeout(finish, 2000));
    const pump = () => {
      while (!done && sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!done && sent >= totalBytes) req.end();
    };
    pump();
  });
}

/** A double and a server of their own, for a test whose coalescing window differs. */
async function withOwnServer(
  appId: number,
  env: Record<string, string>,
  test: (gh: GitHubDouble, server: Awaited<ReturnType<typeof startServer>>) => Promise<void>,
): Promise<void> {
  const gh = await startGitHubDouble({ appId, publicKey: testKeys.publicKey });
  const server = await startServer({ gheHost: gh.host, appId, env });
  try {
    await test(gh, server);
  } finally {
    await server.stop();
    await gh.close();
  }
}

/** Until one PR waits in its coalescing window (`/metrics` queue depth 1). */
async function untilPending(server: { url: string }, message: string): Promise<void> {
  await poll(
    async () =>
      /^countersign_queue_depth 1$/m.test(await (await fetch(`${server.url}/metrics`)).text()),
    message,
  );
}

/** A repository with one file, and dave's PR changing it. */
function onePull(gh: GitHubDouble, owner: string) {
  const repo = gh.addRepo({ owner, name: "api", branches: { main: { "a.txt": "a\n" } } });
  const pr = gh.addPullRequest(repo, {
    author: "dave",
    commits: [{ message: "A", files: { "a.txt": "b\n" } }],
  });
  return { repo, pr };
}

describe("webhook intake", () => {
  let gh: GitHubDouble;
  let server: RunningServer;

  beforeAll(async () => {
    gh = await startGitHubDouble({ appId: 4242, publicKey: testKeys.publicKey });
    server = await startServer({ gheHost: gh.host, appId: 4242 });
  });
  afterAll(async () => {
    await server?.stop();
    await gh?.close();
  });

  const hookHeaders = {
    "content-type": "application/json",
    "x-github-event": "pull_request",
    "x-github-delivery": "d-1",
  };

  it("refuses an unsigned 512 MB POST with 413 by its Content-Length, reading almost none of it", async () => {
    const before = rssBytes(server.pid);
    const res = await streamPost(server.webhookUrl, 512 * MB, {
      ...hookHeaders,
      "content-length": String(512 * MB),
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatch(/payload too large/);
    expect(res.sent).toBeLessThan(128 * MB);
    // Reading it whole would add at least 512 MB (main measured 89 MB -> 1.14 GB).
    expect(rssBytes(server.pid) - before).toBeLessThan(128 * MB);
  });

  it("refuses a streamed (chunked) 512 MB POST with 413 once it passes 25 MB, and closes the connection", async () => {
    const before = rssBytes(server.pid);
    const res = await streamPost(server.webhookUrl, 512 * MB, {
      ...hookHeaders,
      "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    });
    expect(res.status).toBe(413);
    // It counted past 25 MB, and read no more (what else was sent sat in socket buffers).
    expect(res.sent).toBeGreaterThan(25 * MB);
    expect(res.sent).toBeLessThan(128 * MB);
    expect(rssBytes(server.pid) - before).toBeLessThan(160 * MB);
    // Still serving.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("refuses an unsigned body with 400 before reading it", async () => {
    const res = await streamPost(server.webhookUrl, 512 * MB, hookHeaders);
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/signature required/);
    expect(res.sent).toBeLessThan(128 * MB);
  });

  it("refuses a bad signature with 400 without parsing the body, and calls no API", async () => {
    gh.clearRequests();
    const res = await sendWebhook(server.webhookUrl, {
      event: "pull_request",
      payload: "{ this is not JSON",
      secret: "not-the-secret",
    });
    expect(res.status).toBe(400);
    // Not a JSON parse error: the signature was checked first.
    expect(res.body).toMatch(/signature does not match/);
    expect(gh.requests).toHaveLength(0);
  });

  it("serves /healthz, /readyz and /metrics (with Node's process metrics)", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^# TYPE countersign_github_rate_limited_total counter$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes/m);
  });

  it("waits out a secondary rate limit (403 with retry-after) on the snapshot read and on the check write", async () => {
    const { repo, pr } = onePull(gh, "avail-a");
    gh.clearRequests();
    const secondary = {
      message:
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    };
    gh.failNext({ operationName: "CountersignSnapshot" }, 403, secondary, {
      headers: { "retry-after": "1" },
    });
    gh.failNext({ method: "POST", pathRegex: /\/check-runs$/ }, 403, secondary, {
      headers: { "retry-after": "1" },
    });
    const res = await sendWebhook(server.webhookUrl, {
      event: "pull_request",
      payload: payloadFor(gh, "pull_request", "opened", repo, pr.number),
      secret: WEBHOOK_SECRET,
    });
    expect(res.status).toBe(200);
    const runs = gh.appCheckRuns(repo, pr.headOid, "countersign");
    expect(runs).toHaveLength(1);
    expect(runs[0]!.conclusion).toBe("success");
    expect(gh.graphqlCalls("CountersignSnapshot").map((r) => r.status)).toEqual([403, 200]);
    expect(gh.restCalls("POST", /\/check-runs$/).map((r) => r.status)).toEqual([403, 201]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^countersign_github_rate_limit_waits_total\{kind="secondary"\} 2$/m);
  });
});

describe("spent rate limits", () => {
  let gh: GitHubDouble;
  let server: RunningServer;

  beforeAll(async () => {
    gh = await startGitHubDouble({ appId: 4245, publicKey: testKeys.publicKey });
    server = await startServer({ gheHost: gh.host, appId: 4245, env: { LOG_FORMAT: "json" } });
  });
  afterAll(async () => {
    await server?.stop();
    await gh?.close();
  });

  function openPr(owner: string) {
    const repo = gh.addRepo({ owner, name: "api", branches: { main: { "a.txt": "a\n" } } });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "A", files: { "a.txt": "b\n" } }],
    });
    return { repo, pr };
  }

  /** GitHub's headers for a spent limit that resets `inMs` from now (whole seconds, as GitHub sends). */
  function spent(resource: string, inMs: number) {
    const reset = Math.ceil((Date.now() + inMs) / 1000);
    return {
      reset,
      headers: {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(reset),
        "x-ratelimit-resource": resource,
      },
    };
  }

  it("GraphQL spent: the check fails with `rate limited until HH:MM UTC`, then the PR is re-evaluated by itself after the reset", async () => {
    const { repo, pr } = openPr("avail-d");
    const { headers } = spent("graphql", 1500);
    gh.failNext(
      { operationName: "CountersignSnapshot" },
      200,
      { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded for installation." }] },
      { headers },
    );
    const res = await sendWebhook(server.webhookUrl, {
      event: "pull_request",
      payload: payloadFor(gh, "pull_request", "opened", repo, pr.number),
      secret: WEBHOOK_SECRET,
    });
    expect(res.status).toBe(200);
    const failed = gh.appCheckRuns(repo, pr.headOid, "countersign")[0]!;
    expect(failed.conclusion).toBe("failure");
    expect(failed.output.title).toMatch(/^Could not evaluate/);
    expect(failed.output.summary).toMatch(/Could not evaluate: rate limited until \d\d:\d\d UTC/);
    // No further event: the timer re-evaluates after the reset and the same run turns green.
    const passed = await gh.waitFor(
      () =>
        gh.appCheckRuns(repo, pr.headOid, "countersign").find((r) => r.conclusion === "success"),
      { message: "re-evaluated after the reset" },
    );
    expect(gh.appCheckRuns(repo, pr.headOid, "countersign")).toHaveLength(1);
    expect(passed.output.title).not.toMatch(/Could not evaluate/);
  });

  it("REST spent: nothing can be written, so it is logged and counted, and the PR is judged after the reset", async () => {
    const { repo, pr } = openPr("avail-e");
    const { headers } = spent("core", 1500);
    const body = { message: "API rate limit exceeded for installation ID 41900." };
    // The verdict's write and the failure report's write both meet the spent limit.
    gh.failNext({ method: "POST", pathRegex: /\/check-runs$/ }, 403, body, { headers, times: 2 });
    await sendWebhook(server.webhookUrl, {
      event: "pull_request",
      payload: payloadFor(gh, "pull_request", "opened", repo, pr.number),
      secret: WEBHOOK_SECRET,
    });
    expect(gh.appCheckRuns(repo, pr.headOid, "countersign")).toHaveLength(0);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^countersign_github_rate_limit_spent_total\{resource="core"\} [1-9]/m);
    // One JSON object a line; the line names the evaluation it belongs to.
    const spentLines = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter(
        (l) => String(l["msg"]).includes("GitHub rate limit spent") && l["resource"] === "core",
      );
    expect(spentLines[0]).toMatchObject({
      evaluation: expect.stringMatching(/^\d+:avail-e\/api#1$/),
      resource: "core",
      reevaluates: true,
    });
    const run = await gh.waitFor(
      () => gh.appCheckRuns(repo, pr.headOid, "countersign").find((r) => r.status === "completed"),
      { message: "judged after the reset" },
    );
    expect(run.conclusion).toBe("success");
  });
});

describe("coalescing with SPEC's timing", () => {
  it("a push, a label and a review, each 700 ms after the one before, cost one evaluation and one check write", async () => {
    // SPEC §9's defaults: a 1 s quiet window, a 3 s cap.
    await withOwnServer(4246, { COUNTERSIGN_COALESCE_MS: "1000" }, async (gh, server) => {
      const { repo, pr } = onePull(gh, "avail-f");
      gh.pushCommit(pr, { message: "B", files: { "a.txt": "c\n" } });
      gh.addLabel(pr, "docs", "dave");
      gh.addReview(pr, { author: "erin", state: "APPROVED" });
      const deliveries = [
        ["pull_request", payloadFor(gh, "pull_request", "synchronize", repo, pr.number)],
        ["pull_request", payloadFor(gh, "pull_request", "labeled", repo, pr.number)],
        [
          "pull_request_review",
          payloadFor(gh, "pull_request_review", "submitted", repo, pr.number),
        ],
      ] as const;
      gh.clearRequests();
      const answers: Promise<{ status: number }>[] = [];
      for (const [i, [event, payload]] of deliveries.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, 700));
        answers.push(sendWebhook(server.webhookUrl, { event, payload, secret: WEBHOOK_SECRET }));
      }
      expect((await Promise.all(answers)).map((a) => a.status)).toEqual([200, 200, 200]);
      expect(gh.graphqlCalls("CountersignSnapshot")).toHaveLength(1);
      expect(gh.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
        "POST /api/v3/repos/avail-f/api/check-runs",
      ]);
      expect(gh.appCheckRuns(repo, pr.headOid, "countersign")[0]?.conclusion).toBe("success");
    });
  });
});

describe("what is not delayed (SPEC §9)", () => {
  it("a command is acknowledged without waiting for the window, and the burst pending before it joins its evaluation", async () => {
    // A 60 s window: a delivery that waited for it would outlive the test.
    await withOwnServer(4247, { COUNTERSIGN_COALESCE_MS: "60000" }, async (gh, server) => {
      const { repo, pr } = onePull(gh, "avail-g");
      gh.clearRequests();
      gh.addLabel(pr, "docs", "dave");
      const label = sendWebhook(server.webhookUrl, {
        event: "pull_request",
        payload: payloadFor(gh, "pull_request", "labeled", repo, pr.number),
        secret: WEBHOOK_SECRET,
      });
      await untilPending(server, "the label event is pending");
      const recheck = gh.addComment(pr, { author: "dave", body: "/countersign recheck" });
      const command = await sendWebhook(server.webhookUrl, {
        event: "issue_comment",
        payload: payloadFor(gh, "issue_comment", "created", repo, pr.number, {
          commentId: recheck,
        }),
        secret: WEBHOOK_SECRET,
      });
      expect(command.status).toBe(200);
      expect((await label).status).toBe(200);
      expect(gh.reactions(recheck).map((r) => `${r.content} ${r.user.login}`)).toEqual([
        "+1 countersign[bot]",
      ]);
      expect(gh.graphqlCalls("CountersignSnapshot")).toHaveLength(1);
      expect(gh.appCheckRuns(repo, pr.headOid, "countersign")).toHaveLength(1);

      // The author taking off the AI label someone put on is put back at once
      // (SPEC §3, §9), not when the 60 s window closes. (Another PR: an urgent
      // event still waits a window after its PR's previous evaluation began.)
      const other = gh.addPullRequest(repo, {
        author: "dave",
        commits: [{ message: "B", files: { "b.txt": "b\n" } }],
      });
      gh.addLabel(other, "ai-assisted", "erin");
      gh.removeLabel(other, "ai-assisted", "dave");
      const unlabeled = await sendWebhook(server.webhookUrl, {
        event: "pull_request",
        payload: payloadFor(gh, "pull_request", "unlabeled", repo, other.number),
        secret: WEBHOOK_SECRET,
      });
      expect(unlabeled.status).toBe(200);
      expect(gh.graphqlCalls("CountersignSnapshot")).toHaveLength(2);
      expect(gh.labels(other)).toContain("ai-assisted");
    });
  }, 30_000);
});

describe("urgent events cannot defeat coalescing (attack)", () => {
  // Through the real server both the scheduler's spacing (pinned exactly in
  // test/runtime/scheduler.test.ts) and Probot's throttle bound this attack.
  it("a command comment every 300 ms: each acknowledged, but no evaluation per command", async () => {
    await withOwnServer(4248, { COUNTERSIGN_COALESCE_MS: "1000" }, async (gh, server) => {
      const { repo, pr } = onePull(gh, "avail-h");
      gh.clearRequests();
      const comments: number[] = [];
      const answers: Promise<{ status: number }>[] = [];
      for (let i = 0; i < 8; i++) {
        const id = gh.addComment(pr, { author: "dave", body: "/countersign recheck" });
        comments.push(id);
        const payload = payloadFor(gh, "issue_comment", "created", repo, pr.number, {
          commentId: id,
        });
        answers.push(
          sendWebhook(server.webhookUrl, {
            event: "issue_comment",
            payload,
            secret: WEBHOOK_SECRET,
          }),
        );
        await new Promise((r) => setTimeout(r, 300));
      }
      // 202: answered before its acknowledgement was written (the throttle spaces writes).
      for (const a of await Promise.all(answers)) expect([200, 202]).toContain(a.status);
      for (const id of comments) {
        await gh.waitFor(() => gh.reactions(id).some((r) => r.content === "+1"), {
          timeoutMs: 20_000,
          message: `👍 on comment ${id}`,
        });
      }
      expect(gh.graphqlCalls("CountersignSnapshot").length).toBeLessThanOrEqual(4);
    });
  }, 40_000);
});

describe("shutdown", () => {
  let gh: GitHubDouble;

  beforeAll(async () => {
    gh = await startGitHubDouble({ appId: 4243, publicKey: testKeys.publicKey });
  });
  afterAll(async () => {
    await gh?.close();
  });

  it("on SIGTERM mid-evaluation: refuses new webhooks, /readyz 503, finishes the check, exits 0", async () => {
    const server = await startServer({ gheHost: gh.host, appId: 4243 });
    try {
      const { repo, pr } = onePull(gh, "avail-b");
      // The snapshot read is held for 1.5 s: the evaluation is in flight when the signal lands.
      const held = gh.delayNext({ operationName: "CountersignSnapshot" }, 1500);
      const delivery = sendWebhook(server.webhookUrl, {
        event: "pull_request",
        payload: payloadFor(gh, "pull_request", "opened", repo, pr.number),
        secret: WEBHOOK_SECRET,
      });
      await held;
      process.kill(server.pid, "SIGTERM");
      await poll(async () => (await fetch(`${server.url}/readyz`)).status === 503, "/readyz 503");
      const late = await sendWebhook(server.webhookUrl, {
        event: "pull_request",
        payload: payloadFor(gh, "pull_request", "synchronize", repo, pr.number),
        secret: WEBHOOK_SECRET,
      });
      expect(late.status).toBe(503);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await delivery).status).toBe(200);
      expect(await server.exited).toBe(0);
      const runs = gh.appCheckRuns(repo, pr.headOid, "countersign");
      expect(runs).toHaveLength(1);
      expect(runs[0]!.status).toBe("completed");
      expect(runs[0]!.conclusion).toBe("success");
    } finally {
      await server.stop();
    }
  });

  it("closes a pending coalescing window at once on SIGTERM instead of dropping it", async () => {
    // A 20 s window: without the flush the evaluation would never start before exit.
    const server = await startServer({
      gheHost: gh.host,
      appId: 4243,
      env: { COUNTERSIGN_COALESCE_MS: "20000" },
    });
    try {
      const { repo, pr } = onePull(gh, "avail-c");
      gh.clearRequests();
      const delivery = sendWebhook(server.webhookUrl, {
        event: "pull_request",
        payload: payloadFor(gh, "pull_request", "opened", repo, pr.number),
        secret: WEBHOOK_SECRET,
      });
      // The event waits in its window (queue depth 1), nothing evaluated yet.
      await untilPending(server, "the event is pending");
      expect(gh.graphqlCalls()).toHaveLength(0);
      process.kill(server.pid, "SIGTERM");
      expect((await delivery).status).toBe(200);
      expect(await server.exited).toBe(0);
      expect(gh.appCheckRuns(repo, pr.headOid, "countersign")[0]?.conclusion).toBe("success");
    } finally {
      await server.stop();
    }
  });
});

describe("readiness with Redis", () => {
  let gh: GitHubDouble;
  let redis: RunningRedis;
  let server: RunningServer;

  beforeAll(async () => {
    gh = await startGitHubDouble({ appId: 4244, publicKey: testKeys.publicKey });
    redis = await startRedis();
    server = await startServer({ gheHost: gh.host, appId: 4244, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.stop();
    await gh?.close();
  });

  it("answers /readyz 200 while Redis answers and 503 once it does not; /healthz stays 200", async () => {
    await poll(async () => (await fetch(`${server.url}/readyz`)).status === 200, "/readyz 200");
    await redis.stop();
    const res = await poll(async () => {
      const r = await fetch(`${server.url}/readyz`);
      return r.status === 503 ? r : null;
    }, "/readyz 503 with Redis down");
    expect(JSON.stringify(await res.json())).toMatch(/redis/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("METRICS_PORT", () => {
  it("serves /metrics on its own port, and not on the webhook port", async () => {
    const gh = await startGitHubDouble({ appId: 4247, publicKey: testKeys.publicKey });
    const metricsPort = await freePort();
    const server = await startServer({
      gheHost: gh.host,
      appId: 4247,
      env: { METRICS_PORT: String(metricsPort) },
    });
    try {
      const own = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(own.status).toBe(200);
      expect(await own.text()).toMatch(/^# TYPE countersign_evaluations_total counter$/m);
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
      await gh.close();
    }
  });
});
