import type { Config } from "../../src/model/config-schema.js";
import type { IssueComment, Snapshot } from "../../src/model/snapshot.js";
import { withdrawnOverride as withdrawnOverrideOf } from "../../src/policy/override-withdrawal.js";
import { evaluateOverrides as evaluateOverridesOf } from "../../src/policy/overrides.js";
import { directoryOf } from "../support/snapshot-builder.js";
import {
  at,
  checkRun,
  comment,
  config,
  type FixtureOptions,
  snapshot,
} from "./override-fixtures.js";

const evaluateOverrides = (s: Snapshot, c: Config) => evaluateOverridesOf(s, directoryOf(s), c);
const withdrawnOverride = (b: IssueComment, s: Snapshot, c: Config) =>
  withdrawnOverrideOf(b, s, directoryOf(s), c);

const OVERRIDE = "/countersign override hotfix for outage";
const RACED = "written before Countersign reported on abc1234; repeat it";

interface Case {
  name: string;
  comments: IssueComment[];
  options?: FixtureOptions;
  config?: Config;
  /** Logins of the counting overrides, in order. */
  active: string[];
  effective: boolean;
  /** [login, reason] of every command that did not count. */
  ignored: [string, string][];
}

const cases: Case[] = [
  {
    name: "a repo admin's override counts and is named",
    comments: [comment("root-admin", OVERRIDE)],
    active: ["root-admin"],
    effective: true,
    ignored: [],
  },
  {
    name: "the PR author cannot override, even as admin",
    comments: [comment("paula", OVERRIDE)],
    active: [],
    effective: false,
    ignored: [["paula", "the PR author cannot override"]],
  },
  {
    name: "a write-only user is not allowed when allowed is empty",
    comments: [comment("wendy", OVERRIDE)],
    active: [],
    effective: false,
    ignored: [["wendy", "not allowed: only repository admins may override"]],
  },
  {
    name: "an unknown permission is not admin",
    comments: [comment("stranger", OVERRIDE)],
    active: [],
    effective: false,
    ignored: [["stranger", "not allowed: only repository admins may override"]],
  },
  {
    name: "a bot's override never counts",
    comments: [comment("release-bot[bot]", OVERRIDE)],
    options: { permissions: { "release-bot[bot]": "admin" } },
    active: [],
    effective: false,
    ignored: [["release-bot[bot]", "a bot"]],
  },
  {
    name: "a Bot actor without the [bot] suffix (Copilot) never counts",
    comments: [{ ...comment("Copilot", OVERRIDE), author: { login: "Copilot", type: "Bot" } }],
    options: { permissions: { copilot: "admin" } },
    active: [],
    effective: false,
    ignored: [["Copilot", "a bot"]],
  },
  {
    name: "no reason given",
    comments: [comment("root-admin", "/countersign override   ")],
    active: [],
    effective: false,
    ignored: [["root-admin", "no reason given (/countersign override <reason>)"]],
  },
  {
    name: "no reason is fine when require_reason is false",
    comments: [comment("root-admin", "/countersign override")],
    config: config({ require_reason: false }),
    active: ["root-admin"],
    effective: true,
    ignored: [],
  },
  {
    name: "inside a quote is not a command",
    comments: [comment("root-admin", `> ${OVERRIDE}`)],
    active: [],
    effective: false,
    ignored: [],
  },
  {
    name: "inside a code fence is not a command",
    comments: [comment("root-admin", "```\n" + OVERRIDE + "\n```")],
    active: [],
    effective: false,
    ignored: [],
  },
  {
    name: "edited after posting",
    comments: [comment("root-admin", OVERRIDE, 5, { lastEditedAt: at(6) })],
    active: [],
    effective: false,
    ignored: [["root-admin", "edited after posting"]],
  },
  {
    name: "written before the head's first check run",
    comments: [comment("root-admin", OVERRIDE, -1)],
    active: [],
    effective: false,
    ignored: [["root-admin", RACED]],
  },
  {
    name: "written in the same second as the first check run",
    comments: [comment("root-admin", OVERRIDE, 0)],
    active: [],
    effective: false,
    ignored: [["root-admin", RACED]],
  },
  {
    name: "the earliest of several check runs is the one that counts",
    comments: [comment("root-admin", OVERRIDE, 2)],
    options: { checkRuns: [checkRun(at(3), 2), checkRun(at(1), 1), checkRun(null, 3)] },
    active: ["root-admin"],
    effective: true,
    ignored: [],
  },
  {
    name: "no check run on the head yet: nothing counts",
    comments: [comment("root-admin", OVERRIDE)],
    options: { checkRuns: [] },
    active: [],
    effective: false,
    ignored: [["root-admin", RACED]],
  },
  {
    name: "after a push the older override no longer counts",
    comments: [comment("root-admin", OVERRIDE, 5)],
    options: { headOid: "feed0009".padEnd(40, "0"), checkRuns: [checkRun(at(30))] },
    active: [],
    effective: false,
    ignored: [["root-admin", "written before Countersign reported on feed000; repeat it"]],
  },
  {
    name: "revoke cancels an earlier override",
    comments: [comment("root-admin", OVERRIDE, 5), comment("root-admin", "/countersign revoke", 6)],
    active: [],
    effective: false,
    ignored: [["root-admin", "revoked by a later /countersign revoke"]],
  },
  {
    name: "an override after the revoke stands",
    comments: [
      comment("root-admin", OVERRIDE, 5),
      comment("root-admin", "/countersign revoke", 6),
      comment("root-admin", "/countersign override second thoughts", 7),
    ],
    active: ["root-admin"],
    effective: true,
    ignored: [["root-admin", "revoked by a later /countersign revoke"]],
  },
  {
    name: "revoke and override in one comment: line order decides",
    comments: [comment("root-admin", "/countersign revoke\n" + OVERRIDE)],
    active: ["root-admin"],
    effective: true,
    ignored: [["root-admin", "nothing to revoke: no override of theirs counted"]],
  },
  {
    name: "override then revoke in one comment",
    comments: [comment("root-admin", OVERRIDE + "\n/countersign revoke")],
    active: [],
    effective: false,
    ignored: [["root-admin", "revoked by a later /countersign revoke"]],
  },
  {
    name: "a revoke by someone else does not touch the override",
    comments: [
      comment("root-admin", OVERRIDE, 5),
      comment("other-admin", "/countersign revoke", 6),
    ],
    active: ["root-admin"],
    effective: true,
    ignored: [["other-admin", "nothing to revoke: no override of theirs counted"]],
  },
  {
    name: "comments out of order: time decides, not position",
    comments: [comment("root-admin", "/countersign revoke", 6), comment("root-admin", OVERRIDE, 5)],
    active: [],
    effective: false,
    ignored: [["root-admin", "revoked by a later /countersign revoke"]],
  },
  {
    name: "an edited revoke still withdraws (failing safe)",
    comments: [
      comment("root-admin", OVERRIDE, 5),
      comment("root-admin", "/countersign revoke", 6, { lastEditedAt: at(7) }),
    ],
    active: [],
    effective: false,
    ignored: [["root-admin", "revoked by a later /countersign revoke"]],
  },
  {
    name: "approvals_needed 2: one person is not enough",
    comments: [comment("root-admin", OVERRIDE)],
    config: config({ approvals_needed: 2 }),
    active: ["root-admin"],
    effective: false,
    ignored: [],
  },
  {
    name: "approvals_needed 2: the same person twice is still one",
    comments: [
      comment("root-admin", OVERRIDE, 5),
      comment("Root-Admin", "/countersign override again", 6),
    ],
    config: config({ approvals_needed: 2 }),
    active: ["Root-Admin"],
    effective: false,
    ignored: [],
  },
  {
    name: "approvals_needed 2: two different people",
    comments: [
      comment("root-admin", OVERRIDE, 5),
      comment("other-admin", "/countersign override agreed", 6),
    ],
    config: config({ approvals_needed: 2 }),
    active: ["root-admin", "other-admin"],
    effective: true,
    ignored: [],
  },
  {
    name: "a team in allowed",
    comments: [comment("Tess", OVERRIDE)],
    config: config({ allowed: ["@acme/Release"] }),
    options: { teams: { "acme/release": ["tess"] } },
    active: ["Tess"],
    effective: true,
    ignored: [],
  },
  {
    name: "admins are not allowed when allowed names others",
    comments: [comment("root-admin", OVERRIDE)],
    config: config({ allowed: ["@acme/release", "@bob"] }),
    options: { teams: { "acme/release": ["tess"] } },
    active: [],
    effective: false,
    ignored: [["root-admin", "not allowed: only @acme/release, @bob may override"]],
  },
  {
    name: "a user in allowed, case-insensitively",
    comments: [comment("BOB", OVERRIDE)],
    config: config({ allowed: ["@bob"] }),
    active: ["BOB"],
    effective: true,
    ignored: [],
  },
  {
    name: "several commands in one comment each count",
    comments: [comment("root-admin", "ok\n/countersign override hotfix\n/countersign recheck")],
    active: ["root-admin"],
    effective: true,
    ignored: [],
  },
  {
    name: "case-insensitive command word",
    comments: [comment("root-admin", "/COUNTERSIGN Override hotfix")],
    active: ["root-admin"],
    effective: true,
    ignored: [],
  },
  {
    name: "a deleted account's comment is not a command",
    comments: [comment(null, OVERRIDE)],
    active: [],
    effective: false,
    ignored: [],
  },
];

