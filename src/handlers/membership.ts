/** `membership`: a team changed, so its cached members are stale (SPEC §9). */
import type { Context } from "probot";
import { teamKey } from "../github/team-cache.js";
import type { AppContext } from "./app-context.js";

export async function onMembership(ac: AppContext, context: Context<"membership">): Promise<void> {
  const { team, organization, installation } = context.payload;
  if (!team || !("slug" in team) || !installation) return;
  await ac.teams.delete(teamKey(installation.id, `${organization.login}/${team.slug}`));
}
