/**
 * Which configuration judges a pull request (SPEC §2), from the files the
 * GitHub layer fetched: the base branch's `.github/countersign.yml`, else the
 * organisation's `.github` repository's, else the defaults; one level of
 * `_extends`; and the PR's own new file, validated so a broken policy cannot
 * be merged. Pure: call `extendsTargets` first to learn which `_extends`
 * files to fetch into `ConfigFiles.extended`.
 *
 * `_extends` is followed one level only: an `_extends` inside an extended
 * file is ignored. (Probot's config plugin follows chains; one level keeps
 * the cost to one extra query and the rules readable in two files.)
 */
import {
  isPlainObject,
  lineOf,
  parseConfigFile,
  type RawConfig,
  validateConfig,
} from "./config-parse.js";
import { CONFIG_PATH, type Config, defaultConfig } from "./config-schema.js";
import type { ConfigError } from "./decision.js";
import type { BlobFile, ConfigFiles } from "./snapshot.js";

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

// Probot's own pattern (@probot/octokit-plugin-config): [owner/]repo[:path.yml].
const EXTENDS_PATTERN =
  /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;

/** `repo`, `owner/repo`, `repo:path.yml`, `owner/repo:path.yml`; null when malformed. */
export function parseExtends(
  value: string,
  currentOwner: string,
): { owner: string; repo: string; path: string } | null {
  const match = EXTENDS_PATTERN.exec(value);
  if (!match) return null;
  return { owner: match[1] || currentOwner, repo: match[2]!, path: match[3] || CONFIG_PATH };
}

const EXTENDS_FORMS = '"repo", "owner/repo", "repo:path.yml" or "owner/repo:path.yml"';

/** The result of reading one file (and what it extends). `config` is null when invalid. */
interface Resolved {
  config: Config | null;
  errors: ConfigError[];
  source: string;
}

export function extendsValue(raw: RawConfig): string | undefined {
  const value = raw["_extends"];
  return typeof value === "string" ? value : undefined;
}

/** Drops `_extends` once it has been followed (or, in an extended file, ignored); a non-string stays for zod to reject. */
export function withoutExtends(raw: RawConfig, always: boolean): RawConfig {
  if (!always && extendsValue(raw) === undefined) return raw;
  const { _extends: _, ...rest } = raw;
  return rest;
}

interface Extension {
  file: BlobFile | null;
  raw: RawConfig | null;
  errors: ConfigError[];
}

function extendsError(file: BlobFile, message: string): ConfigError {
  return { file: file.source, path: "_extends", line: lineOf(file, ["_extends"]), message };
}

/** The error for an `_extends` value that is not one of Probot's forms, or null when it is well-formed. */
export function malformedExtends(file: BlobFile, value: string): ConfigError | null {
  if (parseExtends(value, "owner")) return null;
  return extendsError(
    file,
    `\`_extends: ${value}\` is not a repository reference: use ${EXTENDS_FORMS}`,
  );
}

function followExtends(
  file: BlobFile,
  value: string,
  files: ConfigFiles,
  owner: string,
): Extension {
  const target = parseExtends(value, owner);
  if (!target) return { file: null, raw: null, errors: [malformedExtends(file, value)!] };
  const extended = files.extended[value] ?? null;
  if (!extended) {
    const where = `${target.owner}/${target.repo}:${target.path}`;
    const message = `\`_extends: ${value}\` names a file that does not exist or is not readable (${where})`;
    return { file: null, raw: null, errors: [extendsError(file, message)] };
  }
  const parsed = parseConfigFile(extended);
  return {
    file: extended,
    raw: parsed.raw && withoutExtends(parsed.raw, true),
    errors: parsed.errors,
  };
}

/** Reads, extends and validates one configuration file. */
function resolveFile(file: BlobFile, files: ConfigFiles, owner: string): Resolved {
  const parsed = parseConfigFile(file);
  if (!parsed.raw) return { config: null, errors: parsed.errors, source: file.source };
  const own = withoutExtends(parsed.raw, false);
  const value = extendsValue(parsed.raw);
  if (value === undefined) return { ...validateConfig(own, [file]), source: file.source };
  const ext = followExtends(file, value, files, owner);
  if (!ext.raw || !ext.file) {
    // Still validate the file alone: its own mistakes are worth reporting in the same pass.
    return {
      config: null,
      errors: [...ext.errors, ...validateConfig(own, [file]).errors],
      source: file.source,
    };
  }
  const result = validateConfig(mergeConfig(ext.raw, own), [file, ext.file]);
  return { ...result, source: `${file.source} (extends ${ext.file.source})` };
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

/** The `_extends` values (well-formed ones) that `loadConfig` will look up in `files.extended`. */
export function extendsTargets(files: ConfigFiles, ctx: LoadContext): string[] {
  const candidates = [files.base ?? files.org];
  if (ctx.changedPaths.includes(CONFIG_PATH)) candidates.push(files.head);
  const targets = new Set<string>();
  for (const file of candidates) {
    const raw = file ? parseConfigFile(file).raw : null;
    const value = raw ? extendsValue(raw) : undefined;
    if (value !== undefined && parseExtends(value, ctx.owner)) targets.add(value);
  }
  return [...targets];
}
