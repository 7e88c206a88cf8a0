/**
 * Webhook deliveries for e2e tests: real example payloads from
 * `@octokit/webhooks-examples`, rewritten from the GitHub double's model so
 * that what the app is told agrees with what it then reads, and signed as
 * GitHub signs them.
 *
 * ```ts
 * const payload = payloadFor(gh, "issue_comment", "created", repo, pr.number, { commentId });
 * const res = await sendWebhook(`${app}/api/github/webhooks`, { event: "issue_comment", payload, secret });
 * ```
 */
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { sign } from "@octokit/webhooks-methods";
import type { ActorLike, GitHubModel, PullModel, RepoModel, RepoRef } from "./double/model.js";
import {
  payloadCommit,
  restCheckRun,
  restCheckSuite,
  restComment,
  restIssue,
  restLabel,
  restOrg,
  restPull,
  restRepo,
  restReview,
  restTeam,
  restUser,
} from "./double/shapes.js";

type Json = Record<string, unknown>;

interface WebhookDefinition {
  name: string;
  actions: string[];
  examples: Json[];
}

const definitions = createRequire(import.meta.url)(
  "@octokit/webhooks-examples",
) as WebhookDefinition[];

/** Installation given to examples that carry none. */
const EXAMPLE_INSTALLATION = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };

/**
 * A deep clone of example `index` of `event` with `action` (when the package
 * has no example of that action, the event's first example with `action`
 * set), with an `installation` added when it has none.
 */
export function examplePayload(event: string, action: string | undefined, index = 0): Json {
  const def = definitions.find((d) => d.name === event);
  if (!def) throw new Error(`@octokit/webhooks-examples has no "${event}" event`);
  const matching =
    action === undefined ? def.examples : def.examples.filter((e) => e["action"] === action);
  const list = matching.length ? matching : def.examples;
  const example = list[matching.length ? index : 0];
  if (!example)
    throw new Error(`no example #${index} of ${event}.${action ?? "*"} (${list.length} available)`);
  const payload = structuredClone(example);
  if (action !== undefined) payload["action"] = action;
  payload["installation"] ??= { ...EXAMPLE_INSTALLATION };
  return payload;
}

export interface PayloadExtra {
  /** Default: whoever did it in the model (the PR author, the reviewer, the commenter, the labeller…). */
  sender?: ActorLike;
  /** `pull_request.labeled`/`unlabeled`: the label (default: the PR's latest label event of that kind). */
  label?: string;
  /** `pull_request_review`: the review's databaseId (default: the latest review). */
  reviewId?: number;
  /** `issue_comment`: the comment's databaseId (default: the latest comment; deleted ones too). */
  commentId?: number;
  /** `check_run`: the run's id (default: the app's latest `countersign` run on the PR head). */
  checkRunId?: number;
  /** `…edited`: GitHub's `changes` object, e.g. `{ body: { from: "old" } }`. Default `{}`. */
  changes?: Json;
  /** `pull_request.synchronize` and `push`: the previous head (default: the head's first parent). */
  before?: string;
  /** `push`: the branch (default: the default branch). */
  branch?: string;
  /** `membership`: the team slug and member login. */
  team?: string;
  member?: string;
  /** Deep-merged into the payload last (objects merge, arrays and scalars replace). */
  override?: Json;
}

/**
 * The example payload of `event.action` with everything that matters taken
 * from the double's model: repository (with `custom_properties`),
 * organization, installation id, sender, and the event's own objects.
 * `prNumber` is null for `push` and `membership`.
 */
