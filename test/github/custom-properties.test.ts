/**
 * The repository's custom properties decide whether the whole repository is
 * one critical service (SPEC §2): from the payload when it carries them,
 * else through REST, so the verdict never depends on the event's kind.
 */
import { ProbotOctokit } from "probot";
import type { GitHubClient } from "../../src/github/client.js";
import { MemoryTeamStore } from "../../src/github/team-cache.js";
import { payloadProperties } from "../../src/handlers/payload.js";
import { judgePull } from "../../src/pipeline/judge.js";
import { type GitHubDouble, startGitHubDouble } from "../support/github-double.js";
import { evaluated } from "../support/snapshot-builder.js";

let gh: GitHubDouble;
beforeAll(async () => {
  gh = await startGitHubDouble({ appId: 4242 });
});
afterAll(() => gh.close());

function criticalRepo(owner: string) {
  const repo = gh.addRepo({
    owner,
    name: "ledger",
    ownerType: "Organization",
    customProperties: { criticality: "critical" },
    branches: { main: { "src/a.ts": "export {};\n" } },
  });
  const pr = gh.addPullRequest(repo, {
    author: "dave",
    commits: [{ message: "Touch", files: { "src/a.ts": "export const a = 1;\n" } }],
  });
  const client = new ProbotOctokit({
    auth: { token: gh.issueToken(gh.installationFor(owner)).token },
    baseUrl: `${gh.url}/api/v3`,
    throttle: { enabled: false },
    retry: { enabled: false },
  }) as unknown as GitHubClient;
  return { pr, client };
}

const deps = (client: GitHubClient) => ({
  gh: client,
  installationId: 1,
  teams: new MemoryTeamStore(),
});

describe("custom properties", () => {
  it("reads them through REST when the event carried none, and judges the whole repository critical", async () => {
    const { pr, client } = criticalRepo("props-a");
    gh.clearRequests();
    const { decision } = await judgePull(deps(client), {
      owner: "props-a",
      repo: "ledger",
      number: pr.number,
      appId: 4242,
      bodyHint: "",
      customProperties: undefined,
    });
    expect(gh.restCalls("GET", /\/properties\/values$/)).toHaveLength(1);
    const critical = evaluated(decision).rules.find((r) => r.name === "critical-services")!;
    expect(critical.applies).toBe(true);
    expect(critical.because.join(" ")).toMatch(/ledger/);
  });

  it("costs no call when the payload carries them", async () => {
    const { pr, client } = criticalRepo("props-b");
    gh.clearRequests();
    const { decision } = await judgePull(deps(client), {
      owner: "props-b",
      repo: "ledger",
      number: pr.number,
      appId: 4242,
      bodyHint: "",
      customProperties: { criticality: "critical" },
    });
    expect(gh.restCalls("GET", /\/properties\/values$/)).toHaveLength(0);
    expect(evaluated(decision).rules.find((r) => r.name === "critical-services")!.applies).toBe(
      true,
    );
  });

  it("asks only for an organisation's repository that arrived without them", () => {
    const repo = (
      owner: { login: string; type?: string },
      custom_properties?: Record<string, string>,
    ) => ({
      repository: { name: "r", owner, ...(custom_properties ? { custom_properties } : {}) },
    });
    expect(payloadProperties(repo({ login: "acme", type: "Organization" }))).toBeUndefined();
    expect(payloadProperties(repo({ login: "dave", type: "User" }))).toBeNull();
    expect(payloadProperties(repo({ login: "acme", type: "Organization" }, { tier: "1" }))).toEqual(
      { tier: "1" },
    );
  });
});
