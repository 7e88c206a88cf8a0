/**
 * Every write of the `countersign` check run goes through `reportCheck`
 * (as the DCO app funnels through `reportDCO`): one check run per head SHA,
 * updated in place, never rewriting its `started_at` — overrides are judged
 * against the time Countersign first reported on a head (SPEC §7, §8).
 */
import type { Conclusion } from "../model/decision.js";
import { CHECK_NAME, firstRunOf } from "../policy/first-run.js";
import type { GitHubClient } from "./client.js";

export interface CheckReport {
  owner: string;
  repo: string;
  headSha: string;
  /** The run already on this head (from the snapshot), to update in place. */
  existingId: number | null;
  conclusion: Conclusion;
  title: string;
  summary: string;
  text: string;
  detailsUrl?: string;
}

export async function reportCheck(gh: GitHubClient, r: CheckReport): Promise<number> {
  const output = { title: r.title, summary: r.summary, ...(r.text ? { text: r.text } : {}) };
  const common = {
    owner: r.owner,
    repo: r.repo,
    status: "completed" as const,
    conclusion: r.conclusion,
    completed_at: new Date().toISOString(),
    output,
    ...(r.detailsUrl ? { details_url: r.detailsUrl } : {}),
  };
  if (r.existingId != null) {
    await gh.rest.checks.update({ ...common, check_run_id: r.existingId });
    return r.existingId;
  }
  const { data } = await gh.rest.checks.create({
    ...common,
    name: CHECK_NAME,
    head_sha: r.headSha,
  });
  return data.id;
}

/**
 * When the snapshot could not be read we do not know the existing run: look
 * it up (one extra read, only on this error path) so a head keeps one run,
 * and its state (in `output.text`) survives the failure write.
 */
export async function findCheckRun(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  headSha: string,
  appId: number | null,
): Promise<{ id: number; text: string | null } | null> {
  const { data } = await gh.rest.checks.listForRef({
    owner: repo.owner,
    repo: repo.repo,
    ref: headSha,
    check_name: CHECK_NAME,
    ...(appId != null ? { app_id: appId } : {}),
    filter: "all",
  });
  const runs = data.check_runs.map((r) => ({
    databaseId: r.id,
    name: r.name,
    startedAt: r.started_at ?? null,
    conclusion: r.conclusion ?? null,
    text: r.output?.text ?? null,
  }));
  const first = firstRunOf(runs);
  return first ? { id: first.databaseId, text: first.text ?? null } : null;
}
