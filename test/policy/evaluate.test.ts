import { DEFAULT_RULES } from "../../src/model/config-schema.js";
import type {
  ApprovalsResult,
  Decision,
  DesignDocResult,
  EvaluatedDecision,
  InvalidConfigDecision,
  RuleResult,
} from "../../src/model/decision.js";
import type { Review, Snapshot } from "../../src/model/snapshot.js";
import type { LoadedConfig } from "../../src/policy/config-load.js";
import { evaluate as evaluateOf } from "../../src/policy/evaluate.js";
import { planLookups } from "../../src/policy/lookups.js";
import {
  assigned,
  bot,
  buildSnapshot,
  codeowners,
  comment,
  commit,
  config,
  directoryOf,
  files,
  HEAD,
  identity,
  loaded,
  OLD_HEAD,
  review,
  type SnapshotOverrides,
  sha,
} from "../support/snapshot-builder.js";

/** Any decision, its fields all readable: each test asserts the status it expects. */
type AnyDecision = Omit<EvaluatedDecision, "status"> &
  Omit<InvalidConfigDecision, "status"> & { status: Decision["status"] };
const evaluate = (s: Snapshot, l: LoadedConfig) =>
  evaluateOf(s, directoryOf(s), l) as unknown as AnyDecision;

/** The issue's acceptance scenario: services/pay/** is critical and owned by @acme/pay; dave opens a PR. */
const PAY_CONFIG = { services: [{ name: "pay", paths: ["services/pay/**"], tags: ["critical"] }] };
const DESIGN_DOC = "Design-Doc: docs/design/pay-v2.md";

function payPr(overrides: SnapshotOverrides = {}) {
  return buildSnapshot({
    codeowners: codeowners("/services/pay/ @acme/pay\n"),
    files: files("services/pay/api.ts"),
    designDocFiles: { "docs/design/pay-v2.md": true },
    ...overrides,
    directory: { teams: { "acme/pay": ["alice", "bob", "carol"] }, ...overrides.directory },
  });
}

function decide(
  overrides: SnapshotOverrides = {},
  cfg: LoadedConfig = loaded(PAY_CONFIG),
): AnyDecision {
  return evaluate(payPr(overrides), cfg);
}

const rule = (d: AnyDecision, name: string) => d.rules.find((r) => r.name === name)!;
const approvalsOf = (r: RuleResult) =>
  r.requirements.find((q) => q.kind === "approvals") as ApprovalsResult;
const designDocOf = (r: RuleResult) =>
  r.requirements.find((q) => q.kind === "design_doc") as DesignDocResult;
const withBody = (body: string, reviews: Review[]): SnapshotOverrides => ({
  pullRequest: { body },
  reviews,
});

