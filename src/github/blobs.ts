/**
 * GraphQL cuts `Blob.text` at 512,000 bytes (`isTruncated`): a larger
 * CODEOWNERS is read through REST `git/blobs/{oid}` once and cached by oid
 * (a blob's content never changes).
 */
import { BoundedCache } from "../shared/bounded-cache.js";
import type { GitHubClient } from "./client.js";
import { LimitError, MAX_CODEOWNERS_BYTES } from "./limits.js";

// A blob's content never changes, but up to 20 texts of up to 3 MB are let go after an hour unused.
const cache = new BoundedCache<string>(20, 60 * 60_000);

export async function readLargeBlob(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  oid: string,
  byteSize: number,
): Promise<string> {
  if (byteSize >= MAX_CODEOWNERS_BYTES) {
    throw new LimitError(
      `CODEOWNERS is ${byteSize} bytes; GitHub ignores a CODEOWNERS file of 3 MB or more, so no one owns anything. Shrink it below 3 MB.`,
    );
  }
  const hit = cache.get(oid);
  if (hit !== undefined) return hit;
  const { data } = await gh.rest.git.getBlob({ owner: repo.owner, repo: repo.repo, file_sha: oid });
  const text = Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8").toString(
    "utf8",
  );
  cache.set(oid, text);
  return text;
}
