import type { Evidence } from "../../src/model/evidence.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { contributors as contributorsOf, WORKED_FOR } from "../../src/policy/contributors.js";
import {
  assigned,
  BASE,
  bot,
  buildSnapshot,
  commit,
  directoryOf,
  identity,
  review,
  type SnapshotOverrides,
  sha,
} from "../support/snapshot-builder.js";

const contributors = (s: Snapshot, ai: Parameters<typeof contributorsOf>[2]) =>
  contributorsOf(s, directoryOf(s), ai);

const HUMAN = { assisted: false, evidence: [] as Evidence[] };
const AGENT_PR: Evidence = {
  tool: "GitHub Copilot coding agent",
  signal: "pr-author",
  matched: "Copilot",
  where: "PR author",
  confidence: "high",
};

function who(overrides: SnapshotOverrides, ai = HUMAN): Record<string, string> {
  return Object.fromEntries(contributors(buildSnapshot(overrides), ai));
}

const A = sha("a3f9c21");
const B = sha("b4e8d10");

describe("contributors: who may not approve", () => {
  it("includes the PR author", () => {
    expect(who({ pullRequest: { author: { login: "Dave", type: "User" } } })).toEqual({
      dave: "author of the PR",
    });
  });

  it.each<[string, SnapshotOverrides, Record<string, string>]>([
    [
      "a commit's author by login",
      { commits: [commit({ oid: A, author: "erin" })] },
      { erin: "author of a3f9c21" },
    ],
    [
      "a commit's committer",
      { commits: [commit({ oid: A, author: "erin", committer: "frank" })] },
      { erin: "author of a3f9c21", frank: "committer of a3f9c21" },
    ],
    [
      "a co-author from GraphQL authors",
      { commits: [commit({ oid: A, author: "dave", coAuthors: ["carol"] })] },
      { carol: "co-author of a3f9c21" },
    ],
    [
      "an author by email, through the directory",
      {
        commits: [commit({ oid: A, author: identity(null, "Erin@Acme.com") })],
        directory: { emails: { "erin@acme.com": "erin" } },
      },
      { erin: "author of a3f9c21" },
    ],
    [
      "an author by GitHub noreply address",
      {
        commits: [
          commit({ oid: A, author: identity(null, "1234+Grace@users.noreply.github.com") }),
        ],
      },
      { grace: "author of a3f9c21" },
    ],
    [
      "an old-style noreply address",
      { commits: [commit({ oid: A, author: identity(null, "grace@users.noreply.github.com") })] },
      { grace: "author of a3f9c21" },
    ],
    [
      "a Co-authored-by trailer resolved by email",
      {
        commits: [commit({ oid: A, message: "Fix\n\nCo-authored-by: Carol <carol@acme.com>\n" })],
        directory: { emails: { "carol@acme.com": "carol" } },
      },
      { carol: "co-author of a3f9c21" },
    ],
    [
      "a Co-authored-by trailer with a noreply address",
      {
        commits: [
          commit({
            oid: A,
            message: "Fix\n\nCo-authored-by: Carol <99+carol@users.noreply.github.com>",
          }),
        ],
      },
      { carol: "co-author of a3f9c21" },
    ],
    [
      "nobody for an unknown email",
      { commits: [commit({ oid: A, author: identity(null, "who@nowhere.example") })] },
      {},
    ],
    [
      "nobody for a Co-authored-by line outside the trailer block",
      {
        commits: [
          commit({ oid: A, message: "Co-authored-by: Carol <carol@acme.com>\n\nthen prose" }),
        ],
        directory: { emails: { "carol@acme.com": "carol" } },
      },
      {},
    ],
    [
      "the earliest commit as the reason",
      { commits: [commit({ oid: A, author: "erin" }), commit({ oid: B, author: "erin" })] },
      { erin: "author of a3f9c21" },
    ],
  ])("includes %s", (_name, overrides, expected) => {
    // Commits default to dave, the PR author: leave him out to see the rest.
    const { dave: _author, ...found } = who(overrides);
    expect(found).toEqual(expected);
  });

  describe("co-authors are exactly the git-parsed Co-authored-by trailers (SPEC §3, §5)", () => {
    it("does not take GitHub's laxer reading of a line outside the trailer block", () => {
      // GraphQL `authors` lists carol, but git sees no trailer block: prose follows her line.
      const laxer = commit({
        oid: A,
        message: "Fix\n\nCo-authored-by: Carol <carol@acme.com>\n\nthen prose",
        coAuthors: [identity("carol", "carol@acme.com", "Carol")],
      });
      expect(who({ commits: [laxer] })).toEqual({ dave: "author of the PR" });
    });

    it("still uses GitHub's link from a trailer's private email to the account", () => {
      const linked = commit({
        oid: A,
        message: "Apply suggestions from code review\n\nCo-authored-by: Carol <carol@acme.com>",
        coAuthors: [identity("carol", "Carol@Acme.com", "Carol")],
      });
      expect(who({ commits: [linked] })).toEqual({
        dave: "author of the PR",
        carol: "co-author of a3f9c21",
      });
    });
  });

  it("keeps the first reason: the PR author stays the PR author", () => {
    expect(who({ commits: [commit({ oid: A, author: "dave" })] })).toEqual({
      dave: "author of the PR",
    });
  });

  it("does not count GitHub's web-flow committer as a person", () => {
    const web = commit({
      oid: A,
      author: "erin",
      committer: identity("web-flow", "noreply@github.com", "GitHub"),
    });
    const byEmail = commit({
      oid: B,
      author: "erin",
      committer: identity(null, "noreply@github.com", "GitHub"),
    });
    expect(who({ commits: [web, byEmail], pullRequest: { author: null } })).toEqual({
      erin: "author of a3f9c21",
    });
  });

  describe("merge commits", () => {
    const first = commit({ oid: A, author: "dave" });
    const update = (overrides: Partial<Parameters<typeof commit>[0]>) =>
      commit({
        oid: B,
        author: "maria",
        committer: identity("web-flow", "noreply@github.com"),
        parents: [A, BASE],
        committedViaWeb: true,
        ...overrides,
      });

    it("GitHub's Update branch makes nobody a contributor", () => {
      expect(who({ commits: [first, update({})] })).toEqual({ dave: "author of the PR" });
    });

    it("a merge of a PR commit is someone's work", () => {
      const inside = update({ parents: [BASE, A] });
      expect(who({ commits: [first, inside] })).toMatchObject({ maria: "author of b4e8d10" });
    });

    it("a merge made locally is someone's work", () => {
      expect(who({ commits: [first, update({ committedViaWeb: false })] })).toMatchObject({
        maria: "author of b4e8d10",
      });
    });

    it("a web commit with one parent (a suggestion applied) is someone's work", () => {
      const suggestion = commit({
        oid: B,
        author: "maria",
        parents: [A],
        committedViaWeb: true,
        coAuthors: ["nina"],
      });
      expect(who({ commits: [first, suggestion] })).toMatchObject({
        maria: "author of b4e8d10",
        nina: "co-author of b4e8d10",
      });
    });
  });

  it("lists bots among the reviewers", () => {
    const reviews = [
      review("renovate[bot]"),
      review("Copilot", "COMMENTED", { type: "Bot" }),
      review("erin"),
    ];
    expect(who({ reviews })).toEqual({
      dave: "author of the PR",
      "renovate[bot]": "a bot",
      copilot: "a bot",
    });
  });

  describe("the person an AI agent worked for", () => {
    const agentPr: SnapshotOverrides = {
      pullRequest: { author: bot("Copilot"), assignees: ["Copilot", "Hank", "dependabot[bot]"] },
      timeline: [
        assigned("ivy", "Copilot"),
        {
          kind: "assigned",
          assignee: "hank",
          actor: bot("github-actions[bot]"),
          createdAt: "2025-01-01T00:00:00Z",
        },
      ],
      commits: [
        commit({
          oid: A,
          author: identity(null, "198982749+Copilot@users.noreply.github.com"),
          coAuthors: ["ivy"],
        }),
      ],
    };

    it("includes human assignees, assigners and co-authors of an agent's PR", () => {
      expect(who(agentPr, { assisted: true, evidence: [AGENT_PR] })).toEqual({
        copilot: "author of the PR",
        ivy: "co-author of a3f9c21",
        hank: WORKED_FOR,
      });
    });

    it("counts a configured bot as an agent when the verdict is AI-assisted", () => {
      const pr: SnapshotOverrides = {
        ...agentPr,
        pullRequest: { author: bot("acme-agent[bot]"), assignees: ["hank"] },
      };
      expect(who(pr, { assisted: true, evidence: [] })).toMatchObject({ hank: WORKED_FOR });
    });

    it("leaves assignees of a human's PR alone", () => {
      expect(
        who(
          { pullRequest: { assignees: ["hank"] }, timeline: [assigned("ivy", "hank")] },
          { assisted: true, evidence: [] },
        ),
      ).toEqual({
        dave: "author of the PR",
      });
    });
  });
});

describe("pushers (SPEC §5)", () => {
  it("the senders recorded on the head and whoever force-pushed are contributors, however their commits are signed", () => {
    const forced = {
      kind: "head-force-pushed" as const,
      afterOid: A,
      actor: { login: "gina", type: "User" as const },
      createdAt: "2030-01-01T00:00:00Z",
    };
    expect(who({ headState: { pulls: {}, pushers: ["erin"] }, timeline: [forced] })).toMatchObject({
      erin: "pushed to the PR",
      gina: "pushed to the PR",
    });
  });
});
