/**
 * The policy file cannot be used against the check (issue #8, SPEC §2),
 * through the real server and the GitHub double: a PR's own
 * `.github/countersign.yml` whose `_extends` reaches another owner's
 * repository, or a same-owner file that is not configuration, fails as
 * `Invalid configuration` without printing a byte of what it reached; chains
 * stop at a cycle and at 5 hops; a binary or over-512,000-byte policy file is
 * invalid, never absent.
 *
 * Each test has its own owner (one installation each: Probot spaces writes
 * of one installation a second apart).
 */
import type { GitHubDouble, RepoModel } from "../support/github-double.js";
import { startGitHubDouble } from "../support/github-double.js";
import { type RunningServer, startServer, testKeys, WEBHOOK_SECRET } from "../support/server.js";
import { payloadFor, sendWebhook } from "../support/webhooks.js";

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

const CONFIG = ".github/countersign.yml";

/** A PR on `owner/api` whose one commit writes `files` (its own policy file among them); the finished check. */
async function checkOf(
  owner: string,
  files: Record<string, string>,
  base: Record<string, string> = {},
) {
  const repo: RepoModel = gh.addRepo({
    owner,
    name: "api",
    branches: { main: { "README.md": "hi\n", ...base } },
  });
  const pr = gh.addPullRequest(repo, {
    author: "dave",
    commits: [{ message: "Change the policy", files }],
  });
  const res = await sendWebhook(server.webhookUrl, {
    event: "pull_request",
    payload: payloadFor(gh, "pull_request", "opened", repo, pr.number),
    secret: WEBHOOK_SECRET,
  });
  expect(res.status).toBe(200);
  const run = await gh.waitFor(() =>
    gh.appCheckRuns(repo, pr.headOid).find((r) => r.status === "completed"),
  );
  const shown = visible([run.output.title, run.output.summary, run.output.text].join("\n"));
  return { run, shown };
}

/** Markdown as GitHub shows it: backslash escapes, entities and the mention-breaking ZWJ gone. */
function visible(markdown: string): string {
  return markdown
    .replace(/\\([\\`*_[\]~|!])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replaceAll("\u200D", "");
}

/** Secret-looking values and key names, none of which may reach the check. */
const SECRETS = [
  "ghp_R3alLookingT0kenValue0000000000000",
  "AKIAIOSFODNN7EXAMPLE",
  "db_master_password",
  "hunter2-prod",
  "stripe_live_key",
];
const SECRET_FILE = `${SECRETS[0]}\n`;
const UNKNOWN_KEYS = `${SECRETS[2]}: ${SECRETS[3]}\nai:\n  ${SECRETS[4]}: ${SECRETS[1]}\nmode: ${SECRETS[3]}\n`;

function expectNoSecrets(shown: string): void {
  for (const secret of SECRETS) expect(shown).not.toContain(secret);
  expect(shown).not.toMatch(/ghp_|AKIA|password|hunter2|stripe/i);
}

describe("_extends in a PR's own policy file", () => {
  it("refuses repositories of another owner (public, so readable) without printing them", async () => {
    gh.addRepo({
      owner: "ci-rival",
      name: "secrets",
      isPrivate: false,
      branches: { main: { "token.yml": SECRET_FILE, "keys.yml": UNKNOWN_KEYS } },
    });
    const own = `mode: enforce\n_extends: ci-rival/secrets:token.yml\n`;
    const first = await checkOf("ci-a", { [CONFIG]: own });
    expect(first.run.conclusion).toBe("failure");
    expect(first.run.output.title).toBe("Invalid configuration");
    expect(first.shown).toContain("names a repository of another owner");
    expectNoSecrets(first.shown);

    const second = await checkOf("ci-b", {
      [CONFIG]: "_extends: ci-rival/secrets:keys.yml\n",
    });
    expect(second.run.conclusion).toBe("failure");
    expect(second.run.output.title).toBe("Invalid configuration");
    expect(second.shown).toContain("names a repository of another owner");
    expectNoSecrets(second.shown);
  });

  it("reads a same-owner file but prints only its name, lines and the schema's key paths", async () => {
    gh.addRepo({
      owner: "ci-c",
      name: "vault",
      branches: { main: { "token.yml": SECRET_FILE, "keys.yml": UNKNOWN_KEYS } },
    });
    const token = await checkOf("ci-c", { [CONFIG]: "_extends: vault:token.yml\n" });
    expect(token.run.conclusion).toBe("failure");
    expect(token.run.output.title).toBe("Invalid configuration");
    expect(token.shown).toContain("ci-c/vault:token.yml");
    expect(token.shown).toContain("the file must be a map of keys");
    expectNoSecrets(token.shown);
    expect(gh.graphqlCalls("CountersignExtendedFile")).not.toHaveLength(0);
  });

  it("lists unknown keys of a same-owner file as 'unknown key at line N'", async () => {
    gh.addRepo({ owner: "ci-d", name: "vault", branches: { main: { "keys.yml": UNKNOWN_KEYS } } });
    const { run, shown } = await checkOf("ci-d", { [CONFIG]: "_extends: vault:keys.yml\n" });
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Invalid configuration");
    // A top-level key's path is the file itself: no key cell, never "(YAML syntax)".
    expect(shown).toContain("| — | 1 | unknown key at line 1 |");
    expect(shown).toContain("| `ai` | 3 | unknown key at line 3 |");
    expect(shown).toContain("expected enforce or report");
    expectNoSecrets(shown);
  });

  it("stops at a cycle", async () => {
    gh.addRepo({ owner: "ci-e", name: "p1", branches: { main: { [CONFIG]: "_extends: p2\n" } } });
    gh.addRepo({ owner: "ci-e", name: "p2", branches: { main: { [CONFIG]: "_extends: p1\n" } } });
    const { run, shown } = await checkOf("ci-e", { [CONFIG]: "_extends: p1\n" });
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Invalid configuration");
    expect(shown).toContain("leads back to ci-e/p1:.github/countersign.yml: a cycle");
    expect(gh.graphqlCalls("CountersignExtendedFile").length).toBeGreaterThanOrEqual(2);
  });

  it("follows 5 hops and refuses a sixth", async () => {
    for (let n = 1; n <= 6; n++) {
      gh.addRepo({
        owner: "ci-f",
        name: `p${n}`,
        branches: { main: { [CONFIG]: `_extends: p${n + 1}\nmode: report\n` } },
      });
    }
    gh.clearRequests();
    const { run, shown } = await checkOf("ci-f", { [CONFIG]: "_extends: p1\n" });
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Invalid configuration");
    expect(shown).toContain("would be hop 6: Countersign follows at most 5");
    expect(gh.graphqlCalls("CountersignExtendedFile")).toHaveLength(5);
  });
});

describe("a policy file GitHub gives no whole text for", () => {
  it("a PR replacing the policy file with a binary one fails, naming the file", async () => {
    const { run, shown } = await checkOf(
      "ci-g",
      { [CONFIG]: "\u0000\u0001binary" },
      { [CONFIG]: "mode: enforce\n" },
    );
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Invalid configuration");
    expect(shown).toContain(CONFIG);
    expect(shown).toContain("is not text");
  });

  it("a policy file over 512,000 bytes fails, never read truncated", async () => {
    const big = `mode: report\n${"# padding\n".repeat(52_000)}`;
    const { run, shown } = await checkOf("ci-h", { [CONFIG]: big });
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Invalid configuration");
    expect(shown).toContain(CONFIG);
    expect(shown).toContain("larger than 512,000 bytes");
  });
});
