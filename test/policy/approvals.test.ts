import type { ApprovalsResult } from "../../src/model/decision.js";
import type { Review, ReviewState } from "../../src/model/snapshot.js";
import { evaluateApprovals } from "../../src/policy/approvals.js";
import { latestBallots } from "../../src/policy/ballots.js";
import { contributors } from "../../src/policy/contributors.js";
import { scopeRule } from "../../src/policy/rules.js";
import { serviceChanges } from "../../src/policy/services.js";
import {
  buildSnapshot,
  codeowners,
  commit,
  config,
  files,
  OLD_HEAD,
  review,
  type SnapshotOverrides,
  sha,
} from "../support/snapshot-builder.js";

const PAY = { name: "pay", paths: ["services/pay/**"], tags: ["critical"] };
const OWNERS = codeowners(
  [
    "# owners",
    "* @acme/platform",
    "/services/pay/ @acme/pay",
    "/services/pay/legacy/ @alice @Bob",
    "/services/pay/ledger/ @bob @alice",
    "/services/pay/orphan/",
    "/services/pay/mail/ Pay-Lead@acme.com @frank",
    "/services/pay/**/*.md @docs-team",
  ].join("\n"),
);
const TEAMS = { "acme/pay": ["Alice", "bob", "carol", "kim"], "acme/platform": ["gina", "hal"] };

interface Case {
  overrides?: SnapshotOverrides;
  cfg?: Record<string, unknown>;
  rule?: number;
  ai?: boolean;
}

/** The approvals requirement of rule `rule` (default: the critical-services rule) on a PR by dave. */
function judge({ overrides = {}, cfg = {}, rule = 0, ai = false }: Case): ApprovalsResult {
  const c = config({ services: [PAY], ...cfg });
  const snapshot = buildSnapshot({
    codeowners: OWNERS,
    files: files("services/pay/api.ts"),
    ...overrides,
    directory: { teams: TEAMS, ...overrides.directory },
  });
  const scope = scopeRule(c.rules[rule]!, {
    snapshot,
    services: serviceChanges(snapshot, c),
    aiAssisted: ai,
  });
  const { directory } = snapshot;
  const who = contributors(snapshot, directory, { assisted: ai, evidence: [] });
  return evaluateApprovals({ snapshot, directory, config: c, scope, contributors: who });
}

const reviews = (...r: Review[]) => ({ reviews: r });
const anyOne = { rules: [{ name: "one", require: { approvals: 1, from: "any" } }] };

