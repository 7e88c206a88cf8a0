/** GraphQL nodes → the snapshot's plain data. */
import type {
  Actor,
  ActorType,
  ChangeType,
  CheckRunInfo,
  CommitInfo,
  GitIdentity,
  HeadPull,
  IssueComment,
  Review,
  ReviewState,
  TimelineEvent,
} from "../model/snapshot.js";
import { LimitError, MAX_COMMIT_AUTHORS } from "./limits.js";
import type {
  GqlActor,
  GqlCheckSuites,
  GqlComment,
  GqlCommit,
  GqlFile,
  GqlGitActor,
  GqlHeadPulls,
  GqlReview,
  GqlTimelineItem,
} from "./snapshot-types.js";

const ACTOR_TYPES = new Set(["User", "Bot", "Organization", "Mannequin", "EnterpriseUserAccount"]);

/**
 * GraphQL names an app's bot without the `[bot]` that REST, webhooks and
 * the catalog use (`dependabot` vs `dependabot[bot]`): spell it as REST does.
 * Copilot's coding agent is the exception: a Bot whose REST login is `Copilot`.
 */
const BOTS_WITHOUT_SUFFIX = new Set(["copilot"]);

export function toActor(a: GqlActor | null | undefined): Actor | null {
  if (!a) return null;
  const type = (ACTOR_TYPES.has(a.__typename) ? a.__typename : "User") as ActorType;
  return { login: restLogin(a.login, type), type };
}

export function restLogin(login: string, type: ActorType): string {
  if (type !== "Bot" || login.endsWith("[bot]") || BOTS_WITHOUT_SUFFIX.has(login.toLowerCase())) {
    return login;
  }
  return `${login}[bot]`;
}

function toIdentity(g: GqlGitActor | null): GitIdentity {
  return { name: g?.name ?? "", email: g?.email ?? "", login: g?.user?.login ?? null };
}

export function toCommit(node: GqlCommit): CommitInfo {
  const c = node.commit;
  if (c.authors.nodes.length >= MAX_COMMIT_AUTHORS) {
    throw new LimitError(
      `Commit ${c.oid.slice(0, 7)} lists ${MAX_COMMIT_AUTHORS} or more authors; Countersign reads at most ${MAX_COMMIT_AUTHORS - 1} co-authors a commit.`,
    );
  }
  return {
    oid: c.oid,
    message: c.message,
    author: toIdentity(c.author),
    committer: toIdentity(c.committer),
    authors: c.authors.nodes.map(toIdentity),
    parents: c.parents.nodes.map((p) => p.oid),
    committedViaWeb: c.committedViaWeb,
  };
}

export function toFile(f: GqlFile): { path: string; changeType: ChangeType } {
  return { path: f.path, changeType: f.changeType as ChangeType };
}

export function toReview(r: GqlReview): Review {
  return {
    id: r.id,
    author: toActor(r.author),
    state: r.state as ReviewState,
    commitOid: r.commit?.oid ?? null,
    submittedAt: r.submittedAt,
    authorCanPush: r.authorCanPushToRepository,
    url: r.url,
  };
}

export function toComment(c: GqlComment): IssueComment {
  return {
    databaseId: c.databaseId ?? 0,
    url: c.url,
    author: toActor(c.author),
    body: c.body,
    createdAt: c.createdAt,
    lastEditedAt: c.lastEditedAt,
  };
}

export function toTimeline(t: GqlTimelineItem): TimelineEvent[] {
  const actor = toActor(t.actor ?? null);
  const createdAt = t.createdAt ?? "";
  if (t.__typename === "LabeledEvent" || t.__typename === "UnlabeledEvent") {
    const kind = t.__typename === "LabeledEvent" ? "labeled" : "unlabeled";
    return [{ kind, label: t.label?.name ?? "", actor, createdAt }];
  }
  if (t.__typename === "HeadRefForcePushedEvent") {
    return [{ kind: "head-force-pushed", afterOid: t.afterCommit?.oid ?? null, actor, createdAt }];
  }
  if (t.__typename === "HeadRefRestoredEvent" || t.__typename === "ReopenedEvent") {
    const kind = t.__typename === "ReopenedEvent" ? "reopened" : "head-restored";
    return [{ kind, actor, createdAt }];
  }
  if (t.__typename === "ReviewDismissedEvent") {
    const reviewId = t.review?.id ?? null;
    const previousState = t.previousReviewState ?? null;
    return [{ kind: "review-dismissed", reviewId, previousState, actor, createdAt }];
  }
  if (t.__typename === "AssignedEvent") {
    const a = t.assignee;
    const assignee = a?.login ? restLogin(a.login, a.__typename === "Bot" ? "Bot" : "User") : null;
    return [{ kind: "assigned", assignee, actor, createdAt }];
  }
  return [];
}

export function toCheckRuns(suites: GqlCheckSuites | undefined): CheckRunInfo[] {
  return (suites?.nodes ?? []).flatMap((s) =>
    (s?.checkRuns?.nodes ?? []).flatMap((r) =>
      r
        ? [
            {
              databaseId: r.databaseId,
              name: r.name,
              startedAt: r.startedAt,
              conclusion: r.conclusion,
              text: r.text ?? null,
            },
          ]
        : [],
    ),
  );
}

/** The open PRs of `repo` (`owner/name`) that GitHub associates with a commit. */
export function toHeadPulls(commit: GqlHeadPulls | null | undefined, repo: string): HeadPull[] {
  const nodes = commit?.associatedPullRequests?.nodes ?? [];
  return nodes.flatMap((n) =>
    n && n.repository.nameWithOwner.toLowerCase() === repo.toLowerCase()
      ? [{ number: n.number, headOid: n.headRefOid, open: n.state === "OPEN" }]
      : [],
  );
}
