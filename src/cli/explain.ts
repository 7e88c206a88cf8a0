/**
 * `countersign explain OWNER/REPO#N | PR-URL` (SPEC §11): fetch the pull
 * request with GITHUB_TOKEN and print the verdict and explanation the check
 * run would show — the same `judgePull` and renderer the app uses — writing
 * nothing. Talks to GitHub through `@octokit/rest`, the standalone client, so
 * the command needs no Probot app credentials.
 *
 * Exit codes: 0 success or neutral, 1 failure, 2 usage or access errors
 * (bad arguments, no token, the PR unreadable, GitHub unreachable).
 */
import { Octokit } from "@octokit/rest";
import type { GitHubClient } from "../github/client.js";
import { networkReason, requestIdOf, statusOf, unanswered } from "../github/errors.js";
import { MemoryTeamStore } from "../github/team-cache.js";
import { judgePull } from "../pipeline/judge.js";
import { renderCheck } from "../render/check-output.js";
import type { CliIo } from "./validate.js";

export const EXPLAIN_USAGE = `usage: countersign explain OWNER/REPO#N | PR-URL [--json]
  Prints the verdict and explanation the countersign check run would show for a
  pull request, without writing anything to GitHub. Needs GITHUB_TOKEN (a token
  that can read the repository, its pull requests and team memberships).
  PR-URL: https://github.com/OWNER/REPO/pull/N, or a GitHub Enterprise Server URL
  https://HOST/OWNER/REPO/pull/N (its API is taken as https://HOST/api/v3).
  Without a URL the API is GITHUB_API_URL, else GHE_HOST (with GHE_PROTOCOL),
  else https://api.github.com.
  Exit 0 success or neutral, 1 failure, 2 usage or access errors.`;

/** Where a pull request lives and how to reach its API. */
export interface ExplainTarget {
  owner: string;
  repo: string;
  number: number;
  /** REST base URL, e.g. https://api.github.com or https://ghe.example/api/v3. */
  apiUrl: string;
  /** Web base URL for links in the output, e.g. https://github.com. */
  webUrl: string;
}

const SHORT = /^([\w.-]+)\/([\w.-]+)#(\d+)$/;
const URL_PATH = /^\/([\w.-]+)\/([\w.-]+)\/pull\/(\d+)(?:\/[\w/-]*)?$/;

/** Parses `OWNER/REPO#N` or a PR URL; a string says what is wrong. */
export function parseTarget(spec: string, env: NodeJS.ProcessEnv): ExplainTarget | string {
  const short = SHORT.exec(spec);
  if (short) {
    const [, owner, repo, n] = short as unknown as [string, string, string, string];
    return { owner, repo, number: Number(n), ...defaultApi(env) };
  }
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    return `"${spec}" is neither OWNER/REPO#N nor a pull request URL`;
  }
  const m = URL_PATH.exec(url.pathname.replace(/\/+$/, ""));
  if (!m || (url.protocol !== "https:" && url.protocol !== "http:")) {
    return `"${spec}" is not a pull request URL (expected https://HOST/OWNER/REPO/pull/N)`;
  }
  const [, owner, repo, n] = m as unknown as [string, string, string, string];
  return { owner, repo, number: Number(n), ...apiForHost(url, env) };
}

function defaultApi(env: NodeJS.ProcessEnv): { apiUrl: string; webUrl: string } {
  if (env.GITHUB_API_URL) {
    const api = env.GITHUB_API_URL.replace(/\/+$/, "");
    const u = new URL(api);
    const webUrl =
      u.hostname === "api.github.com" ? "https://github.com" : `${u.protocol}//${u.host}`;
    return { apiUrl: api, webUrl };
  }
  if (env.GHE_HOST) {
    const web = `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}`;
    return { apiUrl: `${web}/api/v3`, webUrl: web };
  }
  return { apiUrl: "https://api.github.com", webUrl: "https://github.com" };
}

