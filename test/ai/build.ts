/** Plain-data builders for AI detection tests. */

import type { Config } from "../../src/model/config-schema.js";
import { defaultConfig } from "../../src/model/config-schema.js";
import type { CommitInfo, GitIdentity, Snapshot } from "../../src/model/snapshot.js";
import { buildSnapshot } from "../support/snapshot-builder.js";

export const ALICE: GitIdentity = {
  name: "Alice Smith",
  email: "alice@example.com",
  login: "alice",
};
export const WEB_FLOW: GitIdentity = {
  name: "GitHub",
  email: "noreply@github.com",
  login: "web-flow",
};

let counter = 0;

/** A deterministic 40-hex oid, different for each call. */
export function oid(): string {
  counter += 1;
  return counter.toString(16).padStart(7, "0").repeat(6).slice(0, 40);
}

export interface CommitSpec {
  message: string;
  author?: Partial<GitIdentity> & { name: string; email: string };
  committer?: Partial<GitIdentity> & { name: string; email: string };
  parents?: string[];
  committedViaWeb?: boolean;
  oid?: string;
}

function identity(id: CommitSpec["author"] | undefined, fallback: GitIdentity): GitIdentity {
  return id ? { name: id.name, email: id.email, login: id.login ?? null } : fallback;
}

export function commit(spec: CommitSpec | string): CommitInfo {
  const s = typeof spec === "string" ? { message: spec } : spec;
  const author = identity(s.author, ALICE);
  return {
    oid: s.oid ?? oid(),
    message: s.message,
    author,
    committer: identity(s.committer, author),
    authors: [author],
    parents: s.parents ?? ["f".repeat(40)],
    committedViaWeb: s.committedViaWeb ?? false,
  };
}

export function aiConfig(overrides: Partial<Config["ai"]> = {}): Config["ai"] {
  return { ...defaultConfig().ai, ...overrides };
}

export function config(ai: Partial<Config["ai"]> = {}): Config {
  const c = defaultConfig();
  return { ...c, ai: { ...c.ai, ...ai } };
}

export function snapshot(
  pr: Partial<Snapshot["pullRequest"]> = {},
  rest: Partial<Snapshot> = {},
): Snapshot {
  return buildSnapshot({
    pullRequest: {
      title: "Change",
      author: { login: "alice", type: "User" },
      baseOid: "b".repeat(40),
      headOid: "c".repeat(40),
      ...pr,
    },
    ...rest,
  });
}
