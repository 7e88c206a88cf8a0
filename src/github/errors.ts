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

/** A request that never got an answer: Octokit reports it as status 500 without a response. */
export function unanswered(err: unknown): boolean {
  return statusOf(err) === 500 && (err as MaybeHttpError)?.response === undefined;
}

/** The system error behind a failed fetch (ECONNREFUSED, ENOTFOUND …), when there is one. */
export function networkReason(err: unknown): string | null {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+/.test(code)) {
      const msg = (e as { message?: string }).message ?? code;
      return msg.includes(code) ? msg : `${code}: ${msg}`;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** A one-line description of a failure for the check output. */
export function describeError(err: unknown): string {
  const status = statusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  if (unanswered(err)) return `GitHub could not be reached: ${networkReason(err) ?? message}`;
  return status ? `GitHub answered ${status}: ${message}` : message;
}