describe("evaluateOverrides", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = evaluateOverrides(
      snapshot({ ...c.options, comments: c.comments }),
      c.config ?? config(),
    );
    expect(result.active.map((use) => use.login)).toEqual(c.active);
    expect(result.effective).toBe(c.effective);
    expect(result.ignored.map((i) => [i.login, i.reason])).toEqual(c.ignored);
  });

  it("names who and why, with the comment's link and time", () => {
    const c = comment("root-admin", OVERRIDE);
    const result = evaluateOverrides(snapshot({ comments: [c] }), config());
    expect(result).toEqual({
      active: [{ login: "root-admin", reason: "hotfix for outage", url: c.url, at: c.createdAt }],
      needed: 1,
      effective: true,
      ignored: [],
      allowedDescription: "repository admins",
    });
  });

  it("keeps a person's latest reason when they override twice", () => {
    const result = evaluateOverrides(
      snapshot({
        comments: [
          comment("root-admin", OVERRIDE, 5),
          comment("root-admin", "/countersign override v2", 6),
        ],
      }),
      config(),
    );
    expect(result.active.map((use) => use.reason)).toEqual(["v2"]);
  });

  it("links each ignored command to its comment", () => {
    const c = comment("wendy", OVERRIDE);
    const result = evaluateOverrides(snapshot({ comments: [c] }), config({ allowed: ["@bob"] }));
    expect(result.ignored).toEqual([
      { login: "wendy", reason: "not allowed: only @bob may override", url: c.url },
    ]);
    expect(result.allowedDescription).toBe("@bob");
  });

  it("is stateless: the same comments give the same result", () => {
    const snap = snapshot({ comments: [comment("root-admin", OVERRIDE)] });
    expect(evaluateOverrides(snap, config())).toEqual(
      evaluateOverrides(structuredClone(snap), config()),
    );
  });
});

describe("withdrawnOverride", () => {
  const original = comment("root-admin", OVERRIDE);
  const edited: IssueComment = { ...original, body: "never mind", lastEditedAt: at(9) };

  function afterChange(comments: IssueComment[]): Snapshot {
    return snapshot({ comments });
  }

  it("finds the override an edit withdrew", () => {
    expect(withdrawnOverride(original, afterChange([edited]), config())).toMatchObject({
      login: "root-admin",
      url: original.url,
    });
  });

  it("finds the override a deletion withdrew", () => {
    expect(withdrawnOverride(original, afterChange([]), config())?.login).toBe("root-admin");
  });

  it("is null when the comment never counted", () => {
    const byWriter = comment("wendy", OVERRIDE);
    expect(withdrawnOverride(byWriter, afterChange([]), config())).toBeNull();
  });

  it("is null when the sender still has another counting override", () => {
    const later = comment("root-admin", "/countersign override still needed", 8);
    expect(withdrawnOverride(original, afterChange([edited, later]), config())).toBeNull();
  });
});
