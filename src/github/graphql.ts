/**
 * Sending the app's GraphQL documents. A `GraphqlResponseError` still carries
 * the rest of the answer in `err.data` (platform.md): a missing org `.github`
 * repository must not sink the whole snapshot, so callers say which error
 * paths they can live without.
 */

import { CHECK_NAME } from "../policy/first-run.js";
import type { GitHubClient } from "./client.js";
import { document, type OperationName } from "./documents.js";

interface GraphqlErrorLike {
  name?: string;
  data?: unknown;
  errors?: { path?: (string | number)[]; type?: string; message: string }[];
  headers?: Record<string, string | undefined>;
}

/** GitHub's GraphQL errors that mattered, without the ones the caller tolerates; keeps the request id. */
export class GitHubQueryError extends Error {
  override name = "GitHubQueryError";
  constructor(
    message: string,
    readonly headers: Record<string, string | undefined>,
    readonly types: string[],
  ) {
    super(message);
  }
}

export async function query<T>(
  gh: GitHubClient,
  name: OperationName,
  variables: Record<string, unknown>,
  tolerate: (path: (string | number)[], type: string | undefined) => boolean = () => false,
): Promise<T> {
  const source = document(name);
  // The check's name has one definition: documents that filter by it take it as a variable.
  const vars = source.includes("$checkName") ? { checkName: CHECK_NAME, ...variables } : variables;
  try {
    return await gh.graphql<T>(source, vars);
  } catch (err) {
    const e = err as GraphqlErrorLike;
    const tolerable =
      e?.name === "GraphqlResponseError" &&
      e.data != null &&
      (e.errors ?? []).every((x) => x.path != null && tolerate(x.path, x.type));
    if (tolerable) return e.data as T;
    if (e?.name !== "GraphqlResponseError") throw err;
    const fatal = (e.errors ?? []).filter((x) => x.path == null || !tolerate(x.path, x.type));
    throw new GitHubQueryError(
      `GitHub's GraphQL API answered: ${fatal.map((x) => x.message).join("; ")}`,
      e.headers ?? {},
      fatal.map((x) => x.type ?? "ERROR"),
    );
  }
}