describe("acceptance: a critical payments service", () => {
  it("fails with no approvals", () => {
    const d = decide({ pullRequest: { body: DESIGN_DOC } });
    expect(d.conclusion).toBe("failure");
    const critical = rule(d, "critical-services");
    expect(critical).toMatchObject({
      applies: true,
      met: false,
      files: ["services/pay/api.ts"],
      because: ["changes critical service pay: services/pay/api.ts"],
    });
    expect(approvalsOf(critical).groups[0]).toMatchObject({
      owners: ["@acme/pay"],
      needed: 2,
      approvedBy: [],
    });
  });

  it("fails with one owner's approval: one more is needed", () => {
    const d = decide(withBody(DESIGN_DOC, [review("alice")]));
    expect(d.conclusion).toBe("failure");
    const group = approvalsOf(rule(d, "critical-services")).groups[0]!;
    expect(group.needed - group.approvedBy.length).toBe(1);
  });

  it("passes with two owners' approvals and an existing design doc", () => {
    const d = decide(withBody(DESIGN_DOC, [review("alice"), review("bob")]));
    expect(d.conclusion).toBe("success");
    expect(d.status).toBe("evaluated");
    expect(designDocOf(rule(d, "critical-services"))).toMatchObject({
      met: true,
      accepted: "docs/design/pay-v2.md",
    });
    expect(rule(d, "ai-assisted").applies).toBe(false);
  });

  it("fails without a design doc, naming it", () => {
    const d = decide(withBody("Refactor payments.", [review("alice"), review("bob")]));
    expect(d.conclusion).toBe("failure");
    const critical = rule(d, "critical-services");
    expect(approvalsOf(critical).met).toBe(true);
    expect(designDocOf(critical)).toMatchObject({
      met: false,
      missing: expect.stringContaining("no design doc linked"),
    });
  });

  it("fails when the design doc does not exist", () => {
    const d = decide({
      ...withBody(DESIGN_DOC, [review("alice"), review("bob")]),
      designDocFiles: {},
    });
    expect(d.conclusion).toBe("failure");
    expect(designDocOf(rule(d, "critical-services")).problems).toEqual([
      {
        link: "docs/design/pay-v2.md",
        reason: "does not exist on main or in this PR",
      },
    ]);
  });

  it("does not count bob's approval of an older head", () => {
    const d = decide(
      withBody(DESIGN_DOC, [review("alice"), review("bob", "APPROVED", { commitOid: OLD_HEAD })]),
    );
    expect(d.conclusion).toBe("failure");
    expect(approvalsOf(rule(d, "critical-services")).rejected).toEqual([
      { login: "bob", reason: `approved an older commit (${OLD_HEAD.slice(0, 7)})` },
    ]);
  });

  it("does not count erin, who is not an owner", () => {
    const d = decide(withBody(DESIGN_DOC, [review("alice"), review("erin")]));
    expect(d.conclusion).toBe("failure");
    expect(approvalsOf(rule(d, "critical-services")).rejected).toEqual([
      { login: "erin", reason: "not a code owner of services/pay/api.ts" },
    ]);
  });

  it("does not count carol, who co-authored a commit", () => {
    const oid = sha("c0ffee1");
    const d = decide({
      ...withBody(DESIGN_DOC, [review("alice"), review("carol")]),
      commits: [commit({ oid, author: "dave", coAuthors: ["carol"] })],
    });
    expect(d.conclusion).toBe("failure");
    expect(approvalsOf(rule(d, "critical-services")).rejected).toEqual([
      { login: "carol", reason: "co-author of c0ffee1" },
    ]);
  });

  it("does not count dave, the PR author", () => {
    const d = decide(withBody(DESIGN_DOC, [review("alice"), review("dave")]));
    expect(approvalsOf(rule(d, "critical-services")).rejected).toEqual([
      { login: "dave", reason: "author of the PR" },
    ]);
  });

  it("passes a PR touching only README.md with no AI evidence", () => {
    const d = decide({ files: files("README.md") });
    expect(d.conclusion).toBe("success");
    expect(d.rules.map((r) => [r.name, r.applies, r.met])).toEqual([
      ["critical-services", false, true],
      ["ai-assisted", false, true],
    ]);
    expect(d.ai.assisted).toBe(false);
  });

  it("holds a change to .github/countersign.yml to the critical rule under the default config", () => {
    const snapshot = {
      files: files(".github/countersign.yml"),
      codeowners: null,
      pullRequest: { body: DESIGN_DOC },
    };
    const before = decide(snapshot, loaded({}, "defaults"));
    expect(before.conclusion).toBe("failure");
    expect(rule(before, "critical-services").because).toEqual([
      "changes critical service review-policy: .github/countersign.yml",
    ]);
    const after = decide(
      { ...snapshot, reviews: [review("erin"), review("gina")] },
      loaded({}, "defaults"),
    );
    expect(after.conclusion).toBe("success");
  });

  it("fails a change to the policy that no CODEOWNERS line owns", () => {
    const d = decide({
      ...withBody(DESIGN_DOC, [review("alice"), review("bob")]),
      files: files(".github/countersign.yml"),
    });
    expect(d.conclusion).toBe("failure");
    expect(approvalsOf(rule(d, "critical-services")).groups[0]?.unsatisfiable).toBe(
      "no code owner: someone must own a critical service",
    );
  });
});

