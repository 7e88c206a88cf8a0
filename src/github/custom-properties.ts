/**
 * Repository custom properties (SPEC §2 `repository_tags_property`). GraphQL
 * has none; webhook payloads carry `repository.custom_properties`, and where
 * an event lacks them (or outside the app, in `countersign explain`) they
 * are read through REST, so the verdict does not depend on the event kind.
 */
import type { GitHubClient } from "./client.js";
import { statusOf } from "./errors.js";

export type CustomProperties = Record<string, string | string[] | null>;

/** null when the repository has no custom properties to read (a user's repository, or no access). */
export async function readCustomProperties(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
): Promise<CustomProperties | null> {
  try {
    const { data } = await gh.request("GET /repos/{owner}/{repo}/properties/values", repo);
    return Object.fromEntries(
      (data as { property_name: string; value: string | string[] | null }[]).map((p) => [
        p.property_name,
        p.value,
      ]),
    );
  } catch (err) {
    const status = statusOf(err);
    if (status === 404 || status === 403) return null;
    throw err;
  }
}
