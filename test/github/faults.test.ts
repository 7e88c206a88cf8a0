/**
 * GitHub faults (SPEC §10) through the real Octokit client Probot builds for
 * an installation (`CountersignOctokit`, throttle and retry plugins on), with
 * nock 14 intercepting its fetch. Waits for `retry-after` go through an
 * injected sleep, so no test waits a minute or asserts wall-clock time.
 */
import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot } from "probot";
import {
  CountersignOctokit,
  classify,
  handleGitHubFaults,
  RateLimitedError,
  rateLimitKind,
  utcClock,
} from "../../src/github/faults.js";
import { runInEvaluationScope } from "../../src/github/rate-limit-scope.js";

const ORIGIN = "http://127.0.0.1:4010";
const BASE = `${ORIGIN}/api/v3`;
const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();

// Each test its own installation: Probot's throttle keys its queues by installation.
let nextInstallation = 100;

async function client(opts: { now?: () => number } = {}) {
  const installation = nextInstallation++;
  const probot = new Probot({
    appId: 1,
    privateKey,
    baseUrl: BASE,
    logLevel: "silent" as "fatal",
    Octokit: CountersignOctokit,
  });
  nock(ORIGIN)
    .post(`/api/v3/app/installations/${installation}/access_tokens`)
    .reply(201, { token: `ghs_${installation}`, expires_at: "2099-01-01T00:00:00Z" });
  const gh = await probot.auth(installation);
  const waits: number[] = [];
  const limited: { resource: string; resetAt: number; reevaluates: boolean }[] = [];
  handleGitHubFaults(gh, {
    sleep: async (ms) => {
      waits.push(ms);
    },
    onRateLimited: ({ resource, resetAt, reevaluates }) =>
      limited.push({ resource, resetAt, reevaluates }),
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { gh, waits, limited };
}

const getRepo = (gh: Awaited<ReturnType<typeof client>>["gh"]) =>
  gh.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "api" });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe("secondary rate limits are waited out and retried", () => {
  it("waits retry-after on a 403, then retries once", async () => {
    const { gh, waits } = await client();
    nock(ORIGIN)
      .get("/api/v3/repos/acme/api")
      .reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "1" })
      .get("/api/v3/repos/acme/api")
      .reply(200, { full_name: "acme/api" });
    const res = await getRepo(gh);
    expect(res.data).toEqual({ full_name: "acme/api" });
    expect(waits).toEqual([1000]);
  });

  it("honours a 429's retry-after on a write, and Octokit's retry plugin does not retry it again", async () => {
    const { gh, waits } = await client();
    nock(ORIGIN)
      .post("/api/v3/repos/acme/api/check-runs")
      .reply(429, { message: "Too many requests" }, { "retry-after": "2" })
      .post("/api/v3/repos/acme/api/check-runs")
      .reply(201, { id: 7 });
    const res = await gh.rest.checks.create({
      owner: "acme",
      repo: "api",
      name: "countersign",
      head_sha: "a".repeat(40),
    });
    expect(res.data).toEqual({ id: 7 });
    expect(waits).toEqual([2000]);
  });

  it("waits a minute on GitHub's secondary-limit message without retry-after", async () => {
    const { gh, waits } = await client();
    nock(ORIGIN)
      .get("/api/v3/repos/acme/api")
      .reply(403, {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      })
      .get("/api/v3/repos/acme/api")
      .reply(200, {});
    await getRepo(gh);
    expect(waits).toEqual([60_000]);
  });

  it("gives up after 3 retries: the call fails as rate limited and the evaluation asks to run again", async () => {
    const now = Date.UTC(2026, 0, 1, 10, 0, 0);
    const { gh, waits, limited } = await client({ now: () => now });
    nock(ORIGIN)
      .get("/api/v3/repos/acme/api")
      .times(4)
      .reply(403, { message: "secondary rate limit" }, { "retry-after": "5" });
    const outcome = await runInEvaluationScope(() => getRepo(gh));
    expect(outcome.ok).toBe(false);
    expect(waits).toEqual([5000, 5000, 5000]);
    expect(limited).toEqual([{ resource: "secondary", resetAt: now + 5000, reevaluates: true }]);
    expect(outcome.rateLimitedUntil).toBe(now + 6000);
  });

  it("does not wait more than 60 s: a longer retry-after fails at once and re-evaluates later", async () => {
    const now = Date.UTC(2026, 0, 1, 10, 0, 0);
    const { gh, waits } = await client({ now: () => now });
    nock(ORIGIN)
      .get("/api/v3/repos/acme/api")
      .reply(403, { message: "secondary rate limit" }, { "retry-after": "120" });
    const outcome = await runInEvaluationScope(() => getRepo(gh));
    expect(waits).toEqual([]);
    expect(outcome.ok || (outcome.error as Error).message).toBe(
      "Could not evaluate: rate limited until 10:02 UTC. GitHub's secondary rate limit for this installation is spent; Countersign evaluates this pull request again by itself after the reset.",
    );
  });
});

