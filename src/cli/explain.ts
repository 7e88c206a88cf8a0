/**
 * `countersign explain OWNER/REPO#N` (SPEC §10): fetch the pull request with
 * GITHUB_TOKEN and print the verdict and explanation the check run would
 * show — the same snapshot, evaluation and renderer — writing nothing.
 */
import { ProbotOctokit } from "probot";
import type { GitHubClient } from "../github/client.js";
import { describeError, requestIdOf } from "../github/errors.js";
import { MemoryTeamStore } from "../github/team-cache.js";
import { judgePull } from "../pipeline/judge.js";
import { renderCheck } from "../render/check-output.js";
import { serverUrl } from "../startup.js";
import type { CliIo } from "./validate.js";

const TARGET = /^([\w.-]+)\/([\w.-]+)#(\d+)$/;
const USAGE = "usage: countersign explain OWNER/REPO#N [--json]   (needs GITHUB_TOKEN)";

export async function runExplain(
  args: string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const spec = args.find((a) => !a.startsWith("-"));
  const m = spec ? TARGET.exec(spec) : null;
  if (args.includes("--help") || !m) {
    (m ? io.stdout : io.stderr)(USAGE);
    return m ? 0 : 2;
  }
  if (!env.GITHUB_TOKEN) {
    io.stderr("countersign explain: set GITHUB_TOKEN to a token that can read the repository.");
    return 2;
  }
  const [, owner, repo, number] = m as unknown as [string, string, string, string];
  const gh = clientFor(env);
  try {
    const { decision, loaded } = await judgePull(
      { gh, installationId: 0, teams: new MemoryTeamStore() },
      {
        owner,
        repo,
        number: Number(number),
        appId: env.APP_ID ? Number(env.APP_ID) : null,
        bodyHint: null,
      },
    );
    const out = renderCheck(decision, {
      owner,
      repo,
      number: Number(number),
      serverUrl: serverUrl(env),
      designDoc: loaded.config.design_doc,
    });
    if (args.includes("--json")) io.stdout(JSON.stringify({ ...out, decision }, null, 2));
    else
      io.stdout(
        [`${out.conclusion.toUpperCase()}: ${out.title}`, "", out.summary, out.text].join("\n"),
      );
    return 0;
  } catch (err) {
    const id = requestIdOf(err);
    io.stderr(`countersign explain: ${describeError(err)}${id ? ` (request id ${id})` : ""}`);
    return 1;
  }
}

function clientFor(env: NodeJS.ProcessEnv): GitHubClient {
  const baseUrl = env.GHE_HOST
    ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3`
    : undefined;
  return new ProbotOctokit({
    auth: { token: env.GITHUB_TOKEN },
    ...(baseUrl ? { baseUrl } : {}),
    throttle: { enabled: false },
    retry: { enabled: false },
  }) as unknown as GitHubClient;
}
