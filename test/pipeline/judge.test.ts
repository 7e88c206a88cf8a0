import type { GitHubClient } from "../../src/github/client.js";
import { MemoryTeamStore } from "../../src/github/team-cache.js";
import type { Decision } from "../../src/model/decision.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { type Judgement, withRightsOf } from "../../src/pipeline/judge.js";
import { withdrawnOverride } from "../../src/policy/override-withdrawal.js";
import { comment, snapshot } from "../policy/override-fixtures.js";
import { directoryOf, loaded } from "../support/snapshot-builder.js";

/** A client answering only the two directory look-ups an override needs, counting them. */
function fakeGitHub(permissions: Record<string, string>, teams: Record<string, string[]> = {}) {
  const calls: string[] = [];
  const gh = {
    rest: {
      repos: {
        getCollaboratorPermissionLevel: async ({ username }: { username: string }) => {
          calls.push(`permission ${username}`);
          return { data: { permission: permissions[username] ?? "none" } };
        },
      },
      teams: { listMembersInOrg: {} },
    },
    paginate: async (_route: unknown, { org, team_slug }: { org: string; team_slug: string }) => {
      calls.push(`team ${org}/${team_slug}`);
      return (teams[`${org}/${team_slug}`] ?? []).map((login) => ({ login }));
    },
  } as unknown as GitHubClient;
  return { gh, calls };
}

function judgement(snap: Snapshot, input: unknown = {}): Judgement {
  return {
    snapshot: snap,
    directory: directoryOf(snap),
    loaded: loaded(input),
    decision: {} as Decision,
  };
}

const OVERRIDE = "/countersign override hotfix";

describe("withRightsOf", () => {
  it("looks up the rights of an override's sender that the snapshot shows edited, so its withdrawal can be told", async () => {
    const before = comment("carol", OVERRIDE);
    const after = { ...before, body: `${OVERRIDE}!`, lastEditedAt: before.createdAt };
    const snap = snapshot({ comments: [after], permissions: {} });
    const { gh, calls } = fakeGitHub({ carol: "admin" });
    const deps = { gh, installationId: 1, teams: new MemoryTeamStore() };

    const extended = await withRightsOf(deps, judgement(snap), before);

    expect(calls).toEqual(["permission carol"]);
    expect(extended.permissions).toEqual({ carol: "admin" });
    expect(withdrawnOverride(before, snap, directoryOf(snap), loaded().config)).toBeNull();
    expect(withdrawnOverride(before, snap, extended, loaded().config)?.login).toBe("carol");
  });

  it("covers a deleted override and a comment the snapshot does not hold yet", async () => {
    const deleted = comment("carol", OVERRIDE);
    const { gh, calls } = fakeGitHub({ carol: "write" });
    const deps = { gh, installationId: 1, teams: new MemoryTeamStore() };
    const extended = await withRightsOf(
      deps,
      judgement(snapshot({ comments: [], permissions: {} })),
      deleted,
    );
    expect(calls).toEqual(["permission carol"]);
    expect(extended.permissions).toEqual({ carol: "write" });
  });

  it("asks nothing for someone already looked up, a comment without an override, the PR author or a bot", async () => {
    const { gh, calls } = fakeGitHub({});
    const deps = { gh, installationId: 1, teams: new MemoryTeamStore() };
    const snap = snapshot();
    for (const c of [
      comment("wendy", OVERRIDE),
      comment("carol", "LGTM"),
      comment("paula", OVERRIDE),
      comment("ci[bot]", OVERRIDE),
    ]) {
      expect(await withRightsOf(deps, judgement(snap), c)).toEqual(directoryOf(snap));
    }
    expect(calls).toEqual([]);
  });

  it("looks up the allowed teams when the snapshot had no reason to", async () => {
    const { gh, calls } = fakeGitHub({}, { "acme/sre": ["carol"] });
    const deps = { gh, installationId: 1, teams: new MemoryTeamStore() };
    const extended = await withRightsOf(
      deps,
      judgement(snapshot({ permissions: {} }), { overrides: { allowed: ["@acme/sre"] } }),
      comment("carol", OVERRIDE),
    );
    expect(calls).toEqual(["team acme/sre"]);
    expect(extended.teams).toEqual({ "acme/sre": ["carol"] });
  });
});
