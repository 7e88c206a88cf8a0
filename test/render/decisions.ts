/** Decisions as plain data, for the renderer's tests. */

import type {
  ApprovalGroup,
  ApprovalsResult,
  DesignDocResult,
  ErrorDecision,
  EvaluatedDecision,
  InvalidConfigDecision,
  RuleResult,
} from "../../src/model/decision.js";
import type { Evidence } from "../../src/model/evidence.js";
import type { RenderContext } from "../../src/render/context.js";

export const HEAD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
export const OLD = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
export const AI_COMMIT = "3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f";

export const ctx: RenderContext = {
  owner: "acme",
  repo: "api",
  number: 42,
  appSlug: "countersign",
  designDoc: { paths: ["docs/design/**", "**/*.design.md", "adr/**"], urls: [] },
};

export const PAY_FILES = [
  "services/pay/charge.ts",
  "services/pay/refund.ts",
  "services/pay/webhooks/stripe.ts",
];

export function group(over: Partial<ApprovalGroup> = {}): ApprovalGroup {
  return {
    owners: ["@acme/pay"],
    patterns: ["services/pay/**"],
    files: [...PAY_FILES],
    needed: 2,
    approvedBy: ["alice"],
    changesRequestedBy: [],
    ...over,
  };
}

export function approvals(over: Partial<ApprovalsResult> = {}): ApprovalsResult {
  const groups = over.groups ?? [group()];
  const met = groups.every(
    (g) => !g.unsatisfiable && g.approvedBy.length >= g.needed && g.changesRequestedBy.length === 0,
  );
  return {
    kind: "approvals",
    met,
    needed: groups[0]?.needed ?? 2,
    from: "code_owners",
    groups,
    rejected: [
      { login: "bob", reason: `approved an older commit (${OLD.slice(0, 7)})` },
      { login: "erin", reason: "not a code owner of services/pay/charge.ts" },
      { login: "dave", reason: "author of the PR" },
    ],
    notes: [],
    ...over,
  };
}

export function designDoc(over: Partial<DesignDocResult> = {}): DesignDocResult {
  return {
    kind: "design_doc",
    met: false,
    problems: [],
    missing: "no design doc linked in the PR description",
    ...over,
  };
}

export function rule(
  name: string,
  requirements: RuleResult["requirements"],
  over: Partial<RuleResult> = {},
): RuleResult {
  return {
    name,
    applies: true,
    because: [],
    files: [...PAY_FILES],
    met: requirements.every((r) => r.met),
    requirements,
    ...over,
  };
}

export const EVIDENCE: Evidence[] = [
  {
    tool: "Claude Code",
    signal: "co-author",
    matched: "Co-authored-by: Claude <noreply@anthropic.com>",
    commit: AI_COMMIT,
    where: "commit message",
    confidence: "high",
    source: "https://docs.anthropic.com/en/docs/claude-code/settings",
  },
  {
    tool: "Claude Code",
    signal: "marker",
    matched: "🤖 Generated with [Claude Code](https://claude.com/claude-code)",
    where: "PR body",
    confidence: "high",
    source: "https://docs.anthropic.com/en/docs/claude-code/settings",
  },
];

export function base(over: Partial<EvaluatedDecision> = {}): EvaluatedDecision {
  return {
    status: "evaluated",
    conclusion: "success",
    mode: "enforce",
    headSha: HEAD,
    configSource: "acme/api:.github/countersign.yml@main",
    rules: [],
    ai: {
      assisted: false,
      evidence: [],
      label: "ai-assisted",
      labelPresent: false,
      shouldLabel: false,
    },
    overrides: {
      active: [],
      needed: 1,
      effective: false,
      ignored: [],
      allowedDescription: "@acme/release-managers",
    },
    warnings: [],
    ...over,
  };
}

/**
 * The acceptance scenario: a change to the critical payments service, AI-assisted.
 * Two approvals needed from @acme/pay: alice approved; bob approved an older
 * commit; erin is not an owner; dave is the author. No design doc linked.
 */
export function failingCritical(): EvaluatedDecision {
  return base({
    conclusion: "failure",
    rules: [
      rule("critical-services", [approvals(), designDoc()], {
        because: ["changes critical service pay: services/pay/charge.ts, services/pay/refund.ts"],
      }),
      rule("ai-assisted", [approvals({ needed: 1, groups: [group({ needed: 1 })] })], {
        because: ["AI-assisted"],
      }),
    ],
    ai: {
      assisted: true,
      evidence: structuredClone(EVIDENCE),
      label: "ai-assisted",
      labelPresent: true,
      shouldLabel: false,
    },
  });
}

/** SPEC §7's own example: 1 more approval from @acme/payments and a design doc (no paths, exact title). */
export function specExample(approved: string[], withDoc: boolean): EvaluatedDecision {
  const g = group({ owners: ["@acme/payments"], patterns: [], approvedBy: approved });
  const reqs: RuleResult["requirements"] = [approvals({ groups: [g] })];
  if (withDoc) reqs.push(designDoc());
  return base({ conclusion: "failure", rules: [rule("critical-services", reqs)] });
}

