/**
 * The pull requests the benchmark judges, built in the GitHub double:
 * "ordinary" (a small PR touching a critical service, one approval) and
 * "largest" (3,000 files, 300 commits, a CODEOWNERS of ~2.9 MB — past
 * GraphQL's 512,000-byte cut, under GitHub's 3 MB cap).
 */
import type { GitHubDouble, RepoModel } from "../test/support/github-double.js";

export const OWNER = "bench";
export const CONFIG = [
  "services:",
  "  - name: pay",
  '    paths: ["services/pay/**"]',
  "    tags: [critical]",
  "",
].join("\n");

export interface Scenario {
  repo: string;
  numbers: number[];
}

function team(gh: GitHubDouble, repo: string): void {
  gh.addTeam(OWNER, "pay", ["alice", "bob", "carol"]);
  for (const login of ["alice", "bob", "carol", "erin"]) gh.setPermission(repo, login, "write");
}

/** A repository whose critical `pay` service is owned by `@<owner>/pay`, with its design doc. */
export function payRepo(gh: GitHubDouble, owner: string, name: string): RepoModel {
  return gh.addRepo({
    owner,
    name,
    branches: {
      main: {
        ".github/countersign.yml": CONFIG,
        CODEOWNERS: `* @${owner}/core\n/services/pay/ @${owner}/pay\n`,
        "services/pay/api.ts": "export {};\n",
        "docs/design/pay-v2.md": "# Pay v2\n",
      },
    },
  });
}

/** Dave's small change to the pay service, linking its design doc, approved by `approvers`. */
export function refundPull(gh: GitHubDouble, repo: RepoModel, i: number, approvers: string[]) {
  return gh.addPullRequest(repo, {
    author: "dave",
    body: "Faster refunds.\n\nDesign-Doc: docs/design/pay-v2.md\n",
    commits: [
      {
        message: `Refund path ${i}`,
        files: { "services/pay/api.ts": `export const v = ${i};\n` },
      },
    ],
    reviews: approvers.map((author) => ({ author, state: "APPROVED" as const })),
  });
}

export function ordinary(gh: GitHubDouble, count: number): Scenario {
  const repo = payRepo(gh, OWNER, "ordinary");
  team(gh, repo.fullName);
  const numbers: number[] = [];
  for (let i = 0; i < count; i++) numbers.push(refundPull(gh, repo, i, ["alice"]).number);
  return { repo: repo.fullName, numbers };
}

/** ~2.9 MB: 38,000 lines of ~76 bytes. */
function hugeCodeowners(): string {
  const lines = ["# generated for the benchmark", "* @bench/core"];
  for (let i = 0; i < 38_000; i++)
    lines.push(`/services/svc-${i}/component-${i % 97}/generated/ @bench/team-${i % 50}`);
  lines.push("/services/pay/ @bench/pay");
  return `${lines.join("\n")}\n`;
}

export function largest(gh: GitHubDouble, count: number): Scenario {
  const repo = "bench/largest";
  gh.addRepo({
    owner: OWNER,
    name: "largest",
    branches: {
      main: {
        ".github/countersign.yml": CONFIG,
        CODEOWNERS: hugeCodeowners(),
        "docs/design/pay-v2.md": "# v2\n",
      },
    },
  });
  team(gh, repo);
  const numbers: number[] = [];
  for (let n = 0; n < count; n++) {
    const commits = Array.from({ length: 300 }, (_, i) => ({
      message: `Step ${i} of the migration\n\nMoves part ${i}.\n\nSigned-off-by: Dave <dave@bench.test>\n${i % 50 === 0 ? "Co-authored-by: Claude <noreply@anthropic.com>\n" : ""}`,
      files: { [`services/pay/part-${i}.ts`]: `export const p = ${i};\n` },
    }));
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      body: `Migration.\n\nDesign-Doc: docs/design/pay-v2.md\n\n${"Context. ".repeat(6000)}`,
      commits,
      files: Array.from({ length: 3000 }, (_, i) => ({
        path:
          i < 1000
            ? `services/pay/part-${i}.ts`
            : `services/svc-${i}/component-${i % 97}/generated/f.ts`,
        changeType: "MODIFIED" as const,
      })),
      reviews: [{ author: "alice", state: "APPROVED" }],
    });
    numbers.push(pr.number);
  }
  return { repo, numbers };
}
