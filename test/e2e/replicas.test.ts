/**
 * Two stateless replicas behind one (imaginary) load balancer, sharing Redis
 * (SPEC §9): a delivery is handled once, team memberships are cached for
 * both, and one PR is never evaluated by both at once.
 */
import { randomUUID } from "node:crypto";
import { type GitHubDouble, startGitHubDouble } from "../support/github-double.js";
import { type RunningRedis, startRedis } from "../support/redis.js";
import { type RunningServer, startServer, testKeys, WEBHOOK_SECRET } from "../support/server.js";
import { payloadFor, sendWebhook } from "../support/webhooks.js";

let gh: GitHubDouble;
let redis: RunningRedis;
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  redis = await startRedis();
  gh = await startGitHubDouble({ appId: 4242, publicKey: testKeys.publicKey });
  [a, b] = await Promise.all([
    startServer({ gheHost: gh.host, env: { REDIS_URL: redis.url } }),
    startServer({ gheHost: gh.host, env: { REDIS_URL: redis.url } }),
  ]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await gh?.close();
  await redis?.stop();
});

function criticalRepo(owner: string) {
  const repo = gh.addRepo({
    owner,
    name: "api",
    branches: {
      main: {
        ".github/countersign.yml":
          'services:\n  - name: pay\n    paths: ["services/pay/**"]\n    tags: [critical]\n',
        CODEOWNERS: "/services/pay/ @" + owner + "/pay\n",
        "services/pay/api.ts": "export {};\n",
      },
    },
  });
  gh.addTeam(owner, "pay", ["alice", "bob"]);
  for (const login of ["alice", "bob"]) gh.setPermission(repo, login, "write");
  return repo;
}

function openPr(repo: ReturnType<typeof criticalRepo>, n: number) {
  return gh.addPullRequest(repo, {
    author: "dave",
    commits: [
      { message: `Change ${n}`, files: { "services/pay/api.ts": `export const n = ${n};\n` } },
    ],
  });
}

const send = (server: RunningServer, payload: unknown, deliveryId?: string) =>
  sendWebhook(server.webhookUrl, {
    event: "pull_request",
    payload,
    secret: WEBHOOK_SECRET,
    ...(deliveryId ? { deliveryId } : {}),
  });

describe("replicas sharing Redis", () => {
  it("handles a delivery once, whichever replicas receive it", async () => {
    const repo = criticalRepo("rep-a");
    const pr = openPr(repo, 1);
    const payload = payloadFor(gh, "pull_request", "opened", repo, pr.number);
    gh.clearRequests();
    const id = randomUUID();
    const answers = await Promise.all([send(a, payload, id), send(b, payload, id)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(gh.graphqlCalls("CountersignSnapshot")).toHaveLength(1);
    expect(gh.appCheckRuns(repo, pr.headOid)).toHaveLength(1);
  });

  it("shares team memberships: the second replica asks GitHub for no team", async () => {
    const repo = criticalRepo("rep-b");
    const first = openPr(repo, 1);
    const second = openPr(repo, 2);
    gh.clearRequests();
    await send(a, payloadFor(gh, "pull_request", "opened", repo, first.number));
    expect(gh.restCalls("GET", /\/teams\/pay\/members/)).toHaveLength(1);
    gh.clearRequests();
    await send(b, payloadFor(gh, "pull_request", "opened", repo, second.number));
    expect(gh.restCalls("GET", /\/teams\/pay\/members/)).toHaveLength(0);
    expect(gh.appCheckRuns(repo, second.headOid)[0]!.output.title).toContain("2 more approvals");
  });

  it("never evaluates one PR on both replicas at once", async () => {
    const repo = criticalRepo("rep-c");
    const pr = openPr(repo, 1);
    await send(a, payloadFor(gh, "pull_request", "opened", repo, pr.number));
    gh.addReview(pr, { author: "alice", state: "APPROVED" });
    gh.clearRequests();
    await Promise.all([
      send(a, payloadFor(gh, "pull_request", "edited", repo, pr.number)),
      send(b, payloadFor(gh, "pull_request", "ready_for_review", repo, pr.number)),
    ]);
    // Each evaluation reads, then writes under the head's lock. One that read
    // before the other wrote reads again under the lock: every write follows
    // a read made after the previous write, never a stale one.
    const sequence = gh
      .apiCalls()
      .filter((r) => r.operationName === "CountersignSnapshot" || r.method === "PATCH")
      .map((r) => (r.method === "PATCH" ? "write" : "read"));
    const writes = sequence.flatMap((s, i) => (s === "write" ? [i] : []));
    expect(writes).toHaveLength(2);
    expect(sequence.slice(writes[0]! + 1, writes[1]!)).toContain("read");
    expect(sequence[0]).toBe("read");
    expect(gh.appCheckRuns(repo, pr.headOid)[0]!.output.title).toContain("1 more approval");
  });
});