/** github.com's API is api.github.com; any other host is GitHub Enterprise Server at /api/v3. */
function apiForHost(url: URL, env: NodeJS.ProcessEnv): { apiUrl: string; webUrl: string } {
  if (url.hostname === "github.com" || url.hostname === "www.github.com") {
    return { apiUrl: "https://api.github.com", webUrl: "https://github.com" };
  }
  const web = `${url.protocol}//${url.host}`;
  // An explicit API URL for the same host wins (a proxy path, a different port).
  const configured = env.GITHUB_API_URL ? defaultApi(env) : null;
  if (configured && new URL(configured.apiUrl).hostname === url.hostname) {
    return { apiUrl: configured.apiUrl, webUrl: web };
  }
  return { apiUrl: `${web}/api/v3`, webUrl: web };
}

export async function runExplain(
  args: string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(EXPLAIN_USAGE);
    return 0;
  }
  const unknown = args.find((a) => a.startsWith("-") && a !== "--json");
  const specs = args.filter((a) => !a.startsWith("-"));
  if (unknown || specs.length !== 1) {
    io.stderr(
      `countersign explain: ${unknown ? `unknown option ${unknown}` : specs.length === 0 ? "name a pull request" : "one pull request at a time"}`,
    );
    io.stderr(EXPLAIN_USAGE);
    return 2;
  }
  const target = parseTarget(specs[0] as string, env);
  if (typeof target === "string") {
    io.stderr(`countersign explain: ${target}`);
    io.stderr(EXPLAIN_USAGE);
    return 2;
  }
  if (!env.GITHUB_TOKEN) {
    io.stderr("countersign explain: set GITHUB_TOKEN to a token that can read the repository.");
    return 2;
  }
  const gh = new Octokit({
    auth: env.GITHUB_TOKEN,
    baseUrl: target.apiUrl,
    userAgent: "countersign-cli",
    // Octokit's request log goes to the console; the CLI speaks for itself.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  }) as unknown as GitHubClient;

  let judgement: Awaited<ReturnType<typeof judgePull>>;
  try {
    judgement = await judgePull(
      { gh, installationId: 0, teams: new MemoryTeamStore() },
      {
        owner: target.owner,
        repo: target.repo,
        number: target.number,
        appId: env.APP_ID ? Number(env.APP_ID) : null,
        bodyHint: null,
      },
    );
  } catch (err) {
    io.stderr(`countersign explain: ${describeFailure(err, target.apiUrl)}`);
    return 2;
  }
  const { decision, loaded } = judgement;
  const out = renderCheck(decision, {
    owner: target.owner,
    repo: target.repo,
    number: target.number,
    serverUrl: target.webUrl,
    designDoc: loaded.config.design_doc,
  });
  if (args.includes("--json")) io.stdout(JSON.stringify({ ...out, decision }, null, 2));
  else
    io.stdout(
      [`${out.conclusion.toUpperCase()}: ${out.title}`, "", out.summary, out.text].join("\n"),
    );
  return out.conclusion === "failure" ? 1 : 0;
}

/**
 * One line on why the PR could not be read. A request that never got an
 * answer is named as such: Octokit reports it as status 500 without a response.
 */
export function describeFailure(err: unknown, apiUrl: string): string {
  const status = statusOf(err);
  const _e = err as { response?: unknown; message?: string; cause?: { cause?: unknown } };
  const message = err instanceof Error ? err.message : String(err);
  if (unanswered(err)) {
    return `could not reach ${new URL(apiUrl).host}: ${networkReason(err) ?? message}`;
  }
  const id = requestIdOf(err);
  const hint =
    status === 401
      ? " (is GITHUB_TOKEN valid?)"
      : status === 403 || status === 404
        ? " (can GITHUB_TOKEN read this repository?)"
        : "";
  const said = status ? `GitHub answered ${status}: ${message}` : message;
  return `${said}${hint}${id ? ` (request id ${id})` : ""}`;
}