describe("AI-assisted pull requests", () => {
  const claude = commit({
    author: "dave",
    message: "Add thing\n\nCo-authored-by: Claude <noreply@anthropic.com>\n",
  });

  it("need a code owner's approval (anyone with write access where nobody owns the file)", () => {
    const before = decide({ files: files("README.md"), commits: [claude] });
    expect(before.ai.assisted).toBe(true);
    expect(before.conclusion).toBe("failure");
    expect(rule(before, "ai-assisted").because).toEqual(["AI-assisted"]);
    const after = decide({
      files: files("README.md"),
      commits: [claude],
      reviews: [review("erin")],
    });
    expect(after.conclusion).toBe("success");
  });

  it("do not let the person an agent worked for approve", () => {
    const d = decide({
      files: files("README.md"),
      pullRequest: { author: bot("Copilot"), assignees: ["ivy"] },
      timeline: [assigned("ivy", "Copilot")],
      commits: [commit({ author: identity(null, "198982749+Copilot@users.noreply.github.com") })],
      reviews: [review("ivy")],
    });
    expect(d.conclusion).toBe("failure");
    expect(approvalsOf(rule(d, "ai-assisted")).rejected).toEqual([
      { login: "ivy", reason: "the person the agent worked for" },
    ]);
  });
});

describe("the decision", () => {
  it("fills every field", () => {
    const d = decide(withBody(DESIGN_DOC, [review("alice"), review("bob")]));
    expect(d).toMatchObject({
      status: "evaluated",
      conclusion: "success",
      mode: "enforce",
      headSha: HEAD,
      configSource: "acme/api:.github/countersign.yml@main",

      warnings: [],
      overrides: {
        active: [],
        needed: 1,
        effective: false,
        allowedDescription: "repository admins",
      },
    });
    expect(d.ai).toMatchObject({
      assisted: false,
      label: "ai-assisted",
      labelPresent: false,
      shouldLabel: false,
    });
  });

  it("is neutral instead of failure in report mode", () => {
    expect(decide({}, loaded({ ...PAY_CONFIG, mode: "report" }))).toMatchObject({
      conclusion: "neutral",
      mode: "report",
    });
  });

  it("is success in report mode when everything is met", () => {
    const d = decide(
      withBody(DESIGN_DOC, [review("alice"), review("bob")]),
      loaded({ ...PAY_CONFIG, mode: "report" }),
    );
    expect(d.conclusion).toBe("success");
  });

  it("is success when overridden", () => {
    const d = decide({
      checkRuns: [
        {
          databaseId: 1,
          name: "countersign",
          startedAt: "2025-01-01T00:00:00Z",
          conclusion: "failure",
        },
      ],
      comments: [
        comment("erin", "/countersign override hotfix for the outage", "2025-01-01T00:05:00Z"),
      ],
      directory: { permissions: { erin: "admin" } },
    });
    expect(d.overrides.effective).toBe(true);
    expect(d.conclusion).toBe("success");
    expect(rule(d, "critical-services").met).toBe(false);
  });

  it("fails an invalid configuration whatever its mode, still labelling AI work", () => {
    const invalid: LoadedConfig = {
      config: config({ mode: "report" }),
      source: "acme/api:.github/countersign.yml@main",
      errors: [
        {
          file: "acme/api:.github/countersign.yml@main",
          path: "ai.labell",
          line: 3,
          message: "unknown key",
        },
      ],
    };
    const claude = commit({ message: "x\n\nCo-authored-by: Claude <noreply@anthropic.com>" });
    const d = decide({ commits: [claude] }, invalid);
    expect(d).toMatchObject({
      status: "invalid-config",
      conclusion: "failure",
      configErrors: invalid.errors,
    });
    expect(d).not.toHaveProperty("rules");
    expect(d).not.toHaveProperty("overrides");
    expect(d.ai).toMatchObject({ assisted: true, shouldLabel: true });
  });

  it("fails an invalid configuration even when overridden", () => {
    const d = decide(
      {
        checkRuns: [
          {
            databaseId: 1,
            name: "countersign",
            startedAt: "2025-01-01T00:00:00Z",
            conclusion: "failure",
          },
        ],
        comments: [comment("erin", "/countersign override please", "2025-01-01T00:05:00Z")],
        directory: { permissions: { erin: "admin" } },
      },
      { ...loaded(), errors: [{ file: "f", path: "mode", message: "bad" }] },
    );
    expect(d.conclusion).toBe("failure");
  });

  it("warns about CODEOWNERS lines GitHub would not read, with line numbers", () => {
    const d = decide({
      codeowners: codeowners("/services/pay/ @acme/pay\n!/services/pay/x.ts @bob\n"),
    });
    expect(d.warnings).toEqual([expect.stringMatching(/^\.github\/CODEOWNERS line 2: /)]);
  });

  it("warns about extra design-doc links that fail when one is valid", () => {
    const body = "## Design doc\n- [a](docs/design/pay-v2.md)\n- [b](notes/old.md)";
    const d = decide(withBody(body, [review("alice"), review("bob")]));
    expect(d.conclusion).toBe("success");
    expect(d.warnings).toEqual([
      "design doc link notes/old.md: not under design_doc.paths (docs/design/**, **/*.design.md, adr/**)",
    ]);
  });

  it("judges a rule with no requirement as met", () => {
    const d = decide({}, loaded({ rules: [{ name: "free", require: {} }] }));
    expect(d.rules[0]).toMatchObject({ applies: true, met: true, requirements: [] });
    expect(d.conclusion).toBe("success");
  });
});