export function payloadFor(
  double: GitHubModel,
  event: string,
  action: string | undefined,
  repoRef: RepoRef,
  prNumber: number | null,
  extra: PayloadExtra = {},
): Json {
  const m = double;
  const repo = m.repo(repoRef);
  if (event === "custom_property_values") return customPropertyPayload(m, repo, extra);
  const payload = examplePayload(event, action);
  const pr = prNumber === null ? undefined : m.pull(`${repo.fullName}#${prNumber}`);
  const needPr = (): PullModel => {
    if (!pr) throw new Error(`${event} payloads need a pull request number`);
    return pr;
  };
  payload["repository"] = restRepo(m, repo);
  if (repo.ownerType === "Organization") payload["organization"] = restOrg(m, repo.owner);
  else delete payload["organization"];
  payload["installation"] = {
    id: repo.installationId,
    node_id: m.nodeId("IN", repo.installationId),
  };
  let sender: ActorLike = pr?.author ?? repo.owner;

  switch (event) {
    case "pull_request": {
      const p = needPr();
      payload["number"] = p.number;
      payload["pull_request"] = { ...(payload["pull_request"] as Json), ...restPull(m, p) };
      if (action === "labeled" || action === "unlabeled") {
        const kind = action === "labeled" ? "LabeledEvent" : "UnlabeledEvent";
        const latest = [...p.timeline]
          .reverse()
          .find(
            (t) =>
              t.kind === kind &&
              (extra.label === undefined || ("label" in t && t.label === extra.label)),
          );
        const name = extra.label ?? (latest && "label" in latest ? latest.label : undefined);
        if (!name)
          throw new Error(`no ${action} label for ${repo.fullName}#${p.number}: pass extra.label`);
        payload["label"] = restLabel(m, repo, m.ensureLabel(repo, name));
        if (latest?.actor) sender = latest.actor;
      } else delete payload["label"];
      if (action === "synchronize") {
        payload["before"] = extra.before ?? m.commit(repo, p.headOid).parents[0] ?? p.mergeBase;
        payload["after"] = p.headOid;
      }
      if (action === "edited") payload["changes"] = extra.changes ?? {};
      break;
    }
    case "pull_request_review": {
      const p = needPr();
      const review =
        extra.reviewId === undefined
          ? p.reviews.at(-1)
          : p.reviews.find((r) => r.databaseId === extra.reviewId);
      if (!review)
        throw new Error(`no review ${extra.reviewId ?? ""} on ${repo.fullName}#${p.number}`);
      payload["review"] = { ...(payload["review"] as Json), ...restReview(m, p, review) };
      payload["pull_request"] = { ...(payload["pull_request"] as Json), ...restPull(m, p) };
      if (action === "edited") payload["changes"] = extra.changes ?? {};
      if (review.author) sender = review.author;
      break;
    }
    case "issue_comment": {
      const p = needPr();
      const id = extra.commentId ?? p.comments.at(-1)?.databaseId;
      const comment =
        p.comments.find((c) => c.databaseId === id) ??
        (id === undefined ? undefined : m.deletedComments.get(id)?.comment);
      if (!comment) throw new Error(`no comment ${id ?? ""} on ${repo.fullName}#${p.number}`);
      payload["issue"] = { ...(payload["issue"] as Json), ...restIssue(m, p) };
      payload["comment"] = { ...(payload["comment"] as Json), ...restComment(m, p, comment) };
      if (action === "edited") payload["changes"] = extra.changes ?? {};
      else delete payload["changes"];
      if (comment.author) sender = comment.author;
      break;
    }
    case "check_run": {
      const run =
        extra.checkRunId === undefined
          ? m.appCheckRuns(repo, needPr().headOid).at(-1)
          : m.checkRuns(repo).find((c) => c.id === extra.checkRunId);
      if (!run)
        throw new Error(
          `no check run ${extra.checkRunId ?? "of the app on the PR head"} in ${repo.fullName}`,
        );
      const suite = repo.checkSuites.find((s) => s.id === run.check_suite.id)!;
      payload["check_run"] = {
        ...(payload["check_run"] as Json),
        ...restCheckRun(m, repo, run),
        check_suite: restCheckSuite(m, repo, suite),
      };
      break;
    }
    case "check_suite": {
      const suite = m.ensureCheckSuite(repo, needPr().headOid);
      payload["check_suite"] = {
        ...(payload["check_suite"] as Json),
        ...restCheckSuite(m, repo, suite),
      };
      break;
    }
    case "merge_group": {
      const p = needPr();
      const group = m.mergeGroup(repo, p.number);
      const head = payloadCommit(m, repo, group.headSha);
      payload["merge_group"] = {
        head_sha: group.headSha,
        head_ref: group.headRef,
        base_sha: group.baseSha,
        base_ref: group.baseRef,
        head_commit: {
          id: head.id,
          tree_id: head.tree_id,
          message: head.message,
          timestamp: head.timestamp,
          author: head.author,
          committer: head.committer,
        },
      };
      break;
    }
    case "push":
      Object.assign(payload, pushFields(m, repo, extra));
      sender = pushSender(m, repo, String(payload["after"]));
      break;
    case "membership": {
      if (!extra.team || !extra.member)
        throw new Error("membership payloads need extra.team and extra.member");
      const team = m.team(repo.owner, extra.team) ?? m.addTeam(repo.owner, extra.team, []);
      payload["scope"] = "team";
      payload["team"] = restTeam(m, team);
      payload["member"] = restUser(m, m.actor(extra.member));
      payload["organization"] = restOrg(m, repo.owner);
      delete payload["repository"];
      break;
    }
    default:
      break;
  }

  payload["sender"] = restUser(m, m.actor(extra.sender ?? sender));
  return extra.override ? (deepMerge(payload, extra.override) as Json) : payload;
}