export function designDocOnly(): EvaluatedDecision {
  const reqs = [approvals({ groups: [group({ approvedBy: ["alice", "carol"] })] }), designDoc()];
  return base({ conclusion: "failure", rules: [rule("critical-services", reqs)] });
}

export function passing(ai = false): EvaluatedDecision {
  const d = failingCritical();
  const g = group({ approvedBy: ["alice", "carol"] });
  d.conclusion = "success";
  d.rules = [
    rule("critical-services", [
      approvals({ groups: [g] }),
      designDoc({ met: true, accepted: "docs/design/pay-refunds.md", missing: undefined }),
    ]),
  ];
  d.ai = { ...d.ai, assisted: ai, evidence: ai ? structuredClone(EVIDENCE) : [], labelPresent: ai };
  return d;
}

export function noRules(): EvaluatedDecision {
  return base({
    rules: [rule("critical-services", [approvals()], { applies: false, met: true })],
  });
}

export const NASTY_REASON =
  "Hotfix | prod down <script>alert(1)</script> @everyone `rm -rf` [click](http://evil.example) **now**";

export function overridden(): EvaluatedDecision {
  const d = failingCritical();
  d.conclusion = "success";
  d.overrides = {
    ...d.overrides,
    active: [
      {
        login: "rita",
        reason: NASTY_REASON,
        url: "https://github.com/acme/api/pull/42#issuecomment-1001",
        at: "2024-05-01T14:03:11Z",
      },
    ],
    effective: true,
    ignored: [
      {
        login: "dave",
        reason: "the PR author cannot override | ever",
        url: "https://github.com/acme/api/pull/42#issuecomment-1000",
      },
    ],
  };
  return d;
}

export function reportMode(): EvaluatedDecision {
  return { ...failingCritical(), mode: "report", conclusion: "neutral" };
}

export function invalidConfig(): InvalidConfigDecision {
  const { rules: _r, overrides: _o, ...rest } = base();
  return {
    ...rest,
    status: "invalid-config",
    conclusion: "failure",
    configErrors: [
      {
        file: "acme/api:.github/countersign.yml@main",
        path: "rules.0.require.approvals",
        line: 12,
        message: "Too small: expected number to be >=1",
      },
      {
        file: "acme/api:.github/countersign.yml@main",
        path: "ai.labell",
        line: 3,
        message: 'Unrecognized key: "labell"',
      },
    ],
  };
}

export function errored(): ErrorDecision {
  const { rules: _r, overrides: _o, ai: _a, ...rest } = base();
  return {
    ...rest,
    status: "error",
    conclusion: "failure",
    error: {
      message: "GitHub answered 502 Bad Gateway",
      requestId: "C0DE:1234:5678AB:9ABCDE:66321A0B",
    },
  };
}

export function changesRequested(): EvaluatedDecision {
  const g = group({ approvedBy: ["alice", "carol"], changesRequestedBy: ["bob"] });
  return base({
    conclusion: "failure",
    rules: [rule("critical-services", [approvals({ groups: [g] })])],
  });
}

export function unownedCritical(): EvaluatedDecision {
  const g = group({
    owners: [],
    patterns: [],
    files: ["services/x.ts"],
    approvedBy: [],
    unsatisfiable: "no code owner: someone must own a critical service",
  });
  return base({
    conclusion: "failure",
    rules: [rule("critical-services", [approvals({ groups: [g] })])],
  });
}

/** Many owner groups, each one approval short. */
export function manyGroups(n: number): EvaluatedDecision {
  const groups = Array.from({ length: n }, (_, i) =>
    group({
      owners: [`@acme/team-${i}`],
      patterns: [`services/svc-${i}/**`],
      files: [`services/svc-${i}/index.ts`],
      needed: 1,
      approvedBy: [],
    }),
  );
  return base({
    conclusion: "failure",
    rules: [rule("critical-services", [approvals({ groups })])],
  });
}

/** One owner group with `n` files, and `evidence` pieces of AI evidence. */
export function huge(files: number, evidence: number): EvaluatedDecision {
  const d = failingCritical();
  const paths = Array.from(
    { length: files },
    (_, i) => `services/pay/generated/module-${i}/handler-✅.ts`,
  );
  d.rules = [
    rule("critical-services", [approvals({ groups: [group({ files: paths })] }), designDoc()]),
  ];
  d.ai.evidence = Array.from({ length: evidence }, (_, i) => ({
    ...EVIDENCE[0]!,
    matched: `Co-authored-by: Claude 🤖 <noreply@anthropic.com> #${i}`,
    commit: i.toString(16).padStart(40, "0"),
  }));
  return d;
}
