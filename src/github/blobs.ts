/**
 * GraphQL cuts `Blob.text` at 512,000 bytes (`isTruncated`): a larger
 * CODEOWNERS is read through REST `git/blobs/{oid}` once and cached by oid
 * (a blob's content never changes).
 */
import type { GitHubClient } from "./client.js";
import { LimitError, MAX_CODEOWNERS_BYTES } from "./limits.js";

const cache = new Map<string, string>();
const CACHE_ENTRIES = 20;

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
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(oid, text);
  return text;
}