describe("approvals from code owners", () => {
  it("needs N distinct owners per group: two from the team meet the critical rule", () => {
    const result = judge({ overrides: reviews(review("alice"), review("bob")) });
    expect(result.met).toBe(true);
    expect(result.groups).toEqual([
      {
        owners: ["@acme/pay"],
        patterns: ["/services/pay/"],
        files: ["services/pay/api.ts"],
        needed: 2,
        approvedBy: ["alice", "bob"],
        changesRequestedBy: [],
      },
    ]);
  });

  it("one owner is not enough for two", () => {
    const result = judge({ overrides: reviews(review("alice")) });
    expect(result.met).toBe(false);
    expect(result.groups[0]?.approvedBy).toEqual(["alice"]);
  });

  it("splits files by owner set; each group needs its own approvals", () => {
    const overrides = {
      files: files("services/pay/api.ts", "services/pay/legacy/x.ts"),
      ...reviews(review("carol"), review("kim")),
    };
    const result = judge({
      overrides: { ...overrides, pullRequest: { author: { login: "dave", type: "User" } } },
    });
    expect(result.groups.map((g) => [g.owners, g.approvedBy])).toEqual([
      [["@acme/pay"], ["carol", "kim"]],
      [["@alice", "@Bob"], []],
    ]);
    expect(result.met).toBe(false);
  });

  it("an approver can satisfy several groups", () => {
    const result = judge({
      overrides: {
        files: files("services/pay/api.ts", "services/pay/legacy/x.ts"),
        ...reviews(review("alice"), review("bob")),
      },
    });
    expect(result.met).toBe(true);
  });

  it("groups lines with the same owners in any order and case", () => {
    const result = judge({
      overrides: { files: files("services/pay/legacy/x.ts", "services/pay/ledger/y.ts") },
    });
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]?.patterns).toEqual(["/services/pay/legacy/", "/services/pay/ledger/"]);
    expect(result.groups[0]?.files).toEqual([
      "services/pay/legacy/x.ts",
      "services/pay/ledger/y.ts",
    ]);
  });

  it("takes the last matching line, as GitHub does", () => {
    const result = judge({ overrides: { files: files("services/pay/notes/README.md") } });
    expect(result.groups[0]?.owners).toEqual(["@docs-team"]);
  });

  it("compares logins case-insensitively and reports them as GitHub spells them", () => {
    const result = judge({ overrides: reviews(review("ALICE"), review("Bob")) });
    expect(result.groups[0]?.approvedBy).toEqual(["ALICE", "Bob"]);
    expect(result.met).toBe(true);
  });

  it("reports who did not count and why", () => {
    const carolsCommit = sha("1234567");
    const result = judge({
      overrides: {
        commits: [commit({ oid: carolsCommit, author: "dave", coAuthors: ["carol"] })],
        ...reviews(
          review("alice"),
          review("bob", "APPROVED", { commitOid: OLD_HEAD }),
          review("erin"),
          review("carol"),
          review("kim", "APPROVED", { canPush: false }),
          review("pay-bot[bot]"),
        ),
      },
    });
    expect(result.met).toBe(false);
    expect(result.groups[0]?.approvedBy).toEqual(["alice"]);
    expect(result.rejected).toEqual([
      { login: "bob", reason: "approved an older commit (01dc0de)" },
      { login: "erin", reason: "not a code owner of services/pay/api.ts" },
      { login: "carol", reason: "co-author of 1234567" },
      { login: "kim", reason: "no write access" },
      { login: "pay-bot[bot]", reason: "a bot" },
    ]);
  });

  it("names the more fundamental reason first", () => {
    const result = judge({
      overrides: reviews(
        review("dave", "APPROVED", { commitOid: OLD_HEAD }),
        review("erin", "APPROVED", { commitOid: OLD_HEAD }),
      ),
    });
    expect(result.rejected).toEqual([
      { login: "dave", reason: "author of the PR" },
      { login: "erin", reason: "not a code owner of services/pay/api.ts" },
    ]);
  });

  it("does not list someone who counted for another group", () => {
    const result = judge({
      overrides: {
        files: files("services/pay/api.ts", "services/pay/mail/x.ts"),
        ...reviews(review("alice")),
      },
    });
    expect(result.rejected).toEqual([]);
  });

  it("counts older approvals when dismiss_on_push is off", () => {
    const result = judge({
      cfg: { approvals: { dismiss_on_push: false } },
      overrides: reviews(
        review("alice", "APPROVED", { commitOid: OLD_HEAD }),
        review("bob", "APPROVED", { commitOid: null }),
      ),
    });
    expect(result.met).toBe(true);
  });

  describe("files nobody owns", () => {
    it("fail a rule that draws on a critical service", () => {
      const result = judge({
        overrides: {
          files: files("services/pay/orphan/x.ts"),
          ...reviews(review("alice"), review("bob")),
        },
      });
      expect(result.met).toBe(false);
      expect(result.groups[0]).toMatchObject({
        owners: [],
        unsatisfiable: "no code owner: someone must own a critical service",
      });
    });

    it("take approvals from anyone with write access under any other rule", () => {
      const result = judge({
        rule: 1,
        ai: true,
        overrides: {
          codeowners: codeowners("/services/ @acme/pay"),
          files: files("README.md"),
          ...reviews(review("erin")),
        },
      });
      expect(result.met).toBe(true);
      expect(result.groups[0]).toMatchObject({
        owners: [],
        files: ["README.md"],
        approvedBy: ["erin"],
      });
    });

    it("include files a line without owners unowns", () => {
      const result = judge({
        rule: 1,
        ai: true,
        overrides: { files: files("services/pay/orphan/x.ts"), ...reviews(review("erin")) },
      });
      expect(result.met).toBe(true);
      expect(result.groups[0]?.patterns).toEqual(["/services/pay/orphan/"]);
    });
  });

  it("lets anyone with write access approve when the base branch has no CODEOWNERS, and says so", () => {
    const result = judge({
      overrides: {
        codeowners: null,
        ...reviews(review("erin"), review("gina"), review("zed", "APPROVED", { canPush: false })),
      },
    });
    expect(result.met).toBe(true);
    expect(result.notes).toEqual([
      "no CODEOWNERS on main: approvals from anyone with write access count",
    ]);
    expect(result.rejected).toEqual([{ login: "zed", reason: "no write access" }]);
  });

  describe("email owners", () => {
    const oneFromOwners = {
      rules: [{ name: "one", if: { services_tagged: ["critical"] }, require: { approvals: 1 } }],
    };
    const mail = files("services/pay/mail/x.ts");

    it("count when the email resolves to an account", () => {
      const result = judge({
        cfg: oneFromOwners,
        overrides: {
          files: mail,
          directory: { emails: { "pay-lead@acme.com": "lena" } },
          ...reviews(review("lena")),
        },
      });
      expect(result.met).toBe(true);
      expect(result.notes).toEqual([]);
    });

    it("are reported by name when they resolve to nobody; the line's other owners can still approve", () => {
      const result = judge({
        cfg: oneFromOwners,
        overrides: {
          files: mail,
          directory: { emails: { "pay-lead@acme.com": null } },
          ...reviews(review("frank")),
        },
      });
      expect(result.met).toBe(true);
      expect(result.notes).toEqual([
        expect.stringContaining("Pay-Lead@acme.com matches no GitHub account"),
      ]);
    });

    it("leave a group that needs more than the remaining owners unsatisfiable", () => {
      const result = judge({ overrides: { files: mail, ...reviews(review("frank")) } });
      expect(result.met).toBe(false);
      expect(result.groups[0]?.unsatisfiable).toBe(
        "only 1 of the owners can approve (contributors and bots cannot); 2 needed",
      );
    });
  });

  describe("teams", () => {
    it("that cannot be read contribute nobody, with a note", () => {
      const result = judge({
        overrides: {
          directory: { teams: { "acme/pay": null } },
          ...reviews(review("alice"), review("bob")),
        },
      });
      expect(result.met).toBe(false);
      expect(result.notes).toEqual([
        "team @acme/pay could not be read: its members cannot approve",
      ]);
      expect(result.groups[0]?.unsatisfiable).toMatch(/^none of the owners can approve/);
    });

    it("too small once contributors are left out are unsatisfiable", () => {
      const result = judge({
        overrides: { directory: { teams: { "acme/pay": ["alice", "dave"] } } },
      });
      expect(result.groups[0]?.unsatisfiable).toBe(
        "only 1 of the owners can approve (contributors and bots cannot); 2 needed",
      );
    });
  });
});

