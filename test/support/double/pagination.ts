/**
 * Pagination as GitHub does it, for any array: GraphQL connections
 * (first/last/after/before, opaque cursors, GitHub's errors and its cap of
 * 100 a page) and REST pages (per_page/page with a `Link` header).
 */
import { GraphQLError } from "graphql";

/** GitHub's largest page, GraphQL and REST alike. */
export const MAX_PAGE = 100;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  totalCount: number;
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** A GraphQL error carrying GitHub's top-level `type` (e.g. `NOT_FOUND`, `EXCESSIVE_PAGINATION`). */
export function githubError(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

export function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!match)
    throw githubError(
      "INVALID_CURSOR_ARGUMENTS",
      `\`${cursor}\` does not appear to be a valid cursor.`,
    );
  return Number(match[1]);
}

function checkLimit(value: number | null | undefined, arg: "first" | "last", name: string): void {
  if (value == null) return;
  if (value < 0) {
    throw githubError(
      "INVALID_ARGUMENTS",
      `\`${arg}\` on the \`${name}\` connection cannot be less than zero.`,
    );
  }
  if (value > MAX_PAGE) {
    throw githubError(
      "EXCESSIVE_PAGINATION",
      `Requesting ${value} records on the \`${name}\` connection exceeds the \`${arg}\` limit of ${MAX_PAGE} records.`,
    );
  }
}

/**
 * One page of `items` as a GraphQL connection. `name` is the connection's
 * field name, as GitHub's error messages give it. GitHub insists on `first`
 * or `last` and caps both at 100.
 */
export function connection<T>(
  items: readonly T[],
  args: ConnectionArgs,
  name: string,
): Connection<T> {
  const { first, last, after, before } = args;
  if (first == null && last == null) {
    throw githubError(
      "MISSING_PAGINATION_BOUNDARIES",
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
    );
  }
  checkLimit(first, "first", name);
  checkLimit(last, "last", name);
  let start = after != null ? decodeCursor(after) + 1 : 0;
  let end = before != null ? Math.min(decodeCursor(before), items.length) : items.length;
  start = Math.min(start, end);
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const edges = items
    .slice(start, end)
    .map((node, i) => ({ cursor: encodeCursor(start + i), node }));
  return {
    totalCount: items.length,
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export interface RestPage<T> {
  items: T[];
  /** The `Link` header (absent when everything fits on one page). */
  link?: string;
}

/**
 * One REST page: `per_page` (default 30, at most 100) and `page` (from 1),
 * with GitHub's `Link` header (`next`, `last`, `first`, `prev`) built on
 * `url` (the request's absolute URL). `cap` is GitHub's limit on a listing
 * (e.g. 3,000 files for `pulls/{n}/files`).
 */
export function restPage<T>(
  items: readonly T[],
  url: URL,
  cap = Number.POSITIVE_INFINITY,
): RestPage<T> {
  const perPage = Math.min(
    Math.max(Number(url.searchParams.get("per_page") ?? 30) || 30, 1),
    MAX_PAGE,
  );
  const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
  const listed = items.slice(0, cap);
  const lastPage = Math.max(Math.ceil(listed.length / perPage), 1);
  const slice = listed.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1) return { items: slice };
  const at = (n: number) => {
    const u = new URL(url);
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(n));
    return `<${u.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`);
  if (page < lastPage) links.push(`${at(page + 1)}; rel="next"`);
  if (page !== lastPage) links.push(`${at(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return { items: slice, link: links.join(", ") };
}