describe("an exhausted primary limit is not waited for", () => {
  it("REST: fails at once with the reset time, counts it, and asks for a re-evaluation after the reset", async () => {
    const { gh, waits, limited } = await client();
    const reset = Math.floor(Date.UTC(2026, 0, 1, 14, 4, 30) / 1000);
    nock(ORIGIN)
      .post("/api/v3/repos/acme/api/check-runs")
      .reply(
        403,
        { message: "API rate limit exceeded for installation ID 1." },
        {
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(reset),
          "x-ratelimit-resource": "core",
          "x-github-request-id": "ABCD:1234",
        },
      );
    const outcome = await runInEvaluationScope(() =>
      gh.rest.checks.create({
        owner: "acme",
        repo: "api",
        name: "countersign",
        head_sha: "b".repeat(40),
      }),
    );
    expect(outcome.ok).toBe(false);
    const err = (outcome as { error: unknown }).error as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.resource).toBe("core");
    expect(err.message).toMatch(
      /^Could not evaluate: rate limited until 14:05 UTC\. GitHub's REST rate limit/,
    );
    expect(err.response?.headers["x-github-request-id"]).toBe("ABCD:1234");
    expect(waits).toEqual([]);
    expect(limited).toEqual([{ resource: "core", resetAt: reset * 1000, reevaluates: true }]);
    expect(outcome.rateLimitedUntil).toBe(reset * 1000 + 1000);
  });

  it("GraphQL: RATE_LIMITED fails the query with `Could not evaluate: rate limited until HH:MM UTC`", async () => {
    const { gh, waits } = await client();
    // An hour ahead: had the throttle waited for the reset, this test would time out.
    const reset = Math.floor(Date.now() / 1000) + 3600;
    nock(ORIGIN)
      .post("/api/graphql")
      .reply(
        200,
        { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] },
        {
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(reset),
          "x-ratelimit-resource": "graphql",
        },
      );
    await expect(gh.graphql("query { viewer { login } }")).rejects.toThrow(
      `Could not evaluate: rate limited until ${utcClock(reset * 1000)} UTC. GitHub's GraphQL rate limit`,
    );
    expect(waits).toEqual([]);
  });

  it("outside an evaluation it still fails fast, and says nothing will re-run it", async () => {
    const { gh, limited } = await client();
    nock(ORIGIN)
      .get("/api/v3/repos/acme/api")
      .reply(
        403,
        { message: "API rate limit exceeded" },
        { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1" },
      );
    await expect(getRepo(gh)).rejects.toBeInstanceOf(RateLimitedError);
    expect(limited[0]?.reevaluates).toBe(false);
  });
});

describe("other faults", () => {
  it("retries a 502 (Octokit's retry plugin, kept)", async () => {
    const { gh } = await client();
    nock(ORIGIN)
      .get("/api/v3/repos/acme/api")
      .reply(502, { message: "Bad gateway" })
      .get("/api/v3/repos/acme/api")
      .reply(200, { ok: true });
    expect((await getRepo(gh)).data).toEqual({ ok: true });
  });

  it("retries GraphQL's transient `Something went wrong while executing your query`", async () => {
    const { gh } = await client();
    nock(ORIGIN)
      .post("/api/graphql")
      .reply(200, {
        data: null,
        errors: [{ message: "Something went wrong while executing your query. Please try again." }],
      })
      .post("/api/graphql")
      .reply(200, { data: { viewer: { login: "countersign[bot]" } } });
    expect(await gh.graphql("query { viewer { login } }")).toEqual({
      viewer: { login: "countersign[bot]" },
    });
  });

  it("passes a 404 through untouched, once", async () => {
    const { gh, waits } = await client();
    nock(ORIGIN).get("/api/v3/repos/acme/api").reply(404, { message: "Not Found" });
    await expect(getRepo(gh)).rejects.toMatchObject({ status: 404 });
    expect(waits).toEqual([]);
  });
});

describe("classify", () => {
  const err = (status: number, headers: Record<string, string>, message = "") => ({
    status,
    message,
    response: { headers, data: { message } },
  });

  it("reads retry-after first, then the secondary message, then a spent limit", () => {
    expect(classify(err(429, { "retry-after": "3" }), "/x", 0)).toEqual({
      kind: "secondary",
      waitMs: 3000,
    });
    expect(
      classify(
        err(
          403,
          { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "100" },
          "secondary rate limit",
        ),
        "/x",
        40_000,
      ),
    ).toEqual({ kind: "secondary", waitMs: 60_000 });
    expect(
      classify(
        err(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "100" }),
        "/graphql",
        0,
      ),
    ).toEqual({
      kind: "exhausted",
      resource: "graphql",
      resetAt: 100_000,
    });
    expect(
      classify(err(403, { "x-ratelimit-remaining": "12" }, "Resource not accessible"), "/x", 0),
    ).toEqual({
      kind: "other",
    });
  });

  it("is the one classification the metrics count by, as GitHub's docs tell the limits apart", () => {
    expect(rateLimitKind(err(403, { "x-ratelimit-remaining": "0" }), "/x")).toBe("primary");
    expect(
      rateLimitKind(err(403, { "retry-after": "30", "x-ratelimit-remaining": "12" }), "/x"),
    ).toBe("secondary");
    expect(rateLimitKind(err(429, {}), "/x")).toBe("secondary");
    expect(rateLimitKind(err(403, { "x-ratelimit-remaining": "12" }), "/x")).toBeNull(); // a permission error
    expect(rateLimitKind(err(500, { "retry-after": "1" }), "/x")).toBeNull();
  });

  it("words the reset as HH:MM UTC, rounded up so it is never early", () => {
    expect(utcClock(Date.UTC(2026, 0, 1, 14, 4, 1))).toBe("14:05");
    expect(utcClock(Date.UTC(2026, 0, 1, 14, 5, 0))).toBe("14:05");
    expect(utcClock(Date.UTC(2026, 0, 1, 23, 59, 30))).toBe("00:00");
  });
});
