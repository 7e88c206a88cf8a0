/**
 * `_extends` chains (SPEC §2). A policy file may name another with
 * `_extends` (Probot's forms: `repo`, `owner/repo`, `repo:path.yml`), and
 * that file may name another: at most 5 hops, a cycle is an error, and only
 * repositories of the PR repository's owner are followed (the GitHub layer
 * compares owner ids and records `other-owner` without reading the file).
 *
 * Files reached through `_extends` are marked `redact`: their errors give
 * the file, line and the schema's key paths, never a value or key name read
 * from them, so a PR cannot print another repository's contents into its
 * check. For the same reason a file at hop 2 or deeper is labelled by the
 * chain that reached it (`acme/shared:.github/countersign.yml → _extends`),
 * since its name was read from the previous (redacted) file.
 *
 * Pure: `missingExtends` says which file to fetch next; the GitHub layer
 * fetches it into `ConfigFiles.extended` and asks again.
 */

import { CONFIG_PATH } from "../model/config-schema.js";
import type { ConfigError } from "../model/decision.js";
import type { BlobFile, ConfigFiles } from "../model/snapshot.js";
import { parseConfigFile, type RawConfig } from "./config-parse.js";
import { lineOf } from "./config-yaml.js";

export const MAX_EXTENDS_HOPS = 5;

export interface ExtendsTarget {
  owner: string;
  repo: string;
  path: string;
}

// Probot's own pattern (@probot/octokit-plugin-config): [owner/]repo[:path.yml].
const EXTENDS_PATTERN =
  /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;

const EXTENDS_FORMS = '"repo", "owner/repo", "repo:path.yml" or "owner/repo:path.yml"';

/** `repo`, `owner/repo`, `repo:path.yml`, `owner/repo:path.yml`; null when malformed. */
export function parseExtends(value: string, currentOwner: string): ExtendsTarget | null {
  const match = EXTENDS_PATTERN.exec(value);
  if (!match) return null;
  return { owner: match[1] || currentOwner, repo: match[2]!, path: match[3] || CONFIG_PATH };
}

/** The key of a target in `ConfigFiles.extended`: owners and repositories are case-insensitive on GitHub, paths are not. */
export function extendsKey(target: ExtendsTarget): string {
  return `${target.owner.toLowerCase()}/${target.repo.toLowerCase()}:${target.path}`;
}

export function extendsValue(raw: RawConfig): string | undefined {
  const value = raw["_extends"];
  return typeof value === "string" ? value : undefined;
}

/** Drops a string `_extends` once followed; a non-string one stays for zod to reject. */
export function withoutExtends(raw: RawConfig): RawConfig {
  if (extendsValue(raw) === undefined) return raw;
  const { _extends: _, ...rest } = raw;
  return rest;
}

function extendsError(file: BlobFile, message: string): ConfigError {
  const line = lineOf(file, ["_extends"]);
  const error = { file: file.source, path: "_extends", message };
  return line === undefined ? error : { ...error, line };
}

/** `_extends: value` in the file's own words, or just `_extends` when the file must not be quoted. */
function named(file: BlobFile, value: string): string {
  return file.redact ? "`_extends`" : `\`_extends: ${value}\``;
}

/** The error for an `_extends` value that is not one of Probot's forms, or null when it is well-formed. */
export function malformedExtends(file: BlobFile, value: string): ConfigError | null {
  if (parseExtends(value, "owner")) return null;
  return extendsError(
    file,
    `${named(file, value)} is not a repository reference: use ${EXTENDS_FORMS}`,
  );
}

/** One file of a chain, parsed; `hops[0]` is the repository's (or organisation's) own file. */
export interface Hop {
  file: BlobFile;
  raw: RawConfig;
}

export type ChainEnd =
  | { kind: "end" }
  | { kind: "unfetched"; target: ExtendsTarget }
  | { kind: "error"; errors: ConfigError[] };

export interface Chain {
  hops: Hop[];
  end: ChainEnd;
}

