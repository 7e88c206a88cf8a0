/**
 * The catalog and the `ai` config section compiled into look-up tables:
 * the built-in layer once at module load, a config layer once per config
 * object (cached), so detection does map look-ups, never per-commit setup.
 */
import type { Config } from "../model/config-schema.js";
import type { Confidence } from "../model/evidence.js";
import {
  AGENT_BRANCHES,
  ASSISTED_BY,
  CATALOG,
  type CatalogEntry,
  DISCLOSURE_TRAILERS,
  type IdentityRole,
} from "./catalog.js";

export type AiConfig = Config["ai"];

/** Who a match is attributed to, copied onto the evidence. */
export interface Hit {
  tool: string;
  confidence: Confidence;
  source?: string;
  /** The roles an identity hit counts in; every role when absent. */
  roles?: ReadonlySet<IdentityRole>;
}

export interface Layer {
  /** Lower-cased login → tool. */
  logins: Map<string, Hit>;
  /** Lower-cased exact address → tool. */
  emails: Map<string, Hit>;
  /** Numeric account id of a noreply address → tool. */
  ids: Map<number, Hit>;
  /** `ai.co_authors` globs. */
  identityGlobs: { name?: RegExp; email: RegExp; hit: Hit }[];
  /** Lower-cased trailer key → the tools writing it. */
  toolTrailers: Map<string, { pattern?: RegExp; hit: Hit }[]>;
  /** Lower-cased trailer key prefixes a tool owns ("claude-"). */
  toolTrailerPrefixes: { prefix: string; hit: Hit }[];
  /** Whole co-author names a tool writes. */
  coAuthorNames: { re: RegExp; hit: Hit }[];
  /** PR head-branch prefixes, each ending in "/". */
  branches: { prefix: string; hit: Hit }[];
  /** Lower-cased disclosure trailer key (value must not be a negation). */
  disclosures: Map<string, Hit>;
  /** Set when `Assisted-by` is judged (built-in only). */
  assistedBy: Hit | null;
  markers: { re: RegExp; hit: Hit }[];
  nameSuffixes: { suffix: string; hit: Hit }[];
  subjectPrefixes: { prefix: string; hit: Hit }[];
}

function emptyLayer(): Layer {
  return {
    logins: new Map(),
    emails: new Map(),
    ids: new Map(),
    identityGlobs: [],
    toolTrailers: new Map(),
    toolTrailerPrefixes: [],
    coAuthorNames: [],
    branches: [],
    disclosures: new Map(),
    assistedBy: null,
    markers: [],
    nameSuffixes: [],
    subjectPrefixes: [],
  };
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A marker as a case-insensitive, stateless RegExp. */
function markerRegExp(marker: RegExp | string): RegExp {
  if (typeof marker === "string") return new RegExp(escapeRegExp(marker), "i");
  return new RegExp(marker.source, marker.flags.replace(/[gy]/g, ""));
}

/** First entry wins: the catalog lists the more specific identities first. */
function setOnce<K>(map: Map<K, Hit>, key: K, hit: Hit): void {
  if (!map.has(key)) map.set(key, hit);
}

function addEntry(layer: Layer, entry: CatalogEntry): void {
  const hit: Hit = { tool: entry.name, confidence: entry.confidence, source: entry.source };
  if (entry.roles) hit.roles = new Set(entry.roles);
  for (const login of entry.logins) setOnce(layer.logins, login.toLowerCase(), hit);
  for (const email of entry.emails) setOnce(layer.emails, email.toLowerCase(), hit);
  for (const id of entry.noreplyIds ?? []) setOnce(layer.ids, id, hit);
  for (const t of entry.toolTrailers) {
    const key = t.key.toLowerCase();
    layer.toolTrailers.set(key, [
      ...(layer.toolTrailers.get(key) ?? []),
      { pattern: t.valuePattern, hit },
    ]);
  }
  for (const p of entry.toolTrailerPrefixes ?? [])
    layer.toolTrailerPrefixes.push({ prefix: p.toLowerCase(), hit });
  for (const re of entry.coAuthorNames ?? [])
    layer.coAuthorNames.push({ re: markerRegExp(re), hit });
  for (const m of entry.markers) layer.markers.push({ re: markerRegExp(m), hit });
  for (const suffix of entry.nameSuffixes ?? [])
    layer.nameSuffixes.push({ suffix: suffix.toLowerCase(), hit });
  for (const p of entry.subjectPrefixes ?? [])
    layer.subjectPrefixes.push({ prefix: p.toLowerCase(), hit });
}

function builtinLayer(): Layer {
  const layer = emptyLayer();
  for (const entry of CATALOG) addEntry(layer, entry);
  for (const b of AGENT_BRANCHES) {
    layer.branches.push({
      prefix: b.prefix,
      hit: { tool: b.tool, confidence: b.confidence, source: b.source },
    });
  }
  // Disclosures carry no tool of their own: detect.ts names one from the value.
  for (const d of DISCLOSURE_TRAILERS) {
    layer.disclosures.set(d.key.toLowerCase(), {
      tool: "AI tool (disclosed)",
      confidence: "medium",
      source: d.source,
    });
  }
  layer.assistedBy = {
    tool: "AI tool (disclosed)",
    confidence: "medium",
    source: ASSISTED_BY.source,
  };
  return layer;
}

export const BUILTIN: Layer = builtinLayer();

/** `*` and `?` within one side of the `@`, the rest literal, case-insensitive. */
function globRegExp(glob: string): RegExp {
  const body = glob
    .split(/([*?])/)
    .map((part) => (part === "*" ? "[^@]*" : part === "?" ? "[^@]" : escapeRegExp(part)))
    .join("");
  return new RegExp(`^${body}$`, "i");
}

/** `Name <email>`, `email`, or a glob of either part ("*@agents.acme.com"). */
function identityGlob(spec: string, hit: Hit): Layer["identityGlobs"][number] {
  const m = /^(.*?)\s*<([^<>]+)>\s*$/.exec(spec.trim());
  if (!m) return { email: globRegExp(spec.trim()), hit };
  const name = m[1]!.trim();
  return { name: name ? globRegExp(name) : undefined, email: globRegExp(m[2]!.trim()), hit };
}

function configHit(key: string): Hit {
  return { tool: "configured", confidence: "high", source: `.github/countersign.yml ${key}` };
}

function configLayer(ai: AiConfig): Layer {
  const layer = emptyLayer();
  for (const login of ai.bots) layer.logins.set(login.trim().toLowerCase(), configHit("ai.bots"));
  const coAuthor = configHit("ai.co_authors");
  for (const spec of ai.co_authors) {
    // A plain address goes in the exact map; anything with a glob or a name is matched in order.
    if (/^[^\s<>*?]+$/.test(spec.trim())) layer.emails.set(spec.trim().toLowerCase(), coAuthor);
    else layer.identityGlobs.push(identityGlob(spec, coAuthor));
  }
  for (const key of ai.trailers) layer.disclosures.set(key.toLowerCase(), configHit("ai.trailers"));
  const marker = configHit("ai.markers");
  for (const phrase of ai.markers) layer.markers.push({ re: markerRegExp(phrase), hit: marker });
  return layer;
}

const cache = new WeakMap<AiConfig, Layer[]>();

/** The layers to consult, built-in first; `ai.builtin: false` leaves only the config's own. */
export function layersFor(ai: AiConfig): Layer[] {
  let layers = cache.get(ai);
  if (!layers) {
    layers = ai.builtin ? [BUILTIN, configLayer(ai)] : [configLayer(ai)];
    cache.set(ai, layers);
  }
  return layers;
}
