/** What the handlers read from a webhook payload: the repository, installation and sender. */
import type { Context, Logger } from "probot";
import type { GitHubClient } from "../github/client.js";

export interface RepoPayload {
  repository: {
    name: string;
    owner: { login: string; type?: string };
    custom_properties?: Record<string, string | string[] | null>;
  };
  installation?: { id: number };
  sender?: { login: string; type: string };
}

export function installationId(payload: RepoPayload): number {
  return payload.installation?.id ?? 0;
}

/**
 * The payload's custom properties; undefined (read them through REST) when
 * an organisation's repository arrives without them. Only organisations
 * have custom properties, so a user's repository has none to read.
 */
export function payloadProperties(
  payload: RepoPayload,
): Record<string, string | string[] | null> | null | undefined {
  const repo = payload.repository;
  if (repo.custom_properties) return repo.custom_properties;
  return repo.owner.type === "Organization" ? undefined : null;
}

/** Where a PR lives and the client to judge it with: from a webhook's context, or a queued job. */
export interface PullPlace {
  gh: GitHubClient;
  log: Logger;
  installationId: number;
  owner: string;
  repo: string;
  /** As the payload carried them; undefined: read through REST. */
  customProperties: Record<string, string | string[] | null> | null | undefined;
}

export function placeOf(context: Context): PullPlace {
  const payload = context.payload as RepoPayload;
  return {
    gh: context.octokit as GitHubClient,
    log: context.log,
    installationId: installationId(payload),
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    customProperties: payloadProperties(payload),
  };
}
