/**
 * The REST routes of the GitHub double (paths below `/api/v3`), with
 * GitHub's status codes, validation errors and pagination. Each route reads
 * or writes the shared model; what the app writes is authored by its bot.
 */
import {
  type CheckRunInput,
  type GitHubModel,
  isoSeconds,
  type Permission,
  type PullModel,
  type RepoModel,
} from "./model.js";
import { restPage } from "./pagination.js";
import {
  APP_EVENTS,
  APP_PERMISSIONS,
  restApp,
  restCheckRun,
  restComment,
  restFile,
  restLabel,
  restPull,
  restReaction,
  restRepo,
  restUser,
} from "./shapes.js";

const DOCS = "https://docs.github.com/rest";

export interface RestRequest {
  method: string;
  /** Path below `/api/v3`, e.g. `/repos/acme/api/check-runs`. */
  path: string;
  /** The absolute request URL (for `Link` headers). */
  url: URL;
  body: unknown;
  auth: RequestAuth;
}

export interface RequestAuth {
  kind: "none" | "token" | "jwt" | "bad-jwt" | "unknown-token";
  /** The installation of a token the double issued. */
  installationId?: number;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RestEnv {
  model: GitHubModel;
  /** Non-`/app` routes need an installation token the double issued. */
  strictAuth: boolean;
  issueToken(installationId: number): { token: string; expiresAt: string };
}

type Params = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: request bodies are untyped JSON.
type Body = any;

interface RouteContext {
  req: RestRequest;
  params: Params;
  body: Body;
  env: RestEnv;
  m: GitHubModel;
}

type Handler = (ctx: RouteContext) => RestResponse;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  /** `/app…` routes authenticate with the app's JWT; the others with an installation token. */
  jwt: boolean;
  handler: Handler;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body["message"]));
  }
}

const notFound = () => new HttpError(404, { message: "Not Found", documentation_url: DOCS });

function validationFailed(message: string, errors: Record<string, unknown>[] = []): HttpError {
  return new HttpError(422, { message, errors, documentation_url: DOCS, status: "422" });
}

const ok = (body: unknown, status = 200, headers?: Record<string, string>): RestResponse => ({
  status,
  body,
  headers,
});

const ROUTES: Route[] = [];

