/** What to tell a developer when a call to GitHub failed: the message and GitHub's request id. */

interface MaybeHttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
  headers?: Record<string, string | undefined>;
  request?: { headers?: Record<string, string | undefined> };
}

export function requestIdOf(err: unknown): string | undefined {
  const e = err as MaybeHttpError;
  return (
    e?.response?.headers?.["x-github-request-id"] ??
    e?.headers?.["x-github-request-id"] ??
    undefined
  );
}

export function statusOf(err: unknown): number | undefined {
  const s = (err as MaybeHttpError)?.status;
  return typeof s === "number" ? s : undefined;
}

/** A one-line description of a failure for the check output. */
export function describeError(err: unknown): string {
  const status = statusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return status ? `GitHub answered ${status}: ${message}` : message;
}