describe("the review that counts", () => {
  const seq = (...states: ReviewState[]) => states.map((s) => review("erin", s));

  it.each<[string, Review[], boolean, string | undefined]>([
    ["an approval", seq("APPROVED"), true, undefined],
    ["an approval then a comment", seq("APPROVED", "COMMENTED"), true, undefined],
    ["an approval then a pending review", seq("APPROVED", "PENDING"), true, undefined],
    ["an approval then changes requested", seq("APPROVED", "CHANGES_REQUESTED"), false, undefined],
    ["changes requested then an approval", seq("CHANGES_REQUESTED", "APPROVED"), true, undefined],
    ["an approval then dismissed", seq("APPROVED", "DISMISSED"), false, "review dismissed"],
    ["only a comment", seq("COMMENTED"), false, undefined],
  ])("%s", (_name, list, counted, rejection) => {
    const result = judge({
      cfg: { ...anyOne, approvals: { block_on_changes_requested: false } },
      overrides: { reviews: list },
    });
    expect(result.met).toBe(counted);
    expect(result.rejected[0]?.reason).toBe(rejection);
  });

  it("orders reviews by submission time, not list order", () => {
    const later = review("erin", "CHANGES_REQUESTED", { at: "2030-01-01T00:00:00Z" });
    const earlier = review("erin", "APPROVED", { at: "2020-01-01T00:00:00Z" });
    expect(latestBallots([later, earlier]).map((b) => b.review.state)).toEqual([
      "CHANGES_REQUESTED",
    ]);
  });

  it("ignores reviews by deleted accounts", () => {
    expect(latestBallots([{ ...review("x"), author: null }])).toEqual([]);
  });
});

