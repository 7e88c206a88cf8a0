/**
 * Resolving the people behind names before evaluation, so `evaluate` stays
 * pure: team members (REST, members read), repository permissions of command
 * senders and label removers, and CODEOWNERS email owners (user search,
 * which finds public emails only).
 */
import type { Directory, Permission } from "../policy/snapshot.js";
import type { GitHubClient } from "./client.js";
import { statusOf } from "./errors.js";
import { PAGE_SIZE } from "./limits.js";
import { TEAM_TTL_MS, type TeamStore, teamKey } from "./team-cache.js";

export interface Needs {
  teams: string[];
  permissions: string[];
  emails: string[];
}

export interface DirectoryContext {
  gh: GitHubClient;
  owner: string;
  repo: string;
  installationId: number;
  teams: TeamStore;
}

export async function resolveDirectory(ctx: DirectoryContext, needs: Needs): Promise<Directory> {
  const dir: Directory = { teams: {}, permissions: {}, emails: {} };
  for (const team of unique(needs.teams)) dir.teams[team] = await teamMembers(ctx, team);
  for (const login of unique(needs.permissions))
    dir.permissions[login] = await permission(ctx, login);
  for (const email of unique(needs.emails)) dir.emails[email] = await emailOwner(ctx, email);
  return dir;
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

/** Email owners resolve once per address per process (they come from one CODEOWNERS blob). */
const emailCache = new Map<string, string | null>();

async function emailOwner(ctx: DirectoryContext, email: string): Promise<string | null> {
  const key = `${ctx.installationId}:${email}`;
  if (emailCache.has(key)) return emailCache.get(key)!;
  const { data } = await ctx.gh.rest.search.users({ q: `${email} in:email`, per_page: 2 });
  const login = data.items.length === 1 ? data.items[0]!.login.toLowerCase() : null;
  emailCache.set(key, login);
  return login;
}
