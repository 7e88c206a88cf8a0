import type { Config } from "../../src/model/config-schema.js";
import type { Snapshot, TimelineEvent } from "../../src/model/snapshot.js";
import {
  canOverride as canOverrideOf,
  describeAllowed,
  latestLabelRemover,
  overrideLookups,
} from "../../src/policy/override-rights.js";
import { directoryOf } from "../support/snapshot-builder.js";
import { at, comment, config, snapshot, user } from "./override-fixtures.js";

const canOverride = (l: string, s: Snapshot, c: Config) => canOverrideOf(l, directoryOf(s), c);

describe("canOverride", () => {
  const teams = { "acme/release": ["Tess"], "acme/hidden": null };
  const cases: [string, string, string[], boolean][] = [
    ["admin, allowed empty", "root-admin", [], true],
    ["admin, login case differs", "ROOT-ADMIN", [], true],
    ["writer, allowed empty", "wendy", [], false],
    ["unknown permission", "nobody", [], false],
    ["bot, even with admin", "deploy[bot]", [], false],
    ["listed user", "Bob", ["@bob"], true],
    ["team member", "tess", ["@acme/release"], true],
    ["team written in another case", "tess", ["@ACME/Release"], true],
    ["unreadable team matches nobody", "tess", ["@acme/hidden"], false],
    ["team never looked up matches nobody", "tess", ["@acme/other"], false],
    ["admin not listed when allowed is set", "root-admin", ["@bob"], false],
    ["listed bot still refused", "deploy[bot]", ["@deploy"], false],
  ];
  it.each(cases)("%s", (_name, login, allowed, expected) => {
    const snap = snapshot({
      teams,
      permissions: { "root-admin": "admin", wendy: "write", "deploy[bot]": "admin" },
    });
    expect(canOverride(login, snap, config({ allowed }))).toBe(expected);
  });
});

describe("describeAllowed", () => {
  it.each([
    [[], "repository admins"],
    [["@acme/release", "@bob"], "@acme/release, @bob"],
  ])("%j → %s", (allowed, expected) => {
    expect(describeAllowed(config({ allowed }))).toBe(expected);
  });
});

function labelEvent(
  kind: "labeled" | "unlabeled",
  login: string,
  minutes: number,
  label = "ai-assisted",
): TimelineEvent {
  return { kind, label, actor: user(login), createdAt: at(minutes) };
}

describe("overrideLookups", () => {
  it("asks nothing for an ordinary PR", () => {
    expect(overrideLookups(snapshot({ comments: [comment("x", "LGTM")] }), config())).toEqual({
      permissions: [],
      teams: [],
    });
  });

  it("asks the permission of override senders who could count, once each", () => {
    const snap = snapshot({
      comments: [
        comment("Alice", "/countersign override a"),
        comment("alice", "/countersign override b"),
        comment("paula", "/countersign override mine"), // PR author: refused without asking
        comment("ci[bot]", "/countersign override x"), // bot
        comment("ed", "/countersign override x", 5, { lastEditedAt: at(6) }), // edited
        comment("rev", "/countersign revoke"), // revoke needs no rights
        comment("quoter", "> /countersign override x"),
      ],
    });
    expect(overrideLookups(snap, config())).toEqual({ permissions: ["Alice"], teams: [] });
  });

  it("asks the remover of the AI label when that removal is the latest label event", () => {
    const timeline = [labelEvent("labeled", "ci[bot]", 1), labelEvent("unlabeled", "Remy", 2)];
    expect(overrideLookups(snapshot({ timeline }), config()).permissions).toEqual(["Remy"]);
  });

  it("does not ask when the label was put back after the removal", () => {
    const timeline = [labelEvent("unlabeled", "Remy", 2), labelEvent("labeled", "ci[bot]", 3)];
    expect(overrideLookups(snapshot({ timeline }), config())).toEqual({
      permissions: [],
      teams: [],
    });
  });

  it("ignores other labels", () => {
    const timeline = [labelEvent("unlabeled", "Remy", 2, "bug")];
    expect(overrideLookups(snapshot({ timeline }), config()).permissions).toEqual([]);
  });

  it("asks for the allowed teams instead of permissions when allowed is set", () => {
    const snap = snapshot({ comments: [comment("tess", "/countersign override x")] });
    expect(
      overrideLookups(snap, config({ allowed: ["@ACME/Release", "@bob", "@acme/release"] })),
    ).toEqual({
      permissions: [],
      teams: ["acme/release"],
    });
  });
});

describe("latestLabelRemover", () => {
  it("compares label names case-insensitively and skips bots", () => {
    expect(
      latestLabelRemover(
        snapshot({ timeline: [labelEvent("unlabeled", "Remy", 1, "AI-Assisted")] }),
        "ai-assisted",
      ),
    ).toBe("Remy");
    expect(
      latestLabelRemover(
        snapshot({ timeline: [labelEvent("unlabeled", "x[bot]", 1)] }),
        "ai-assisted",
      ),
    ).toBeNull();
  });
});
