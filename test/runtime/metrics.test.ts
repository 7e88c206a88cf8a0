/**
 * /metrics content (SPEC §1): Node's default process metrics, GitHub calls by
 * kind and status, rate limits, webhooks by event and outcome, Redis errors.
 * GitHub is a small server on 127.0.0.1 answering what each case needs.
 */
import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Octokit } from "@octokit/rest";
import type { GitHubClient } from "../../src/github/client.js";
import { Metrics } from "../../src/runtime/metrics.js";

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? "";
    if (url.startsWith("/repos/a/b/pulls/404")) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not Found"}');
    } else if (url.startsWith("/rate/primary")) {
      res
        .writeHead(403, {
          "content-type": "application/json",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": "9999999999",
        })
        .end('{"message":"API rate limit exceeded"}');
    } else if (url.startsWith("/rate/secondary")) {
      res
        .writeHead(403, { "content-type": "application/json", "retry-after": "60" })
        .end('{"message":"You have exceeded a secondary rate limit"}');
    } else if (req.method === "POST" && url === "/graphql") {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end('{"data":{"viewer":{"login":"x"}}}');
    } else {
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const value = async (m: Metrics, name: string, labels: Record<string, string> = {}) => {
  const metric = (await m.registry.getMetricsAsJSON()).find((x) => x.name === name);
  const match = (metric?.values ?? []).find((v) =>
    Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
  );
  return match?.value ?? 0;
};

describe("Metrics", () => {
  it("serves Node's default process metrics from the app's registry", async () => {
    const text = await new Metrics().registry.metrics();
    for (const name of [
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
      "countersign_webhooks_received_total",
      "countersign_redis_errors_total",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it("counts GitHub calls by kind and status, rate limits by kind, and unanswered calls as network", async () => {
    const m = new Metrics();
    const gh = new Octokit({
      baseUrl: base,
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    m.instrument(gh as unknown as GitHubClient);
    m.instrument(gh as unknown as GitHubClient); // once per client, whatever the calls
    await gh.request("GET /repos/{owner}/{repo}", { owner: "a", repo: "b" });
    await gh.graphql("{ viewer { login } }");
    await gh.request("POST /repos/a/b/check-runs", { name: "countersign", head_sha: "0" });
    await expect(gh.request("GET /repos/a/b/pulls/404")).rejects.toThrow();
    await expect(gh.request("GET /rate/primary")).rejects.toThrow();
    await expect(gh.request("GET /rate/secondary")).rejects.toThrow();
    const closed = new Octokit({ baseUrl: "http://127.0.0.1:9", log: gh.log });
    m.instrument(closed as unknown as GitHubClient);
    await expect(closed.request("GET /x")).rejects.toThrow();

    const req = (kind: string, status: string) =>
      value(m, "countersign_github_requests_total", { kind, status });
    expect(await req("rest-read", "200")).toBe(1);
    expect(await req("graphql", "200")).toBe(1);
    expect(await req("rest-write", "200")).toBe(1);
    expect(await req("rest-read", "404")).toBe(1);
    expect(await req("rest-read", "403")).toBe(2);
    expect(await req("rest-read", "network")).toBe(1);
    expect(await value(m, "countersign_github_api_calls_total", { kind: "rest-read" })).toBe(5);
    expect(await value(m, "countersign_github_errors_total", { status: "network" })).toBe(1);
    expect(await value(m, "countersign_github_rate_limited_total", { kind: "primary" })).toBe(1);
    expect(await value(m, "countersign_github_rate_limited_total", { kind: "secondary" })).toBe(1);
  });

  it("counts rate-limit waits and their seconds", async () => {
    const m = new Metrics();
    m.rateLimitWait("secondary", 60);
    m.rateLimitWait("secondary", 2.5);
    m.rateLimitWait("primary", Number.NaN);
    expect(await value(m, "countersign_github_rate_limit_waits_total", { kind: "secondary" })).toBe(
      2,
    );
    expect(
      await value(m, "countersign_github_rate_limit_wait_seconds_total", { kind: "secondary" }),
    ).toBe(62.5);
    expect(await value(m, "countersign_github_rate_limit_waits_total", { kind: "primary" })).toBe(
      1,
    );
    expect(
      await value(m, "countersign_github_rate_limit_wait_seconds_total", { kind: "primary" }),
    ).toBe(0);
  });

  it("counts webhooks by event and outcome, rethrowing a handler's error", async () => {
    const m = new Metrics();
    await m.countWebhook("pull_request.opened", async () => "handled");
    await m.countWebhook("pull_request.opened", async () => undefined);
    await m.countWebhook("pull_request.opened", async () => "duplicate");
    await expect(
      m.countWebhook("push", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const w = (event: string, outcome: string) =>
      value(m, "countersign_webhooks_received_total", { event, outcome });
    expect(await w("pull_request.opened", "handled")).toBe(2);
    expect(await w("pull_request.opened", "duplicate")).toBe(1);
    expect(await w("push", "error")).toBe(1);
    expect(await m.registry.metrics()).toContain(
      'countersign_webhooks_received_total{event="push",outcome="error"} 1',
    );
  });

  it("counts every Redis error and logs them as structured lines, not once per reconnect", async () => {
    const m = new Metrics();
    const redis = new EventEmitter();
    const logged: { obj: Record<string, unknown>; msg: string }[] = [];
    m.observeRedis(
      redis,
      { error: (obj, msg) => logged.push({ obj: obj as Record<string, unknown>, msg }) },
      60_000,
    );
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), {
      code: "ECONNREFUSED",
    });
    for (let i = 0; i < 5; i++) redis.emit("error", refused);
    expect(await value(m, "countersign_redis_errors_total")).toBe(5);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.msg).toBe("Redis error: connect ECONNREFUSED 127.0.0.1:6379");
    expect(logged[0]?.obj).toMatchObject({ err: refused, code: "ECONNREFUSED", suppressed: 0 });
  });
});
