/**
 * The guard in front of Probot's webhook middleware (SPEC §1). Probot 14
 * reads a body whole, then checks its signature; one unsigned 512 MB POST
 * took the process from 89 MB to 1.14 GB. Here a body is refused with 413 as
 * soon as it is known to pass 25 MB (GitHub's cap): by its `Content-Length`
 * before reading anything, else by counting the bytes as they stream, and
 * the connection is closed so Node does not read the rest. The HMAC
 * (`x-hub-signature-256` with `WEBHOOK_SECRET`) is computed while the body
 * streams and checked before anything parses it; a request without one is
 * refused before its body is read.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** GitHub caps webhook payloads at 25 MB. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

export interface IntakeOptions {
  secret: string;
  maxBytes?: number;
}

export type IntakeResult =
  | { ok: true; body: string }
  | { ok: false; status: number; error: string };

/**
 * Reads and verifies a webhook body. On refusal it has already answered
 * (and, for 413, closed the connection); on success the caller answers.
 */
export async function readVerifiedBody(
  req: IncomingMessage,
  res: ServerResponse,
  opts: IntakeOptions,
): Promise<IntakeResult> {
  const maxBytes = opts.maxBytes ?? MAX_WEBHOOK_BYTES;
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return refuse(req, res, 413, tooLarge(maxBytes));
  }
  const header = req.headers["x-hub-signature-256"];
  const match = typeof header === "string" ? SIGNATURE.exec(header.trim()) : null;
  if (!match) {
    return refuse(
      req,
      res,
      400,
      "signature required: x-hub-signature-256 (sha256=<hex HMAC of the body with the webhook secret>) is missing or malformed",
    );
  }
  const expected = Buffer.from(match[1]!, "hex");

  const hmac = createHmac("sha256", opts.secret);
  const chunks: Buffer[] = [];
  let total = 0;
  const outcome = await new Promise<"ok" | "too-large" | "aborted">((resolve) => {
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        req.off("data", onData);
        req.pause();
        chunks.length = 0;
        resolve("too-large");
        return;
      }
      hmac.update(chunk);
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve("ok"));
    req.once("error", () => resolve("aborted"));
    req.once("close", () => resolve(req.complete ? "ok" : "aborted"));
  });
  if (outcome === "too-large") return refuse(req, res, 413, tooLarge(maxBytes));
  if (outcome === "aborted") {
    req.destroy();
    return { ok: false, status: 400, error: "request aborted" };
  }
  const actual = hmac.digest();
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return refuse(req, res, 400, "signature does not match");
  }
  return { ok: true, body: Buffer.concat(chunks, total).toString("utf8") };
}

function tooLarge(maxBytes: number): string {
  return `payload too large: webhook bodies are refused past ${maxBytes} bytes (GitHub's cap)`;
}

/** How long a refused connection may stay half-closed for the client to read the answer. */
const LINGER_MS = 1000;

/**
 * Answers and closes the connection without reading the rest of the body.
 * `res.end()` would make Node read (and discard) whatever the client still
 * sends, and destroying the socket at once would reset it before the client
 * reads the answer. So: the whole answer is written (its length declared),
 * the request stays paused (Node stops reading once its small buffer is
 * full), our side of the connection is closed, and the socket is destroyed
 * a moment later.
 */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  error: string,
): IntakeResult {
  req.pause();
  const socket = req.socket;
  if (!res.headersSent) {
    const body = `${JSON.stringify({ error })}\n`;
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      connection: "close",
    });
    res.write(body);
  }
  socket?.end();
  setTimeout(() => socket?.destroy(), LINGER_MS).unref();
  return { ok: false, status, error };
}
