/**
 * Which configuration judges a pull request (SPEC §2), from the files the
 * GitHub layer fetched: the base branch's `.github/countersign.yml`, else the
 * organisation's `.github` repository's, else the defaults; their `_extends`
 * chains (see config-extends.ts); and the PR's own new file, validated so a
 * broken policy cannot be merged. Pure: call `extendsToFetch` (until it is
 * empty) to learn which `_extends` files to fetch into `ConfigFiles.extended`.
 */

import { CONFIG_PATH, type Config, defaultConfig } from "../model/config-schema.js";
import type { ConfigError } from "../model/decision.js";
import type { BlobFile, ConfigFiles } from "../model/snapshot.js";
import {
  type ChainEnd,
  type ExtendsTarget,
  missingExtends,
  walkChain,
  withoutExtends,
} from "./config-extends.js";
import { isPlainObject, parseConfigFile, type RawConfig, validateConfig } from "./config-parse.js";

/** The configuration that judges a PR, and every error found on the way (non-empty errors = invalid). */
export interface LoadedConfig {
  config: Config;
  /** Where it came from: `owner/repo:.github/countersign.yml@main`, or "defaults". */
  source: string;
  errors: ConfigError[];
}

export interface LoadContext {
  owner: string;
  repo: string;
  baseRef: string;
  /** The PR's changed paths (for a rename, both the old and the new path). */
  changedPaths: string[];
}

export function defaultLoaded(): LoadedConfig {
  return { config: defaultConfig(), source: "defaults", errors: [] };
}

/** Maps merge key by key, recursively; arrays and scalars in `over` replace those in `base`. */
export function mergeConfig(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): RawConfig {
  const keys = new Set([...Object.keys(base), ...Object.keys(over)]);
  // fromEntries defines own properties, so a `__proto__` key stays data (and is then rejected as unknown).
  return Object.fromEntries([...keys].map((key) => [key, mergeValue(base, over, key)]));
}

function mergeValue(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
  key: string,
): unknown {
  if (!Object.hasOwn(over, key)) return base[key];
  const b = base[key];
  const o = over[key];
  return isPlainObject(b) && isPlainObject(o) ? mergeConfig(b, o) : o;
}

/** The result of reading one file (and what it extends). `config` is null when invalid. */
interface Resolved {
  config: Config | null;
  errors: ConfigError[];
  source: string;
}

/** Reads one configuration file, follows its `_extends` chain, merges and validates. */
function resolveFile(file: BlobFile, files: ConfigFiles, owner: string): Resolved {
  const parsed = parseConfigFile(file);
  if (!parsed.raw) return { config: null, errors: parsed.errors, source: file.source };
  const { hops, end } = walkChain({ file, raw: parsed.raw }, files, owner);
  // The farthest file first, each nearer one merged over it.
  const merged = hops.reduceRight<RawConfig>(
    (acc, hop) => mergeConfig(acc, withoutExtends(hop.raw)),
    {},
  );
  const result = validateConfig(
    merged,
    hops.map((h) => h.file),
  );
  const last = hops[hops.length - 1]!.file;
  const source = hops.length > 1 ? `${file.source} (extends ${last.source})` : file.source;
  if (end.kind === "end") return { ...result, source };
  // Still validate what the chain reached: those files' own mistakes are worth reporting in the same pass.
  return { config: null, errors: [...endErrors(end, last), ...result.errors], source };
}

/** Why a chain stopped short. A file never fetched is an error too: fail closed. */
function endErrors(end: Exclude<ChainEnd, { kind: "end" }>, last: BlobFile): ConfigError[] {
  if (end.kind === "error") return end.errors;
  const message = "`_extends` names a file that was not read (Countersign did not fetch it)";
  return [{ file: last.source, path: "_extends", message }];
}

type Current = Resolved & { kind: "base" | "org" | "defaults" };

function currentConfig(files: ConfigFiles, owner: string): Current {
  if (files.base) return { ...resolveFile(files.base, files, owner), kind: "base" };
  if (files.org) return { ...resolveFile(files.org, files, owner), kind: "org" };
  return { ...defaultLoaded(), kind: "defaults" };
}

/** The PR's own `.github/countersign.yml`: undefined when untouched, "deleted", or its validation. */
function headConfig(files: ConfigFiles, ctx: LoadContext): Resolved | "deleted" | undefined {
  if (!ctx.changedPaths.includes(CONFIG_PATH)) return undefined;
  return files.head ? resolveFile(files.head, files, ctx.owner) : "deleted";
}

const REPAIRED = {
  base: "defaults (the base branch's file is invalid; this PR repairs it)",
  deleted: "defaults (the base branch's file is invalid; this PR deletes it)",
  org: "defaults (the organisation's file is invalid; this PR adds a valid one)",
};

/** How a PR fixing a broken configuration is judged: by the defaults, so the fix can merge. */
function repairSource(current: Current, head: Resolved | "deleted"): string | undefined {
  if (current.errors.length === 0 || current.kind === "defaults") return undefined;
  if (head === "deleted") return current.kind === "base" ? REPAIRED.deleted : undefined;
  return head.errors.length === 0 ? REPAIRED[current.kind] : undefined;
}

/**
 * The configuration that judges the PR. Invalid configuration means
 * `errors` is non-empty and `config` is the defaults (the check fails on
 * errors whatever the config says).
 */
export function loadConfig(files: ConfigFiles, ctx: LoadContext): LoadedConfig {
  const current = currentConfig(files, ctx.owner);
  const head = headConfig(files, ctx);
  const repaired = head === undefined ? undefined : repairSource(current, head);
  if (repaired) return { ...defaultLoaded(), source: repaired };
  const headErrors = head === undefined || head === "deleted" ? [] : head.errors;
  return {
    config: current.config ?? defaultConfig(),
    source: current.source,
    errors: [...current.errors, ...headErrors],
  };
}

/** The files whose `_extends` chains `loadConfig` follows: the one that judges, and the PR's own when it changes it. */
export function configRoots(files: ConfigFiles, ctx: LoadContext): (BlobFile | null)[] {
  const roots = [files.base ?? files.org];
  if (ctx.changedPaths.includes(CONFIG_PATH)) roots.push(files.head);
  return roots;
}

/** The `_extends` targets `loadConfig` still needs in `files.extended` (fetch them, then ask again). */
export function extendsToFetch(files: ConfigFiles, ctx: LoadContext): ExtendsTarget[] {
  return missingExtends(configRoots(files, ctx), files, ctx.owner);
}