function pushFields(m: GitHubModel, repo: RepoModel, extra: PayloadExtra): Json {
  const branch = extra.branch ?? repo.defaultBranch;
  const after = m.branchOid(repo, branch);
  const zero = "0000000000000000000000000000000000000000";
  const before = extra.before ?? m.commit(repo, after).parents[0] ?? zero;
  const chain: string[] = [];
  for (let oid: string | undefined = after; oid && oid !== before && chain.length < 20; ) {
    chain.unshift(oid);
    oid = repo.commits.get(oid)?.parents[0];
  }
  const commits = chain.map((oid) => payloadCommit(m, repo, oid));
  const head = commits.at(-1) ?? null;
  const pusher = m.commit(repo, after).committer;
  return {
    ref: `refs/heads/${branch}`,
    before,
    after,
    created: before === zero,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `${m.webUrl}/${repo.fullName}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits,
    head_commit: head,
    pusher: { name: pusher.name, email: pusher.email },
  };
}

function pushSender(m: GitHubModel, repo: RepoModel, after: string): ActorLike {
  const committer =
    m.gitUser(m.commit(repo, after).committer) ?? m.gitUser(m.commit(repo, after).author);
  return committer ?? repo.owner;
}

function deepMerge(target: unknown, source: unknown): unknown {
  if (!isPlainObject(target) || !isPlainObject(source)) return source;
  const out: Json = { ...target };
  for (const [k, v] of Object.entries(source)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out;
}

function isPlainObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export interface SendWebhookOptions {
  event: string;
  /** The payload (serialised with JSON.stringify), or the exact body text. */
  payload: unknown;
  secret: string;
  /** Default: a random UUID. */
  deliveryId?: string;
  /** Overrides `x-hub-signature-256` (e.g. a wrong one); default: the body signed with `secret`. */
  signature?: string;
}

/** POSTs a delivery as GitHub does: signed body, `x-github-event`, `x-github-delivery`. */
export async function sendWebhook(
  url: string,
  opts: SendWebhookOptions,
): Promise<{ status: number; body: string }> {
  const body = typeof opts.payload === "string" ? opts.payload : JSON.stringify(opts.payload);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/double",
      "x-github-event": opts.event,
      "x-github-delivery": opts.deliveryId ?? randomUUID(),
      "x-hub-signature-256": opts.signature ?? (await sign(opts.secret, body)),
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/**
 * `custom_property_values.updated`: not in @octokit/webhooks-examples, so
 * built to GitHub's webhook OpenAPI description (@octokit/openapi-webhooks,
 * schema `webhook-custom-property-values-updated`; test/support checks the
 * required keys against it). The repository's values are the model's now.
 */
function customPropertyPayload(m: GitHubModel, repo: RepoModel, extra: PayloadExtra): Json {
  const values = Object.entries(repo.customProperties ?? {}).map(([property_name, value]) => ({
    property_name,
    value,
  }));
  return {
    action: "updated",
    repository: restRepo(m, repo),
    organization: restOrg(m, repo.owner),
    installation: { id: repo.installationId, node_id: m.nodeId("IN", repo.installationId) },
    sender: restUser(m, m.actor(extra.sender ?? repo.owner)),
    new_property_values: values,
    old_property_values: [],
  };
}
