/**
 * Small Markdown builders shared by the check-run renderer. User-written
 * text goes through `escape.ts`; logins GitHub vouches for are shown as
 * `@login` (check-run output never notifies, and the link is useful).
 */
import { escapeMarkdownInline, inlineCode, singleLine, truncate } from "./escape.js";

export { escapeMarkdownInline as esc, inlineCode as cellCode };

/** A login or `@org/team` as GitHub spells it: shown as a mention; anything else is escaped. */
const PRINCIPAL = /^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?(?:\/[A-Za-z0-9._-]+)?$/;

/** `@login` (or `@org/team`), escaped unless it is a plain GitHub login or team. */
export function who(login: string): string {
  const at = login.startsWith("@") || login.includes("@") ? login : "@" + login;
  return PRINCIPAL.test(login) ? at : escapeMarkdownInline(at, 100);
}

/** A code span outside tables: shown verbatim (no `\|`, which a code span would show). */
export function code(s: string, max = 200): string {
  const text = truncate(singleLine(s), max);
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return fence + pad + text + pad + fence;
}

/** "a", "a and b", "a, b and c" (`word` may be "or"). */
export function listJoin(items: string[], word = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

/** The first `max` items, then "and N more" (`noun` names what the N are, e.g. "files"). */
export function firstFew(items: string[], max: number, noun = ""): string[] {
  if (items.length <= max) return items;
  const rest = items.length - max;
  return [
    ...items.slice(0, max),
    `and ${rest.toLocaleString("en-US")} more${noun ? " " + noun : ""}`,
  ];
}

/** "1 approval", "2 approvals". */
export function plural(n: number, word: string, many = word + "s"): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;
}

/** A Markdown table: header cells, then rows (cells must already be escaped for tables). */
export function table(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.map((c) => c || " ").join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)];
}

/** `[label](url)` with an escaped label; URLs that are not http(s) become plain escaped text. */
export function link(label: string, url: string): string {
  if (!/^https?:\/\/[^\s()<>]+$/.test(url)) return label;
  return `[${label}](${url})`;
}

/** An ISO timestamp as "2024-05-01 14:03 UTC"; other strings escaped as they are. */
export function when(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return escapeMarkdownInline(iso, 40);
  return new Date(t).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

export interface Repo {
  owner: string;
  repo: string;
  /** `https://github.com` unless GitHub Enterprise. */
  serverUrl?: string;
}

export function commitLink(r: Repo, sha: string): string {
  const base = (r.serverUrl ?? "https://github.com").replace(/\/+$/, "");
  const path = `${encodeURIComponent(r.owner)}/${encodeURIComponent(r.repo)}/commit/${sha}`;
  return /^[0-9a-f]{7,64}$/i.test(sha) ? `[${shortSha(sha)}](${base}/${path})` : code(sha, 64);
}