describe("changes requested", () => {
  const approvals = [review("alice"), review("bob"), review("kim")];

  it.each<[string, Review, Record<string, unknown>, string[]]>([
    ["an owner blocks", review("carol", "CHANGES_REQUESTED"), {}, ["carol"]],
    [
      "an owner blocks even on an older commit",
      review("carol", "CHANGES_REQUESTED", { commitOid: OLD_HEAD }),
      {},
      ["carol"],
    ],
    ["a non-owner does not block", review("erin", "CHANGES_REQUESTED"), {}, []],
    [
      "an owner without write access does not block",
      review("carol", "CHANGES_REQUESTED", { canPush: false }),
      {},
      [],
    ],
    [
      "nothing blocks with block_on_changes_requested off",
      review("carol", "CHANGES_REQUESTED"),
      { approvals: { block_on_changes_requested: false } },
      [],
    ],
  ])("%s", (_name, request, cfg, blocking) => {
    const result = judge({ cfg, overrides: reviews(...approvals, request) });
    expect(result.groups[0]?.changesRequestedBy).toEqual(blocking);
    expect(result.met).toBe(blocking.length === 0);
  });

  it("a dismissal by the PR author or a contributor does not lift an owner's block; by anyone else it does", () => {
    const request = review("carol", "CHANGES_REQUESTED");
    const dismissed = { ...request, state: "DISMISSED" as const };
    const dismissal = (login: string) => ({
      kind: "review-dismissed" as const,
      reviewId: request.id,
      previousState: "CHANGES_REQUESTED",
      actor: { login, type: "User" as const },
      createdAt: "2030-01-01T00:00:00Z",
    });
    const by = (login: string, pushers: string[] = []) =>
      judge({
        overrides: {
          ...reviews(...approvals, dismissed),
          timeline: [dismissal(login)],
          headState: { pulls: {}, pushers },
        },
      });
    expect(by("dave").groups[0]?.changesRequestedBy).toEqual(["carol"]); // the PR author
    expect(by("walt", ["walt"]).groups[0]?.changesRequestedBy).toEqual(["carol"]); // a pusher
    expect(by("root").groups[0]?.changesRequestedBy).toEqual([]);
  });

  it("anyone with write access blocks under from: any", () => {
    const result = judge({
      cfg: anyOne,
      overrides: reviews(review("alice"), review("erin", "CHANGES_REQUESTED")),
    });
    expect(result.met).toBe(false);
    expect(result.groups[0]?.changesRequestedBy).toEqual(["erin"]);
  });
});

describe("other sources of approvals", () => {
  it("from: any is one group open to anyone with write access", () => {
    const result = judge({ cfg: anyOne, overrides: reviews(review("erin")) });
    expect(result).toMatchObject({ met: true, from: "any", needed: 1 });
    expect(result.groups).toEqual([
      expect.objectContaining({ owners: [], files: ["services/pay/api.ts"], approvedBy: ["erin"] }),
    ]);
  });

  it("from a list is one group of those users and teams", () => {
    const cfg = {
      rules: [{ name: "list", require: { approvals: 2, from: ["@erin", "@acme/platform"] } }],
    };
    const result = judge({
      cfg,
      overrides: reviews(review("erin"), review("alice"), review("hal")),
    });
    expect(result.met).toBe(true);
    expect(result.groups[0]).toMatchObject({
      owners: ["@erin", "@acme/platform"],
      approvedBy: ["erin", "hal"],
    });
    expect(result.rejected).toEqual([
      { login: "alice", reason: "not one of @erin, @acme/platform" },
    ]);
  });

  it("zero approvals needed is met", () => {
    const cfg = { rules: [{ name: "none", require: { approvals: 0 } }] };
    expect(judge({ cfg })).toMatchObject({ met: true, needed: 0, groups: [] });
  });

  it("a rule covering no files still needs approvals from someone with write access", () => {
    const result = judge({
      cfg: { rules: [{ name: "all", require: { approvals: 1 } }] },
      overrides: { files: [] },
    });
    expect(result.met).toBe(false);
    expect(result.groups).toEqual([expect.objectContaining({ owners: [], files: [], needed: 1 })]);
  });
});