describe("look-ups needed before evaluating", () => {
  const owners = codeowners(
    [
      "* @acme/platform",
      "/services/pay/ @acme/Pay lead@acme.com @bob",
      "/docs/ docs@acme.com",
      "/lib/ @acme/lib",
    ].join("\n"),
  );
  const base = { codeowners: owners, directory: { teams: {}, permissions: {}, emails: {} } };

  it("asks for the owners of covered files only, lower-cased", () => {
    const snap = buildSnapshot({ ...base, files: files("services/pay/api.ts", "docs/x.md") });
    const criticalOnly = config({ ...PAY_CONFIG, rules: [DEFAULT_RULES[0]] });
    expect(planLookups(snap, criticalOnly)).toEqual({
      teams: ["acme/pay"],
      emails: ["lead@acme.com"],
      permissions: [],
    });
  });

  it("asks for the owners a rule on AI might need before the AI verdict is known", () => {
    const snap = buildSnapshot({ ...base, files: files("docs/x.md") });
    expect(planLookups(snap, config(PAY_CONFIG))).toEqual({
      teams: [],
      emails: ["docs@acme.com"],
      permissions: [],
    });
  });

  it("asks for nothing when no rule applies", () => {
    const cfg = config({
      ...PAY_CONFIG,
      rules: [{ name: "r", if: { paths: ["nothing/**"] }, require: { approvals: 1 } }],
    });
    expect(planLookups(buildSnapshot({ ...base, files: files("lib/a.ts") }), cfg)).toEqual({
      teams: [],
      emails: [],
      permissions: [],
    });
  });

  it("asks for the teams of a `from` list", () => {
    const cfg = config({
      rules: [{ name: "r", require: { approvals: 1, from: ["@acme/Release", "@bob"] } }],
    });
    expect(planLookups(buildSnapshot({ files: files("a.ts") }), cfg).teams).toEqual([
      "acme/release",
    ]);
  });

  it("asks for nothing for CODEOWNERS when there is none", () => {
    expect(
      planLookups(buildSnapshot({ files: files("services/pay/a.ts") }), config(PAY_CONFIG)),
    ).toEqual({ teams: [], emails: [], permissions: [] });
  });

  it("asks for override teams only when an override command is present", () => {
    const cfg = config({ overrides: { allowed: ["@acme/SRE"] } });
    expect(planLookups(buildSnapshot(), cfg).teams).toEqual([]);
    const snap = buildSnapshot({ comments: [comment("erin", "/countersign override outage")] });
    expect(planLookups(snap, cfg).teams).toEqual(["acme/sre"]);
  });
});

describe("who may clear the AI label (SPEC §3)", () => {
  it("not the person an agent worked for, even an admin: the agent's label comes back", () => {
    const removed = {
      kind: "unlabeled" as const,
      label: "ai-assisted",
      actor: { login: "alice", type: "User" as const },
      createdAt: "2030-01-01T00:00:00Z",
    };
    const agentPr = (permissions: Record<string, "admin">) =>
      buildSnapshot({
        pullRequest: { author: bot("Copilot"), assignees: ["alice"] },
        timeline: [removed],
        directory: { permissions },
      });
    const d = evaluate(agentPr({ alice: "admin" }), loaded({}));
    expect(d.ai).toMatchObject({ assisted: true, shouldLabel: true });
    expect(d.ai.clearedBy).toBeUndefined();
  });
});