function route(method: string, template: string, handler: Handler): void {
  const names: string[] = [];
  const source = template.replace(/:(\w+)/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  ROUTES.push({
    method,
    pattern: new RegExp(`^${source}/?$`),
    names,
    jwt: template.startsWith("/app"),
    handler,
  });
}

/** The repository of a route (404 when unknown, or invisible to the token's installation). */
function repoOf(ctx: RouteContext): RepoModel {
  const r = ctx.m.findRepo(`${ctx.params["owner"]}/${ctx.params["repo"]}`);
  const installation = ctx.req.auth.installationId;
  if (!r || (installation !== undefined && r.installationId !== installation)) throw notFound();
  return r;
}

function pullOf(ctx: RouteContext): PullModel {
  const pr = repoOf(ctx).pulls.get(Number(ctx.params["number"]));
  if (!pr) throw notFound();
  return pr;
}

function commentOf(ctx: RouteContext) {
  const found = ctx.m.findComment(Number(ctx.params["id"]));
  if (!found || found.pr.repo !== repoOf(ctx)) throw notFound();
  return found;
}

function paged<T>(ctx: RouteContext, items: readonly T[], cap?: number): RestResponse {
  const page = restPage(items, ctx.req.url, cap);
  return ok(page.items, 200, page.link ? { link: page.link } : undefined);
}

function labelNames(body: Body): string[] {
  const list = Array.isArray(body) ? body : body?.labels;
  if (!Array.isArray(list))
    throw validationFailed('Invalid request.\n\nNo subschema in "anyOf" matched.');
  return list.map((l: unknown) =>
    typeof l === "string" ? l : String((l as { name?: unknown })?.name ?? ""),
  );
}

// ---------------------------------------------------------------- the app and its installations

route("POST", "/app/installations/:id/access_tokens", ({ params, env }) => {
  const { token, expiresAt } = env.issueToken(Number(params["id"]));
  return ok(
    {
      token,
      expires_at: expiresAt,
      permissions: APP_PERMISSIONS,
      repository_selection: "all",
    },
    201,
  );
});

route("GET", "/app", ({ m }) => ok(restApp(m, m.app)));

route("GET", "/app/installations/:id", ({ m, params }) => {
  const id = Number(params["id"]);
  const owner = [...m.installations].find(([, i]) => i === id)?.[0];
  if (!owner) throw notFound();
  return ok(installationJson(m, id, owner));
});

route("GET", "/repos/:owner/:repo/installation", (ctx) => {
  const r = ctx.m.findRepo(`${ctx.params["owner"]}/${ctx.params["repo"]}`);
  if (!r) throw notFound();
  return ok(installationJson(ctx.m, r.installationId, r.owner));
});

function installationJson(m: GitHubModel, id: number, owner: string) {
  return {
    id,
    account: restUser(m, m.actor(owner)),
    app_id: m.app.id,
    app_slug: m.app.slug,
    target_type: m.actor(owner).type,
    repository_selection: "all",
    permissions: APP_PERMISSIONS,
    events: APP_EVENTS,
  };
}

/** The repositories an installation token can see (Octokit's paginate unwraps `repositories`). */
route("GET", "/installation/repositories", (ctx) => {
  const id = ctx.req.auth.installationId;
  const repos = [...ctx.m.repos.values()]
    .filter((r) => r.installationId === id)
    .map((r) => restRepo(ctx.m, r));
  const page = restPage(repos, ctx.req.url);
  return ok(
    { total_count: repos.length, repositories: page.items },
    200,
    page.link ? { link: page.link } : undefined,
  );
});

// ---------------------------------------------------------------- repositories

route("GET", "/repos/:owner/:repo", (ctx) => ok(restRepo(ctx.m, repoOf(ctx))));

route("GET", "/repos/:owner/:repo/properties/values", (ctx) =>
  ok(
    Object.entries(repoOf(ctx).customProperties).map(([property_name, value]) => ({
      property_name,
      value,
    })),
  ),
);

route("GET", "/repos/:owner/:repo/git/blobs/:sha", (ctx) => {
  const r = repoOf(ctx);
  const sha = ctx.params["sha"]!;
  const text = ctx.m.blobs.get(sha);
  if (text === undefined || !ctx.m.hasBlob(r, sha)) throw notFound();
  const bytes = Buffer.from(text, "utf8");
  const content = (bytes.toString("base64").match(/.{1,60}/g) ?? []).join("\n");
  return ok({
    sha,
    node_id: `B_${sha}`,
    size: bytes.length,
    url: `${ctx.m.apiUrl}/repos/${r.fullName}/git/blobs/${sha}`,
    content: content ? `${content}\n` : "",
    encoding: "base64",
  });
});

route("GET", "/repos/:owner/:repo/collaborators/:user/permission", (ctx) => {
  const r = repoOf(ctx);
  const user = ctx.m.actor(ctx.params["user"]!);
  const role = ctx.m.permission(r, user.login);
  const legacy: Record<Permission, string> = {
    admin: "admin",
    maintain: "write",
    write: "write",
    triage: "read",
    read: "read",
    none: "none",
  };
  const rank = ["none", "read", "triage", "write", "maintain", "admin"].indexOf(role);
  return ok({
    permission: legacy[role],
    role_name: role,
    user: {
      ...restUser(ctx.m, user),
      permissions: {
        admin: rank >= 5,
        maintain: rank >= 4,
        push: rank >= 3,
        triage: rank >= 2,
        pull: rank >= 1,
      },
      role_name: role,
    },
  });
});

// ---------------------------------------------------------------- check runs

const STATUSES = ["queued", "in_progress", "completed", "waiting", "requested", "pending"];
const CONCLUSIONS = [
  "action_required",
  "cancelled",
  "failure",
  "neutral",
  "success",
  "skipped",
  "stale",
  "timed_out",
];
/** GitHub's limit on `output.summary` and `output.text` (checked here in UTF-8 bytes, as SPEC §7 asks). */
const OUTPUT_LIMIT = 65_535;

function checkRunInput(body: Body, creating: boolean): Partial<CheckRunInput> {
  if (typeof body !== "object" || body === null)
    throw validationFailed("Invalid request.\n\nBody must be an object.");
  if (creating && typeof body.name !== "string")
    throw validationFailed('Invalid request.\n\n"name" wasn\'t supplied.');
  if (creating && typeof body.head_sha !== "string") {
    throw validationFailed('Invalid request.\n\n"head_sha" wasn\'t supplied.');
  }
  if (body.status !== undefined && !STATUSES.includes(body.status)) {
    throw validationFailed(
      `Invalid request.\n\nstatus is not included in the list: ${body.status}`,
    );
  }
  if (body.conclusion != null && !CONCLUSIONS.includes(body.conclusion)) {
    throw validationFailed(
      `Invalid request.\n\nconclusion is not included in the list: ${body.conclusion}`,
    );
  }
  if (body.status === "completed" && body.conclusion == null) {
    throw validationFailed(
      "Invalid request.\n\n`conclusion` is required when `status` is 'completed'.",
    );
  }
  if (body.output !== undefined) {
    const o = body.output;
    if (typeof o?.title !== "string" || typeof o?.summary !== "string") {
      throw validationFailed('Invalid request.\n\n"title" and "summary" are required in "output".');
    }
    for (const field of ["summary", "text"] as const) {
      const size = typeof o[field] === "string" ? Buffer.byteLength(o[field], "utf8") : 0;
      if (size > OUTPUT_LIMIT) {
        throw validationFailed(
          `Invalid request.\n\nOnly ${OUTPUT_LIMIT} characters are allowed; ${size} were supplied (output.${field}).`,
        );
      }
    }
  }
  const input = { ...body } as Partial<CheckRunInput>;
  for (const field of ["started_at", "completed_at"] as const) {
    const value = input[field];
    if (value == null) continue;
    const ms = Date.parse(value);
    if (Number.isNaN(ms))
      throw validationFailed(`Invalid request.\n\n${field} is not a timestamp: ${value}`);
    input[field] = isoSeconds(ms);
  }
  return input;
}

route("POST", "/repos/:owner/:repo/check-runs", (ctx) => {
  const r = repoOf(ctx);
  const input = checkRunInput(ctx.body, true) as CheckRunInput;
  if (!r.commits.has(input.head_sha))
    throw validationFailed(`No commit found for SHA: ${input.head_sha}`);
  return ok(restCheckRun(ctx.m, r, ctx.m.createCheckRun(r, input)), 201);
});

function runOf(ctx: RouteContext) {
  const r = repoOf(ctx);
  const run = r.checkRuns.find((c) => c.id === Number(ctx.params["id"]));
  if (!run) throw notFound();
  return { r, run };
}

route("GET", "/repos/:owner/:repo/check-runs/:id", (ctx) => {
  const { r, run } = runOf(ctx);
  return ok(restCheckRun(ctx.m, r, run));
});

route("PATCH", "/repos/:owner/:repo/check-runs/:id", (ctx) => {
  const { r, run } = runOf(ctx);
  if (run.app.id !== ctx.m.app.id) {
    throw new HttpError(403, {
      message: "Resource not accessible by integration",
      documentation_url: DOCS,
    });
  }
  const input = checkRunInput(ctx.body, false);
  return ok(restCheckRun(ctx.m, r, ctx.m.updateCheckRun(run, input)));
});

route("GET", "/repos/:owner/:repo/commits/:ref/check-runs", (ctx) => {
  const r = repoOf(ctx);
  const sha = ctx.m.resolveRev(r, ctx.params["ref"]!);
  if (!sha) throw validationFailed(`No commit found for SHA: ${ctx.params["ref"]}`);
  const q = ctx.req.url.searchParams;
  let runs = ctx.m
    .checkRuns(r, sha)
    .filter((c) => !q.get("check_name") || c.name === q.get("check_name"))
    .filter((c) => !q.get("status") || c.status === q.get("status"))
    .filter((c) => !q.get("app_id") || c.app.id === Number(q.get("app_id")));
  if ((q.get("filter") ?? "latest") === "latest") {
    runs = runs.filter(
      (c, i) => !runs.slice(i + 1).some((o) => o.name === c.name && o.app.id === c.app.id),
    );
  }
  runs = [...runs].reverse();
  const page = restPage(runs, ctx.req.url);
  return ok(
    { total_count: runs.length, check_runs: page.items.map((c) => restCheckRun(ctx.m, r, c)) },
    200,
    page.link ? { link: page.link } : undefined,
  );
});

// ---------------------------------------------------------------- labels

route("GET", "/repos/:owner/:repo/labels", (ctx) => {
  const r = repoOf(ctx);
  return paged(
    ctx,
    [...r.labels.values()].map((l) => restLabel(ctx.m, r, l)),
  );
});

route("POST", "/repos/:owner/:repo/labels", (ctx) => {
  const r = repoOf(ctx);
  const { name, color, description } = (ctx.body ?? {}) as Body;
  if (typeof name !== "string" || name === "") {
    throw validationFailed("Validation Failed", [
      { resource: "Label", code: "missing_field", field: "name" },
    ]);
  }
  if (r.labels.has(name.toLowerCase())) {
    throw validationFailed("Validation Failed", [
      { resource: "Label", code: "already_exists", field: "name" },
    ]);
  }
  const label = ctx.m.ensureLabel(
    r,
    name,
    String(color ?? "ededed").replace(/^#/, ""),
    description ?? null,
  );
  return ok(restLabel(ctx.m, r, label), 201);
});

route("GET", "/repos/:owner/:repo/labels/:name", (ctx) => {
  const r = repoOf(ctx);
  const label = r.labels.get(ctx.params["name"]!.toLowerCase());
  if (!label) throw notFound();
  return ok(restLabel(ctx.m, r, label));
});

route("PATCH", "/repos/:owner/:repo/labels/:name", (ctx) => {
  const r = repoOf(ctx);
  const label = r.labels.get(ctx.params["name"]!.toLowerCase());
  if (!label) throw notFound();
  const { color, description } = (ctx.body ?? {}) as Body;
  if (typeof color === "string") label.color = color.replace(/^#/, "");
  if (typeof description === "string" || description === null) label.description = description;
  return ok(restLabel(ctx.m, r, label));
});

function issueLabels(ctx: RouteContext, pr: PullModel) {
  return pr.labels.map((name) => restLabel(ctx.m, pr.repo, ctx.m.ensureLabel(pr.repo, name)));
}

route("GET", "/repos/:owner/:repo/issues/:number/labels", (ctx) =>
  paged(ctx, issueLabels(ctx, pullOf(ctx))),
);

route("POST", "/repos/:owner/:repo/issues/:number/labels", (ctx) => {
  const pr = pullOf(ctx);
  for (const name of labelNames(ctx.body)) ctx.m.addLabel(pr, name, ctx.m.appBot);
  return ok(issueLabels(ctx, pr));
});

route("PUT", "/repos/:owner/:repo/issues/:number/labels", (ctx) => {
  const pr = pullOf(ctx);
  const wanted = labelNames(ctx.body);
  for (const name of pr.labels.filter(
    (l) => !wanted.some((w) => w.toLowerCase() === l.toLowerCase()),
  )) {
    ctx.m.removeLabel(pr, name, ctx.m.appBot);
  }
  for (const name of wanted) ctx.m.addLabel(pr, name, ctx.m.appBot);
  return ok(issueLabels(ctx, pr));
});

route("DELETE", "/repos/:owner/:repo/issues/:number/labels/:name", (ctx) => {
  const pr = pullOf(ctx);
  if (!ctx.m.removeLabel(pr, ctx.params["name"]!, ctx.m.appBot)) {
    throw new HttpError(404, { message: "Label does not exist", documentation_url: DOCS });
  }
  return ok(issueLabels(ctx, pr));
});

// ---------------------------------------------------------------- comments and reactions

/** GitHub's limit on a comment body. */
const COMMENT_LIMIT = 65_536;

function commentBody(body: Body): string {
  if (typeof body?.body !== "string") {
    throw validationFailed("Validation Failed", [
      { resource: "IssueComment", code: "missing_field", field: "body" },
    ]);
  }
  if (body.body.length > COMMENT_LIMIT) {
    throw validationFailed("Validation Failed", [
      {
        resource: "IssueComment",
        code: "custom",
        field: "body",
        message: "body is too long (maximum is 65536 characters)",
      },
    ]);
  }
  return body.body;
}

route("GET", "/repos/:owner/:repo/issues/:number/comments", (ctx) => {
  const pr = pullOf(ctx);
  const since = ctx.req.url.searchParams.get("since");
  const comments = pr.comments.filter(
    (c) => !since || Date.parse(c.updatedAt) >= Date.parse(since),
  );
  return paged(
    ctx,
    comments.map((c) => restComment(ctx.m, pr, c)),
  );
});

route("POST", "/repos/:owner/:repo/issues/:number/comments", (ctx) => {
  const pr = pullOf(ctx);
  const id = ctx.m.addComment(pr, { author: ctx.m.appBot, body: commentBody(ctx.body) });
  const comment = pr.comments.find((c) => c.databaseId === id)!;
  return ok(restComment(ctx.m, pr, comment), 201);
});

route("GET", "/repos/:owner/:repo/issues/comments/:id", (ctx) => {
  const { pr, comment } = commentOf(ctx);
  return ok(restComment(ctx.m, pr, comment));
});

route("PATCH", "/repos/:owner/:repo/issues/comments/:id", (ctx) => {
  const { pr, comment } = commentOf(ctx);
  if (comment.author?.id !== ctx.m.appBot.id) {
    throw new HttpError(403, {
      message: "Resource not accessible by integration",
      documentation_url: DOCS,
    });
  }
  return ok(restComment(ctx.m, pr, ctx.m.editComment(comment.databaseId, commentBody(ctx.body))));
});

route("DELETE", "/repos/:owner/:repo/issues/comments/:id", (ctx) => {
  const { comment } = commentOf(ctx);
  if (comment.author?.id !== ctx.m.appBot.id) {
    throw new HttpError(403, {
      message: "Resource not accessible by integration",
      documentation_url: DOCS,
    });
  }
  ctx.m.deleteComment(comment.databaseId);
  return { status: 204 };
});

const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];

route("GET", "/repos/:owner/:repo/issues/comments/:id/reactions", (ctx) => {
  const { comment } = commentOf(ctx);
  const content = ctx.req.url.searchParams.get("content");
  const reactions = ctx.m
    .reactions(comment.databaseId)
    .filter((r) => !content || r.content === content);
  return paged(
    ctx,
    reactions.map((r) => restReaction(ctx.m, r)),
  );
});

route("POST", "/repos/:owner/:repo/issues/comments/:id/reactions", (ctx) => {
  const { comment } = commentOf(ctx);
  const content = (ctx.body as Body)?.content;
  if (!REACTIONS.includes(content)) {
    throw validationFailed("Validation Failed", [
      { resource: "Reaction", code: "invalid", field: "content" },
    ]);
  }
  const { reaction, created } = ctx.m.addReaction(comment.databaseId, content, ctx.m.appBot);
  return ok(restReaction(ctx.m, reaction), created ? 201 : 200);
});

// ---------------------------------------------------------------- pull requests

route("GET", "/repos/:owner/:repo/pulls/:number", (ctx) => ok(restPull(ctx.m, pullOf(ctx))));

/** GitHub lists at most 3,000 files of a pull request. */
export const PULL_FILES_CAP = 3000;

route("GET", "/repos/:owner/:repo/pulls/:number/files", (ctx) => {
  const pr = pullOf(ctx);
  return paged(
    ctx,
    ctx.m.changedFiles(pr).map((f) => restFile(ctx.m, pr, f)),
    PULL_FILES_CAP,
  );
});

// ---------------------------------------------------------------- organisations and users

route("GET", "/orgs/:org/teams/:slug/members", (ctx) => {
  const team = ctx.m.team(ctx.params["org"]!, ctx.params["slug"]!);
  if (!team) throw notFound();
  return paged(
    ctx,
    team.members.map((login) => restUser(ctx.m, ctx.m.actor(login))),
  );
});

route("GET", "/orgs/:org/teams/:slug/memberships/:user", (ctx) => {
  const team = ctx.m.team(ctx.params["org"]!, ctx.params["slug"]!);
  const user = ctx.params["user"]!.toLowerCase();
  if (!team?.members.some((m) => m.toLowerCase() === user)) throw notFound();
  return ok({
    url: `${ctx.m.apiUrl}/orgs/${team.org}/teams/${team.slug}/memberships/${user}`,
    role: "member",
    state: "active",
  });
});

// A user's public profile: `email` is the public email, null when the user keeps it private.
route("GET", "/users/:username", (ctx) => {
  const user = ctx.m.user(ctx.params["username"]!);
  if (!user) throw notFound();
  return ok({
    ...restUser(ctx.m, user),
    name: user.name,
    company: null,
    blog: "",
    location: null,
    email: user.emailPublic ? user.email : null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2020-01-01T00:00:00Z",
  });
});

route("GET", "/search/users", (ctx) => {
  const q = ctx.req.url.searchParams.get("q") ?? "";
  const inEmail = /\bin:email\b/i.test(q);
  const term = q
    .split(/\s+/)
    .filter((t) => t && !/^\w+:/.test(t))
    .join(" ")
    .replace(/^"|"$/g, "")
    .toLowerCase();
  const items = [...ctx.m.users.values()].filter((u) => {
    if (u.type !== "User" || !term) return false;
    const emailHit = u.emailPublic && u.email?.toLowerCase() === term;
    return inEmail ? emailHit : emailHit || u.login.toLowerCase() === term;
  });
  const page = restPage(items, ctx.req.url);
  return ok(
    {
      total_count: items.length,
      incomplete_results: false,
      items: page.items.map((u) => ({ ...restUser(ctx.m, u), score: 1 })),
    },
    200,
    page.link ? { link: page.link } : undefined,
  );
});

// ---------------------------------------------------------------- dispatch

/** Answers one REST request (paths below `/api/v3`); unknown routes are 404 `{ message: "Not Found" }`. */
export function handleRest(req: RestRequest, env: RestEnv): RestResponse {
  for (const r of ROUTES) {
    if (r.method !== req.method) continue;
    const match = r.pattern.exec(req.path);
    if (!match) continue;
    const params: Params = {};
    r.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? "");
    });
    try {
      authorize(r, req.auth, env);
      return r.handler({ req, params, body: req.body, env, m: env.model });
    } catch (e) {
      if (e instanceof HttpError) return { status: e.status, body: e.body };
      throw e;
    }
  }
  return { status: 404, body: { message: "Not Found", documentation_url: DOCS } };
}

function authorize(r: Route, auth: RequestAuth, env: RestEnv): void {
  if (r.jwt) {
    if (auth.kind === "jwt") return;
    throw new HttpError(401, {
      message: "A JSON web token could not be decoded",
      documentation_url: DOCS,
    });
  }
  if (auth.kind === "token" || !env.strictAuth) return;
  throw new HttpError(401, { message: "Bad credentials", documentation_url: DOCS });
}
