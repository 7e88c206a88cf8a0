import type { Config } from "../../src/model/config-schema.js";
import type { IssueComment, Snapshot } from "../../src/model/snapshot.js";
import { parseCommands } from "../../src/policy/commands.js";
import {
  hasWithdrawnReply,
  judgeNewComment as judgeNewCommentOf,
  overrideWithdrawnReply,
  withdrawnMarker,
} from "../../src/render/command-replies.js";
import {
  at,
  checkRun,
  comment,
  config,
  type FixtureOptions,
  snapshot,
} from "../policy/override-fixtures.js";
import { directoryOf } from "../support/snapshot-builder.js";

const judgeNewComment = (m: IssueComment, s: Snapshot, c: Config) =>
  judgeNewCommentOf(m, s, directoryOf(s), c);

interface Case {
  name: string;
  comment: IssueComment;
  options?: FixtureOptions;
  /** Comments already on the PR. */
  before?: IssueComment[];
  config?: Config;
  reaction: "+1" | null;
  /** null: no reply; otherwise substrings the reply must contain. */
  reply: string[] | null;
}

const cases: Case[] = [
  {
    name: "an admin's override is accepted silently",
    comment: comment("root-admin", "/countersign override hotfix for outage"),
    reaction: "+1",
    reply: null,
  },
  {
    name: "not allowed: says who is",
    comment: comment("wendy", "/countersign override hotfix"),
    reaction: null,
    reply: [
      "@wendy `/countersign override` was not applied: only repository admins can override here.",
    ],
  },
  {
    name: "not allowed with a list: names them without pinging",
    comment: comment("wendy", "/countersign override hotfix"),
    config: config({ allowed: ["@acme/release", "@bob"] }),
    reaction: null,
    reply: ["only @\u200Dacme/release, @\u200Dbob can override here"],
  },
  {
    name: "no reason",
    comment: comment("root-admin", "/countersign override"),
    reaction: null,
    reply: ["it needs a reason", "`/countersign override <reason>`"],
  },
  {
    name: "the PR author",
    comment: comment("paula", "/countersign override mine"),
    reaction: null,
    reply: ["@paula ", "the author of a pull request cannot override it. Ask a repository admin."],
  },
  {
    name: "a push raced it",
    comment: comment("root-admin", "/countersign override hotfix", 1),
    options: { checkRuns: [checkRun(at(2))] },
    reaction: null,
    reply: [
      "written before Countersign reported on the current head, `abc1234` (a push raced it)",
      "repeat it",
    ],
  },
  {
    name: "Countersign has not reported on the head yet",
    comment: comment("root-admin", "/countersign override hotfix"),
    options: { checkRuns: [] },
    reaction: null,
    reply: ["a push raced it"],
  },
  {
    name: "recheck",
    comment: comment("wendy", "/countersign recheck"),
    reaction: "+1",
    reply: null,
  },
  {
    name: "help: accepted and answered with usage",
    comment: comment("wendy", "/countersign help"),
    reaction: "+1",
    reply: [
      "@wendy Countersign commands",
      "- `/countersign override <reason>`",
      "`abc1234`",
      "repository admins, never the PR author",
    ],
  },
  {
    name: "bare /countersign is help",
    comment: comment("wendy", "/countersign"),
    reaction: "+1",
    reply: ["- `/countersign revoke`: withdraw your override."],
  },
  {
    name: "unknown sub-command lists the valid ones",
    comment: comment("wendy", "/countersign approve"),
    reaction: null,
    reply: [
      "`/countersign approve` is not a command. Use `/countersign override <reason>`, `revoke`, `recheck` or `help`.",
    ],
  },
  {
    name: "revoke of an existing override",
    comment: comment("root-admin", "/countersign revoke", 6),
    before: [comment("root-admin", "/countersign override hotfix", 5)],
    reaction: "+1",
    reply: null,
  },
  {
    name: "revoke with nothing to revoke",
    comment: comment("wendy", "/countersign revoke", 6),
    before: [comment("root-admin", "/countersign override hotfix", 5)],
    reaction: null,
    reply: ["you have no override that counts on `abc1234`; `revoke` withdraws only your own."],
  },
  {
    name: "override then revoke in the same comment: both accepted",
    comment: comment("root-admin", "/countersign override x\n/countersign revoke"),
    reaction: "+1",
    reply: null,
  },
  {
    name: "one refused among several: no 👍, a list of reasons",
    comment: comment("wendy", "/countersign recheck\n/countersign override x\n/countersign frob"),
    reaction: null,
    reply: [
      "@wendy\n\n- `/countersign override` was not applied",
      "\n- `/countersign frob` is not a command",
    ],
  },
  {
    name: "approvals_needed 2: the first override says one more is needed",
    comment: comment("root-admin", "/countersign override hotfix"),
    config: config({ approvals_needed: 2 }),
    reaction: "+1",
    reply: [
      "@root-admin override recorded (1 of 2); it takes effect when 1 more person overrides.",
    ],
  },
  {
    name: "approvals_needed 2: the second person completes it silently",
    comment: comment("other-admin", "/countersign override agreed", 6),
    before: [comment("root-admin", "/countersign override hotfix", 5)],
    config: config({ approvals_needed: 2 }),
    reaction: "+1",
    reply: null,
  },
  {
    name: "a bot's command: nothing at all",
    comment: comment("helper[bot]", "/countersign override x"),
    reaction: null,
    reply: null,
  },
  {
    name: "a comment without commands: nothing",
    comment: comment("wendy", "LGTM\n> /countersign override quoted"),
    reaction: null,
    reply: null,
  },
];

