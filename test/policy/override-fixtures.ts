/**
 * A minimal, plain-data snapshot for the command and override tests (kept
 * apart from test/support so these tests depend only on the snapshot type).
 */
import { type Config, configSchema } from "../../src/model/config-schema.js";
import type {
  Actor,
  CheckRunInfo,
  IssueComment,
  Permission,
  Snapshot,
  TimelineEvent,
} from "../../src/model/snapshot.js";
import { buildSnapshot } from "../support/snapshot-builder.js";

export const HEAD = "abc1234def5678900000000000000000000000000";
/** When Countersign first reported on HEAD: comments before this are too early. */
export const REPORTED = "2025-06-01T12:00:00Z";

export function user(login: string): Actor {
  return { login, type: login.endsWith("[bot]") ? "Bot" : "User" };
}

let nextId = 1000;

/** A comment `minutes` after REPORTED (negative: before it). */
export function comment(
  login: string | null,
  body: string,
  minutes = 5,
  extra: Partial<IssueComment> = {},
): IssueComment {
  const id = nextId++;
  return {
    databaseId: id,
    url: `https://github.com/acme/api/pull/7#issuecomment-${id}`,
    author: login === null ? null : user(login),
    body,
    createdAt: at(minutes),
    lastEditedAt: null,
    ...extra,
  };
}

export function at(minutes: number): string {
  return new Date(Date.parse(REPORTED) + minutes * 60_000).toISOString();
}

export function checkRun(startedAt: string | null = REPORTED, id = 1): CheckRunInfo {
  return { databaseId: id, name: "countersign", startedAt, conclusion: "failure" };
}

export interface FixtureOptions {
  author?: string;
  comments?: IssueComment[];
  checkRuns?: CheckRunInfo[];
  headOid?: string;
  permissions?: Record<string, Permission>;
  teams?: Record<string, string[] | null>;
  timeline?: TimelineEvent[];
}

/** Admin `root-admin`, writer `wendy`, PR by `paula`; HEAD reported on at REPORTED. */
export function snapshot(options: FixtureOptions = {}): Snapshot {
  return buildSnapshot({
    pullRequest: {
      title: "Fix checkout",
      author: user(options.author ?? "paula"),
      baseOid: "b".repeat(40),
      headRef: "fix",
      headOid: options.headOid ?? HEAD,
    },
    comments: options.comments ?? [],
    timeline: options.timeline ?? [],
    checkRuns: options.checkRuns ?? [checkRun()],
    directory: {
      teams: options.teams ?? {},
      permissions: options.permissions ?? {
        "root-admin": "admin",
        "other-admin": "admin",
        paula: "admin",
        wendy: "write",
      },
    },
  });
}

export function config(overrides: Partial<Config["overrides"]> = {}): Config {
  return configSchema.parse({ overrides });
}
