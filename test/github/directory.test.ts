import type { GitHubClient } from "../../src/github/client.js";
import {
  type DirectoryContext,
  LOOKUP_CONCURRENCY,
  resolveDirectory,
} from "../../src/github/directory.js";
import { MemoryTeamStore } from "../../src/github/team-cache.js";
import { BoundedCache } from "../../src/shared/bounded-cache.js";

/** A client with user search and public profiles: `hits` per query address, `profiles` login → public email. */
function fakeGitHub(hits: Record<string, string[]>, profiles: Record<string, string | null>) {
  const calls: string[] = [];
  const gh = {
    rest: {
      search: {
        users: async ({ q }: { q: string }) => {
          calls.push(`search ${q}`);
          const address = q.replace(/ in:email$/, "");
          return { data: { items: (hits[address] ?? []).map((login) => ({ login })) } };
        },
      },
      users: {
        getByUsername: async ({ username }: { username: string }) => {
          calls.push(`profile ${username}`);
          if (!(username in profiles)) throw Object.assign(new Error("Not Found"), { status: 404 });
          return { data: { login: username, email: profiles[username] } };
        },
      },
    },
  } as unknown as GitHubClient;
  return { gh, calls };
}

let installation = 1;
function context(gh: GitHubClient, codeownersOid = "blob1"): DirectoryContext {
  return {
    gh,
    owner: "acme",
    repo: "api",
    installationId: installation,
    teams: new MemoryTeamStore(),
    codeownersOid,
  };
}

async function emails(ctx: DirectoryContext, ...addresses: string[]) {
  return (await resolveDirectory(ctx, { teams: [], permissions: [], emails: addresses })).emails;
}

beforeEach(() => {
  installation++;
});

describe("CODEOWNERS email owners", () => {
  it("accepts a search hit whose public email is the address, in any case", async () => {
    const { gh } = fakeGitHub({ "ann@acme.dev": ["Ann"] }, { Ann: "Ann@Acme.dev" });
    expect(await emails(context(gh), "ann@acme.dev")).toEqual({ "ann@acme.dev": "ann" });
  });

  it("refuses a search hit whose public email differs, or is private", async () => {
    const { gh, calls } = fakeGitHub(
      { "ann@acme.dev": ["mallory"], "bob@acme.dev": ["bob"] },
      { mallory: "ann@acme.dev.evil.example", bob: null },
    );
    expect(await emails(context(gh), "ann@acme.dev", "bob@acme.dev")).toEqual({
      "ann@acme.dev": null,
      "bob@acme.dev": null,
    });
    expect(calls).toEqual([
      "search ann@acme.dev in:email",
      "profile mallory",
      "search bob@acme.dev in:email",
      "profile bob",
    ]);
  });

  it("takes the hit that confirms, skipping one deleted since the search", async () => {
    const { gh } = fakeGitHub(
      { "ann@acme.dev": ["gone", "annie", "ann"] },
      { annie: "annie@acme.dev", ann: "ann@acme.dev" },
    );
    expect(await emails(context(gh), "ann@acme.dev")).toEqual({ "ann@acme.dev": "ann" });
  });

  it("asks again only when the CODEOWNERS blob changes", async () => {
    const { gh, calls } = fakeGitHub({ "ann@acme.dev": ["ann"] }, { ann: "ann@acme.dev" });
    await emails(context(gh, "blob1"), "ann@acme.dev");
    await emails(context(gh, "blob1"), "ann@acme.dev");
    expect(calls).toHaveLength(2);
    await emails(context(gh, "blob2"), "ann@acme.dev");
    expect(calls).toHaveLength(4);
  });
});

describe("BoundedCache", () => {
  it("drops the least recently used entry past its size", () => {
    const cache = new BoundedCache<number | null>(2, 1_000);
    cache.set("a", 1);
    cache.set("b", null);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
  });

  it("forgets an entry once its time to live has passed", () => {
    let now = 0;
    const cache = new BoundedCache<string | null>(10, 1_000, () => now);
    cache.set("a", null);
    now = 999;
    expect(cache.get("a")).toBeNull();
    now = 1_000;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

describe("team look-ups", () => {
  it("reads a CODEOWNERS' many teams a few at a time, not one round trip after another", async () => {
    let inFlight = 0;
    let most = 0;
    const gh = {
      rest: { teams: { listMembersInOrg: {} } },
      paginate: async (_route: unknown, { team_slug }: { team_slug: string }) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return [{ login: `Lead-${team_slug}` }];
      },
    } as unknown as GitHubClient;
    const teams = Array.from({ length: 30 }, (_, i) => `acme/team-${i}`);
    const dir = await resolveDirectory(context(gh), { teams, permissions: [], emails: [] });
    expect(Object.keys(dir.teams)).toHaveLength(30);
    expect(dir.teams["acme/team-29"]).toEqual(["lead-team-29"]);
    expect(most).toBe(LOOKUP_CONCURRENCY);
  });
});

describe("team look-ups that fail", () => {
  it("stop asking once one fails (a spent or secondary limit means stop), and fail the whole directory", async () => {
    const asked: string[] = [];
    const gh = {
      rest: { teams: { listMembersInOrg: {} } },
      paginate: async (_route: unknown, { team_slug }: { team_slug: string }) => {
        asked.push(team_slug);
        await new Promise((r) => setTimeout(r, 5));
        if (team_slug === "team-0") throw Object.assign(new Error("Bad Gateway"), { status: 502 });
        return [];
      },
    } as unknown as GitHubClient;
    const teams = Array.from({ length: 40 }, (_, i) => `acme/team-${i}`);
    await expect(
      resolveDirectory(context(gh), { teams, permissions: [], emails: [] }),
    ).rejects.toThrow("Bad Gateway");
    await new Promise((r) => setTimeout(r, 50));
    // The 8 lanes' first round, and nothing after the failure.
    expect(asked.length).toBe(LOOKUP_CONCURRENCY);
  });
});