describe("judgeNewComment", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const snap = snapshot({ ...c.options, comments: [...(c.before ?? []), c.comment] });
    const result = judgeNewComment(c.comment, snap, c.config ?? config());
    expect(result.reaction).toBe(c.reaction);
    if (c.reply === null) expect(result.reply).toBeNull();
    else for (const part of c.reply) expect(result.reply).toContain(part);
  });

  it("judges the comment even when the snapshot predates it", () => {
    const c = comment("root-admin", "/countersign override hotfix");
    expect(judgeNewComment(c, snapshot({ comments: [] }), config()).reaction).toBe("+1");
  });

  it("never pings anyone but the sender, and its replies are never commands", () => {
    const c = comment(
      "wendy",
      "/countersign override x\n/countersign help\n/countersign @everyone",
    );
    const { reply } = judgeNewComment(
      c,
      snapshot({ comments: [c] }),
      config({ allowed: ["@acme/release", "@bob"] }),
    );
    // GitHub never turns text inside code spans into mentions.
    const outsideCode = reply!.replace(/`[^`]*`/g, "");
    expect(outsideCode.match(/@[A-Za-z0-9]/g)).toEqual(["@w"]);
    expect(parseCommands(reply!)).toEqual([]);
  });
});

describe("overrideWithdrawnReply", () => {
  const use = { login: "root-admin", reason: "hotfix <b>@bob</b>", url: "u", at: at(5) };

  it("says the override no longer counts, why, and how to redo it", () => {
    const text = overrideWithdrawnReply(use, 42, "edited");
    expect(text).toContain("<!-- countersign:withdrawn:42 -->");
    expect(text).toContain(
      "@root-admin your override (hotfix &lt;b&gt;@\u200Dbob&lt;/b&gt;) no longer counts: its comment was edited, and edited comments never count.",
    );
    expect(text).toContain("post `/countersign override <reason>` in a new comment");
    expect(parseCommands(text)).toEqual([]);
  });

  it("is found again by its marker, only in the app's own comment", () => {
    const reply = comment("countersign[bot]", overrideWithdrawnReply(use, 42, "deleted"));
    const forged = comment("mallory", withdrawnMarker(43));
    const otherBot = comment("helper-bot[bot]", withdrawnMarker(44));
    const app = "countersign[bot]";
    expect(hasWithdrawnReply([reply], 42, app)).toBe(true);
    expect(hasWithdrawnReply([reply], 4, app)).toBe(false);
    expect(hasWithdrawnReply([forged], 43, app)).toBe(false);
    expect(hasWithdrawnReply([otherBot], 44, app)).toBe(false);
    expect(hasWithdrawnReply([reply], 42, null)).toBe(false);
  });
});
