/**
 * Starts the real server process as `npm start` and the image do (`node
 * lib/start.js`, after the build that `npm test` runs first), pointed at
 * the GitHub double through GHE_HOST/GHE_PROTOCOL. It runs in a temporary
 * working directory so a developer's `.env` cannot leak in.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
export const WEBHOOK_SECRET = "e2e-secret";

export interface RunningServer {
  url: string;
  webhookUrl: string;
  appId: number;
  publicKey: string;
  output: () => string;
  stop: () => Promise<void>;
  /** The server's process id (it is `node` itself: signals reach it directly). */
  pid: number;
  /** Settles with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
}

export const testKeys = (() => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
})();

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address ? ok(address.port) : fail(new Error("no port")),
      );
    });
  });
}

export async function startServer(opts: {
  gheHost: string;
  appId?: number;
  env?: Record<string, string>;
}): Promise<RunningServer> {
  const main = join(ROOT, "lib/start.js");
  if (!existsSync(main))
    throw new Error("lib/start.js is missing: run `npm run build` (npm test does).");
  const port = await freePort();
  const appId = opts.appId ?? 4242;
  let log = "";
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: mkdtempSync(join(tmpdir(), "countersign-e2e-")),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "test",
      APP_ID: String(appId),
      PRIVATE_KEY: testKeys.privateKey,
      WEBHOOK_SECRET,
      GHE_HOST: opts.gheHost,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      COUNTERSIGN_COALESCE_MS: "20",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => log);
  return {
    url,
    webhookUrl: `${url}/api/github/webhooks`,
    appId,
    publicKey: testKeys.publicKey,
    output: () => log,
    stop: () => stop(child),
    pid: child.pid ?? 0,
    exited,
  };
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`server did not become healthy in 20 s:\n${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once("exit", () => ok());
    child.kill("SIGTERM");
    // Draining waits for evaluations in flight; a test's server has none left by now.
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}
