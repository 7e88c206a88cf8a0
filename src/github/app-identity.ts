/** The app's own identity (`GET /app`): its id finds its check runs, its slug its bot account. */
import type { GitHubClient } from "./client.js";

export interface AppIdentity {
  id: number;
  slug: string | null;
}

export async function readAppIdentity(gh: GitHubClient): Promise<AppIdentity | null> {
  const { data } = await gh.rest.apps.getAuthenticated();
  return data ? { id: data.id, slug: data.slug ?? null } : null;
}
