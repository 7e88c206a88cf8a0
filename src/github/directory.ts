/**
 * Resolving the people behind names before evaluation, so `evaluate` stays
 * pure: team members (REST, members read), repository permissions of command
 * senders and label removers, and CODEOWNERS email owners (user search,
 * which finds public emails only, each hit confirmed by its public profile).
 */
import type { Directory, Permission } from "../model/snapshot.js";
import type { Lookups } from "../policy/lookups.js";
import { BoundedCache } from "../shared/bounded-cache.js";
import type { GitHubClient } from "./client.js";
import { statusOf } from "./errors.js";
import { PAGE_SIZE } from "./limits.js";
import { TEAM_TTL_MS, type TeamStore, teamKey } from "./team-cache.js";

export interface DirectoryContext {
  gh: GitHubClient;
  owner: string;
  repo: string;
  installationId: number;
  teams: TeamStore;
  /** The CODEOWNERS blob the email owners come from: resolved owners are cached with it. */
  codeownersOid?: string | undefined;
}

/**
 * Team and permission reads run this many at a time: a CODEOWNERS naming 50
 * teams cost 50 sequential round trips (~0.8 s) on a PR's first evaluation.
 * GitHub's secondary limits allow 100 concurrent requests; Probot's throttle
 * lets 10 through at once. Email owners stay one at a time (user search is
 * limited to 30 requests a minute).
 */
export const LOOKUP_CONCURRENCY = 8;

export async function resolveDirectory(ctx: DirectoryContext, needs: Lookups): Promise<Directory> {
  const dir: Directory = { teams: {}, permissions: {}, emails: {} };
  await eachLimited(unique(needs.teams), async (team) => {
    dir.teams[team] = await teamMembers(ctx, team);
  });
  await eachLimited(unique(needs.permissions), async (login) => {
    dir.permissions[login] = await permission(ctx, login);
  });
  for (const email of unique(needs.emails)) dir.emails[email] = await emailOwner(ctx, email);
  return dir;
}

/**
 * Runs `fn` over `items`, at most `LOOKUP_CONCURRENCY` at once. The first
 * failure fails the whole and stops the other lanes taking more: after a
 * spent or secondary limit, GitHub asked us to stop asking.
 */
async function eachLimited<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      try {
        await fn(items[next++]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, items.length) }, lane));
}

function unique(xs: string[]): string[] {
  return [...new Set(xs.map((x) => x.toLowerCase()))];
}

async function teamMembers(ctx: DirectoryContext, team: string): Promise<string[] | null> {
  const key = teamKey(ctx.installationId, team);
  const cached = await ctx.teams.get(key);
  if (cached !== undefined) return cached;
  const [org, slug] = team.split("/") as [string, string];
  let members: string[] | null;
  try {
    const list = await ctx.gh.paginate(ctx.gh.rest.teams.listMembersInOrg, {
      org,
      team_slug: slug,
      per_page: PAGE_SIZE,
    });
    members = list.map((m) => m.login.toLowerCase());
  } catch (err) {
    // An unknown or invisible team owns nothing: said in the check, not guessed.
    if (statusOf(err) !== 404) throw err;
    members = null;
  }
  await ctx.teams.set(key, members, TEAM_TTL_MS);
  return members;
}

async function permission(ctx: DirectoryContext, login: string): Promise<Permission> {
  try {
    const { data } = await ctx.gh.rest.repos.getCollaboratorPermissionLevel({
      owner: ctx.owner,
      repo: ctx.repo,
      username: login,
    });
    return (data.permission as Permission) ?? "none";
  } catch (err) {
    if (statusOf(err) === 404) return "none";
    throw err;
  }
}

/**
 * Resolved email owners, per installation, CODEOWNERS blob and address (a new
 * CODEOWNERS resolves afresh); a profile's public email can change, hence the
 * TTL, and the size bound keeps a long-running process's memory flat.
 */
const emailOwners = new BoundedCache<string | null>(1_000, 10 * 60_000);
/** Search hits confirmed per address: one account at most can have it verified, so a few suffice. */
const SEARCH_HITS = 5;

async function emailOwner(ctx: DirectoryContext, email: string): Promise<string | null> {
  const key = `${ctx.installationId}:${ctx.codeownersOid ?? ""}:${email}`;
  const hit = emailOwners.get(key);
  if (hit !== undefined) return hit;
  const login = await confirmedOwner(ctx.gh, email);
  emailOwners.set(key, login);
  return login;
}

/**
 * User search (`in:email`) finds public emails only, but its hits carry no
 * email and it matches loosely, so a hit is no proof: each is confirmed with
 * the user's public profile, whose `email` is the public one (null when
 * private). The first hit whose public email is the address owns it.
 */
async function confirmedOwner(gh: GitHubClient, email: string): Promise<string | null> {
  const { data } = await gh.rest.search.users({ q: `${email} in:email`, per_page: SEARCH_HITS });
  for (const item of data.items.slice(0, SEARCH_HITS)) {
    const profile = await publicEmail(gh, item.login);
    if (profile?.toLowerCase() === email.toLowerCase()) return item.login.toLowerCase();
  }
  return null;
}

async function publicEmail(gh: GitHubClient, login: string): Promise<string | null> {
  try {
    const { data } = await gh.rest.users.getByUsername({ username: login });
    return data.email ?? null;
  } catch (err) {
    // A hit deleted or renamed since the search is no owner.
    if (statusOf(err) === 404) return null;
    throw err;
  }
}
