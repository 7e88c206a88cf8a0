/**
 * CPU time of AI detection for the largest ordinary PR (SPEC §9): 250
 * commits with realistic trailers and a 64 KB PR body. Target: under 5 ms.
 */
import { detectEvidence } from "../src/ai/detect.js";
import { defaultConfig } from "../src/model/config-schema.js";
import type { CommitInfo, GitIdentity } from "../src/model/snapshot.js";

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const ALICE: GitIdentity = { name: "Alice Smith", email: "alice@example.com", login: "alice" };
const COPILOT: GitIdentity = {
  name: "Copilot",
  email: "198982749+Copilot@users.noreply.github.com",
  login: null,
};
const WEB: GitIdentity = { name: "GitHub", email: "noreply@github.com", login: "web-flow" };

const MESSAGES: [string, GitIdentity, GitIdentity][] = [
  [
    "Add retries to the uploader\n\nThe uploader now retries 5xx answers with backoff.\n\nSigned-off-by: Alice Smith <alice@example.com>\nReviewed-by: Bob Jones <bob@example.com>\n",
    ALICE,
    ALICE,
  ],
  [
    "Add rate limiter\n\n- token bucket per client\n- tests\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
    ALICE,
    ALICE,
  ],
  [
    "Fix flaky clock test\n\nAgent-Logs-Url: https://github.com/acme/api/sessions/3f1c2a9e-8d7b-4c2e-9a11-5b6c7d8e9f00\nCo-authored-by: alice <12345+alice@users.noreply.github.com>\n",
    COPILOT,
    WEB,
  ],
  [
    "Apply suggestions from code review\n\nCo-authored-by: Bob Jones <1234567+bobj@users.noreply.github.com>\n",
    ALICE,
    WEB,
  ],
  [
    "Refactor parser\n\nSplit the tokenizer out of the parser so both can be tested alone.\n",
    ALICE,
    ALICE,
  ],
];

function commits(n: number): CommitInfo[] {
  return Array.from({ length: n }, (_, i) => {
    const [message, author, committer] = MESSAGES[i % MESSAGES.length]!;
    return {
      oid: i.toString(16).padStart(40, "0"),
      message,
      author,
      committer,
      authors: [author],
      parents: [(i + 1).toString(16).padStart(40, "0")],
      committedViaWeb: committer === WEB,
    };
  });
}

/** Markdown prose with code and links, no marker until the very end (the worst case for scanning). */
function body(bytes: number): string {
  const para =
    "## Changes\n\nThis PR reworks the `billing` export so that large accounts no longer time out. " +
    "See https://github.com/acme/api/issues/1234 and the design doc in docs/design/export.md.\n\n" +
    "```ts\nconst rows = await exporter.run({ account, since, until });\n```\n\n- [x] tests\n- [ ] docs\n\n";
  let text = "";
  while (text.length < bytes - 80) text += para;
  return `${text}\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(run: () => void, runs = 41): { cpu: number; wall: number } {
  for (let i = 0; i < 5; i++) run();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

export function benchAi(): BenchRow[] {
  const ai = defaultConfig().ai;
  const list = commits(250);
  const text = body(64 * 1024);
  const full = measure(() =>
    detectEvidence({ author: { login: "alice", type: "User" }, body: text }, list, ai),
  );
  const bodyOnly = measure(() => detectEvidence({ author: null, body: text }, [], ai));
  const commitsOnly = measure(() => detectEvidence({ author: null, body: "" }, list, ai));
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return [
    {
      name: "ai detect: 250 commits + 64 KB body, CPU (median)",
      value: round(full.cpu),
      unit: "ms",
      target: "< 5 ms",
    },
    {
      name: "ai detect: 250 commits + 64 KB body, wall (median)",
      value: round(full.wall),
      unit: "ms",
    },
    { name: "ai detect: 64 KB body only, wall (median)", value: round(bodyOnly.wall), unit: "ms" },
    {
      name: "ai detect: 250 commits only, wall (median)",
      value: round(commitsOnly.wall),
      unit: "ms",
    },
  ];
}
