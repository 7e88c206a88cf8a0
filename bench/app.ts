/**
 * The app's own speed against the GitHub double on loopback: API calls per
 * evaluation, evaluations per second, webhook-to-check latency, CPU per
 * evaluation and peak memory, for ordinary and for the largest PRs.
 *
 * The app runs in this process, evaluating in the worker pool as the server
 * does (the compiled worker from lib/: `npm run bench` builds first), with
 * Probot's throttle and retry OFF
 * (production spaces GraphQL calls and writes ≥ 1 s apart per installation,
 * which would measure the throttle, not the app); the double — which also builds,
 * signs and sends the webhooks — runs in a child process, so CPU and memory
 * here are the app's alone. The double's CPU is printed beside it: on a
 * two-core machine the two share the cores.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createInterface } from "node:readline";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import appFn from "../src/index.js";
import { EvaluatePool, installEvaluatePool } from "../src/pipeline/evaluate-pool.js";
import { applyHeapFlags } from "../src/runtime/heap-flags.js";
import type { Row } from "./table.js";

const SECRET = "bench-secret";
/** Of the double's ordinary PRs (`BENCH_ORDINARY`, 500 by default): the first warm the app up, the next are judged one at a time, the rest four at once. */
const WARM_UP = 100;
const SEQUENTIAL = 100;

interface DoubleProcess {
  host: string;
  scenarios: Record<string, { repo: string; numbers: number[] }>;
  ask: (line: string) => Promise<string>;
  stop: () => void;
}

async function startDouble(publicKey: string): Promise<DoubleProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "bench/double-process.ts"],
    {
      env: { ...process.env, BENCH_PUBLIC_KEY: publicKey },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => (await lines.next()).value as string;
  const first = JSON.parse(await next());
  return {
    ...first,
    ask: async (line) => {
      child.stdin!.write(`${line}\n`);
      return next();
    },
    stop: () => child.stdin!.write("quit\n"),
  };
}

async function startApp(
  host: string,
  privateKey: string,
): Promise<{ url: string; server: Server }> {
  process.env.APP_ID = "4242";
  // With APP_ID set the app refuses Probot's default secret (SPEC §1).
  process.env.WEBHOOK_SECRET = SECRET;
  process.env.COUNTERSIGN_COALESCE_MS = "0";
  const probot = new Probot({
    appId: 4242,
    privateKey,
    secret: SECRET,
    baseUrl: `http://${host}/api/v3`,
    logLevel: (process.env.BENCH_LOG_LEVEL as "warn") ?? "warn",
    // The function form runs last in Octokit's constructor chain, after Probot's
    // own defaults (which would otherwise switch the throttle back on).
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      throttle: { enabled: false },
      retry: { enabled: false },
    })),
  });
  const middleware = await createNodeMiddleware(appFn, { probot });
  const server = createServer((req, res) => void middleware(req, res));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("no address");
  return { url: `http://127.0.0.1:${address.port}/api/github/webhooks`, server };
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

interface Calls {
  graphql: number;
  restReads: number;
  writes: number;
  total: number;
  /** The double's own CPU over the same span: it shares the machine's cores with the app. */
  cpuMs: number;
}

async function measure(
  name: string,
  url: string,
  repo: string,
  dbl: DoubleProcess,
  numbers: number[],
  concurrency: number,
  /** The one-read-one-write target holds for ordinary PRs; large ones page past 100 nodes. */
  ordinary = true,
): Promise<Row[]> {
  await dbl.ask("calls"); // reset the double's counts
  const cpu = process.cpuUsage();
  const load = JSON.parse(
    await dbl.ask(`send ${url} ${SECRET} ${concurrency} ${repo} ${numbers.join(",")}`),
  ) as { latencies: number[]; wallMs: number; error?: string };
  if (load.error) throw new Error(load.error);
  const { latencies } = load;
  const wall = load.wallMs / 1000;
  const used = process.cpuUsage(cpu);
  const calls = JSON.parse(await dbl.ask("calls")) as Calls;
  const n = numbers.length;
  const per = (x: number) => Math.round((x / n) * 100) / 100;
  return [
    { name: `${name}: evaluations`, value: n, unit: "count" },
    {
      name: `${name}: GraphQL calls per evaluation`,
      value: per(calls.graphql),
      unit: "calls",
      ...(ordinary ? { target: "1" } : {}),
    },
    { name: `${name}: REST reads per evaluation`, value: per(calls.restReads), unit: "calls" },
    {
      name: `${name}: writes per evaluation`,
      value: per(calls.writes),
      unit: "calls",
      ...(ordinary ? { target: "1" } : {}),
    },
    {
      name: `${name}: evaluations per second (concurrency ${concurrency})`,
      value: round(n / wall),
      unit: "eval/s",
    },
    {
      name: `${name}: webhook-to-check latency p50`,
      value: round(percentile(latencies, 50)),
      unit: "ms",
    },
    {
      name: `${name}: webhook-to-check latency p99`,
      value: round(percentile(latencies, 99)),
      unit: "ms",
    },
    {
      name: `${name}: app CPU per evaluation`,
      value: round((used.user + used.system) / 1000 / n),
      unit: "ms",
    },
    {
      name: `${name}: the double's CPU per evaluation (same cores)`,
      value: round(calls.cpuMs / n),
      unit: "ms",
    },
  ];
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

export async function benchApp(): Promise<Row[]> {
  // The server's V8 settings, so the bench measures what `npm start` runs.
  applyHeapFlags();
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const dbl = await startDouble(publicKey.export({ type: "spki", format: "pem" }).toString());
  const app = await startApp(dbl.host, pem);
  const pool = new EvaluatePool({
    budgetMs: 5000,
    filename: new URL("../lib/pipeline/evaluate-worker.js", import.meta.url).href,
  });
  installEvaluatePool(pool);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  try {
    const ordinary = dbl.scenarios.ordinary!;
    const largest = dbl.scenarios.largest!;
    const numbers = ordinary.numbers;
    // A server runs for days: measure it warm (JIT-compiled, caches filled), not its first minute.
    await measure("warm-up", app.url, ordinary.repo, dbl, numbers.slice(0, WARM_UP), 4);
    const sequential = numbers.slice(WARM_UP, WARM_UP + SEQUENTIAL);
    const parallel = numbers.slice(WARM_UP + SEQUENTIAL);
    const rows = [
      ...(await measure("ordinary PR, sequential", app.url, ordinary.repo, dbl, sequential, 1)),
      ...(await measure("ordinary PR, parallel", app.url, ordinary.repo, dbl, parallel, 4)),
      ...(await measure(
        "largest PR (3,000 files, 300 commits, 2.9 MB CODEOWNERS)",
        app.url,
        largest.repo,
        dbl,
        largest.numbers,
        1,
        false,
      )),
    ];
    rows.push({ name: "app process peak RSS", value: round(peakRss / 2 ** 20), unit: "MiB" });
    return rows;
  } finally {
    clearInterval(sampler);
    installEvaluatePool(null);
    await pool.close();
    app.server.close();
    dbl.stop();
  }
}
