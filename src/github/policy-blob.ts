/**
 * A policy file's GraphQL blob as a `BlobFile`. `Blob.text` is null for a
 * binary blob and cut at 512,000 bytes (`isTruncated`): such a file is kept,
 * marked `unreadable`, so the policy layer reports it as invalid. Treating it
 * as absent would let a PR replace the policy with a binary file and be
 * judged by the organisation's file or the defaults once merged.
 */
import type { BlobFile } from "../model/snapshot.js";

/** `... on Blob { oid text isTruncated byteSize }`: `{}` when the path is a directory. */
export interface GqlPolicyBlob {
  oid?: string;
  text?: string | null;
  isTruncated?: boolean;
  byteSize?: number;
}

/** null when there is no file at all (no object, or not a blob). */
export function policyBlob(
  source: string,
  path: string,
  object: GqlPolicyBlob | null | undefined,
): BlobFile | null {
  if (!object?.oid) return null;
  const file = { source, path, oid: object.oid };
  const byteSize = object.byteSize ?? 0;
  if (object.text == null) return { ...file, text: "", unreadable: { why: "binary", byteSize } };
  if (object.isTruncated) return { ...file, text: "", unreadable: { why: "too-large", byteSize } };
  return { ...file, text: object.text };
}