/** Follows `_extends` from `root` through the files fetched so far. */
export function walkChain(root: Hop, files: ConfigFiles, owner: string): Chain {
  const hops = [root];
  const seen = new Map<string, string>();
  for (;;) {
    const from = hops[hops.length - 1]!;
    const value = extendsValue(from.raw);
    if (value === undefined) return { hops, end: { kind: "end" } };
    const step = follow({ from: from.file, value, hop: hops.length }, files, { owner, seen });
    if ("end" in step) return { hops, end: step.end };
    hops.push(step);
  }
}

interface Step {
  from: BlobFile;
  value: string;
  /** The number of the hop being taken (1 for the root's own `_extends`). */
  hop: number;
}

interface Walk {
  owner: string;
  /** `extendsKey` → label of each file already in the chain. */
  seen: Map<string, string>;
}

function follow(step: Step, files: ConfigFiles, walk: Walk): Hop | { end: ChainEnd } {
  const next = nextFile(step, files, walk);
  if ("end" in next) return next;
  const { target } = next;
  const label =
    step.hop > 1
      ? `${step.from.source} → _extends`
      : `${target.owner}/${target.repo}:${target.path}`;
  walk.seen.set(extendsKey(target), label);
  const file = labelled(next.file, label);
  const parsed = parseConfigFile(file);
  if (!parsed.raw) return { end: { kind: "error", errors: parsed.errors } };
  return { file, raw: parsed.raw };
}

/** The fetched file a step's `_extends` names, or why the chain ends there. */
function nextFile(
  step: Step,
  files: ConfigFiles,
  walk: Walk,
): { target: ExtendsTarget; file: BlobFile } | { end: ChainEnd } {
  const { from, value } = step;
  const fail = (message: string) => ({
    end: { kind: "error" as const, errors: [extendsError(from, message)] },
  });
  if (step.hop > MAX_EXTENDS_HOPS) {
    return fail(
      `${named(from, value)} would be hop ${step.hop}: Countersign follows at most ${MAX_EXTENDS_HOPS} \`_extends\` hops`,
    );
  }
  const target = parseExtends(value, walk.owner);
  if (!target) return { end: { kind: "error", errors: [malformedExtends(from, value)!] } };
  const earlier = walk.seen.get(extendsKey(target));
  if (earlier) return fail(`${named(from, value)} leads back to ${earlier}: a cycle`);
  const entry = files.extended[extendsKey(target)];
  if (!entry) return { end: { kind: "unfetched", target } };
  if (entry.status === "found") return { target, file: entry.file };
  // A redacted file's `_extends` value is its contents: the target is not named either.
  const where = from.redact ? "" : ` (${target.owner}/${target.repo}:${target.path})`;
  if (entry.status === "missing") {
    return fail(
      `${named(from, value)} names a file that does not exist or is not readable${where}`,
    );
  }
  return fail(
    `${named(from, value)} names a repository of another owner${where}: \`_extends\` is followed only to repositories of ${walk.owner}`,
  );
}

/** The same labelled copy of a fetched file each time (the parser caches its YAML per object). */
const copies = new WeakMap<BlobFile, Map<string, BlobFile>>();

function labelled(file: BlobFile, source: string): BlobFile {
  const bySource = copies.get(file) ?? new Map<string, BlobFile>();
  copies.set(file, bySource);
  let copy = bySource.get(source);
  if (!copy) {
    copy = { ...file, source, redact: true };
    bySource.set(source, copy);
  }
  return copy;
}

/**
 * The `_extends` targets to fetch next: for each file that may judge or be
 * validated (`roots`), the first target its chain reaches that is not in
 * `files.extended` yet. Empty once every chain is complete.
 */
export function missingExtends(
  roots: (BlobFile | null)[],
  files: ConfigFiles,
  owner: string,
): ExtendsTarget[] {
  const wanted = new Map<string, ExtendsTarget>();
  for (const root of roots) {
    const raw = root ? parseConfigFile(root).raw : null;
    if (!root || !raw) continue;
    const { end } = walkChain({ file: root, raw }, files, owner);
    if (end.kind === "unfetched") wanted.set(extendsKey(end.target), end.target);
  }
  return [...wanted.values()];
}
