/** Override pinning to the PR's arrival at its head, and revokes that stand once seen (SPEC §8). */

import type { Config } from "../../src/model/config-schema.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { evaluateOverrides as evaluateOverridesOf } from "../../src/policy/overrides.js";
import { directoryOf } from "../support/snapshot-builder.js";
import { at, comment, config, HEAD, snapshot } from "./override-fixtures.js";

const evaluateOverrides = (s: Snapshot, c: Config) => evaluateOverridesOf(s, directoryOf(s), c);

const OVERRIDE = "/countersign override hotfix";

function withState(s: Snapshot, arrivedAt: string | null, revokes = [] as never[]): Snapshot {
  return { ...s, headState: { pulls: { "7": { arrivedAt, revokes } }, pushers: [] } };
}

describe("override pinning", () => {
  it("an override written before the PR arrived back at the head does not count; one after does", () => {
    const before = comment("root-admin", OVERRIDE, 5);
    const after = comment("root-admin", OVERRIDE, 12);
    const s = withState(snapshot({ comments: [before, after] }), at(10));
    const result = evaluateOverrides(s, config());
    expect(result.active.map((u) => u.url)).toEqual([after.url]);
    expect(result.ignored).toEqual([
      expect.objectContaining({
        login: "root-admin",
        reason: "written before the pull request's head returned to abc1234; repeat it",
      }),
    ]);
  });

  it("force-pushes to this head, restores and reopens in the timeline are arrivals too; equal seconds do not count", () => {
    const o = comment("root-admin", OVERRIDE, 10);
    for (const event of [
      { kind: "head-force-pushed" as const, afterOid: HEAD, actor: null, createdAt: at(10) },
      { kind: "head-restored" as const, actor: null, createdAt: at(11) },
      { kind: "reopened" as const, actor: null, createdAt: at(10) },
    ]) {
      const result = evaluateOverrides(snapshot({ comments: [o], timeline: [event] }), config());
      expect(result.effective).toBe(false);
    }
    const elsewhere = {
      kind: "head-force-pushed" as const,
      afterOid: "f".repeat(40),
      actor: null,
      createdAt: at(11),
    };
    expect(
      evaluateOverrides(snapshot({ comments: [o], timeline: [elsewhere] }), config()).effective,
    ).toBe(true);
  });
});

describe("revokes recorded in the head's state", () => {
  it("withdraw the override even after the revoke comment is gone", () => {
    const o = comment("root-admin", OVERRIDE, 5);
    const recorded = { id: 99, by: "root-admin", of: null, at: at(6) };
    const s = withState(snapshot({ comments: [o] }), null, [recorded] as never[]);
    const result = evaluateOverrides(s, config());
    expect(result.effective).toBe(false);
    expect(result.ignored[0]?.reason).toBe("revoked by a later /countersign revoke");
  });

  it("withdraw only overrides written before them", () => {
    const recorded = { id: 99, by: "root-admin", of: null, at: at(6) };
    const later = comment("root-admin", OVERRIDE, 8);
    const s = withState(snapshot({ comments: [later] }), null, [recorded] as never[]);
    expect(evaluateOverrides(s, config()).effective).toBe(true);
  });

  it("`revoke @user` by an admin withdraws another's override; by a writer it does nothing", () => {
    const o = comment("other-admin", OVERRIDE, 5);
    const byWriter = comment("wendy", "/countersign revoke @other-admin", 6);
    expect(evaluateOverrides(snapshot({ comments: [o, byWriter] }), config()).effective).toBe(true);
    const byAdmin = comment("root-admin", "/countersign revoke @other-admin", 7);
    expect(
      evaluateOverrides(snapshot({ comments: [o, byWriter, byAdmin] }), config()).effective,
    ).toBe(false);
  });
});
