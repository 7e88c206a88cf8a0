/** The shapes of the snapshot query's answer (only what `snapshot.graphql` asks for). */

export interface GqlActor {
  __typename: string;
  login: string;
}
export interface GqlBlobEntry {
  path: string;
  object: { oid: string; text: string | null; isTruncated: boolean; byteSize: number } | null;
}
export interface GqlGitActor {
  name: string | null;
  email: string | null;
  user: { login: string } | null;
}
export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
export interface Page<T> {
  totalCount?: number;
  pageInfo: PageInfo;
  nodes: (T | null)[];
}
export interface GqlCommit {
  commit: {
    oid: string;
    message: string;
    committedViaWeb: boolean;
    author: GqlGitActor | null;
    committer: GqlGitActor | null;
    authors: { nodes: (GqlGitActor | null)[] };
    parents: { nodes: { oid: string }[] };
  };
}
export interface GqlFile {
  path: string;
  changeType: string;
}
export interface GqlReview {
  id: string;
  state: string;
  submittedAt: string | null;
  url: string;
  authorCanPushToRepository: boolean;
  author: GqlActor | null;
  commit: { oid: string } | null;
}
export interface GqlComment {
  databaseId: number | null;
  url: string;
  body: string;
  createdAt: string;
  lastEditedAt: string | null;
  author: GqlActor | null;
}
export interface GqlTimelineItem {
  __typename: string;
  createdAt?: string;
  label?: { name: string };
  actor?: GqlActor | null;
  assignee?: { __typename: string; login?: string } | null;
  afterCommit?: { oid: string } | null;
  review?: { id: string } | null;
  previousReviewState?: string | null;
}
export interface GqlDocSlots {
  doc0?: { path: string } | null;
  doc1?: { path: string } | null;
  doc2?: { path: string } | null;
}
export interface GqlCheckRun {
  databaseId: number;
  name: string;
  startedAt: string | null;
  conclusion: string | null;
  /** Absent where a query does not ask for the state (a verdict look-up). */
  text?: string | null;
}

export type GqlCheckSuites = {
  nodes: ({ checkRuns: { nodes: (GqlCheckRun | null)[] } | null } | null)[];
} | null;

export interface GqlHeadPulls {
  associatedPullRequests?: {
    nodes: ({
      number: number;
      state: string;
      headRefOid: string;
      repository: { nameWithOwner: string };
    } | null)[];
  } | null;
}

/** The head commit as the snapshot reads it. */
export type GqlHeadCommit = {
  oid: string;
  policy: GqlBlobEntry | null;
  checkSuites: GqlCheckSuites;
} & GqlDocSlots &
  GqlHeadPulls;

export interface PullConnections {
  commits?: Page<GqlCommit>;
  files?: Page<GqlFile> | null;
  reviews?: Page<GqlReview> | null;
  comments?: Page<GqlComment>;
  timelineItems?: Page<GqlTimelineItem>;
}

export interface GqlPull extends PullConnections {
  number: number;
  url: string;
  title: string;
  body: string;
  isDraft: boolean;
  state: "OPEN" | "CLOSED" | "MERGED";
  changedFiles: number;
  baseRefName: string;
  baseRefOid: string;
  headRefName: string;
  headRefOid: string;
  author: GqlActor | null;
  assignees: { nodes: ({ login: string } | null)[] };
  labels: { nodes: ({ name: string } | null)[] } | null;
  baseRef: {
    target:
      | ({
          oid: string;
          policy: GqlBlobEntry | null;
          codeownersGithub: GqlBlobEntry | null;
          codeownersRoot: GqlBlobEntry | null;
          codeownersDocs: GqlBlobEntry | null;
        } & GqlDocSlots)
      | null;
  } | null;
  head: { nodes: ({ commit: GqlHeadCommit } | null)[] };
}

export interface SnapshotAnswer {
  repository: {
    pullRequest: GqlPull | null;
    previousHead?: { checkSuites?: GqlCheckSuites } | null;
  } | null;
  orgRepo?: {
    defaultBranchRef: { name: string; target: { policy?: GqlBlobEntry | null } | null } | null;
  } | null;
}
