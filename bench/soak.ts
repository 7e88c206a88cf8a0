/**
 * `npm run soak` (SPEC §10: memory stays flat; issue 10, item 8): signed
 * webhooks to the real server process (`node lib/start.js`, Probot's
 * production throttle on, evaluation in the worker pool) against the GitHub
 * double on 127.0.0.1. 5,000 events over 500 pull requests, 50 in flight at
 * once. Each PR is in an installation of its own (the throttle spaces one
 * installation's GraphQL calls and writes a second apart); even-numbered PRs
 * have the two code owners' approvals their critical service needs
 * (`success`), odd ones one (`failure`), so a verdict crossed between PRs
 * shows.
 *
 * Prints events/s, latency p50/p99 (webhook sent → answered: the server
 * answers once the evaluation is done, or 202 past 9 s), errors, and the
 * server's RSS at the start, after the first 500 events and at the end.
 * Exits 1 when a final verdict is wrong or missing, or the RSS grew more
 * than 10 % after the first 500. Bounded: SOAK_EVENTS (5,000), SOAK_PRS
 * (500), SOAK_CONCURRENCY (50), SOAK_MAX_SECONDS (900) stop it.
 *
 * For digging: SOAK_SERVER_ENV (JSON) adds settings to the server's
 * environment, e.g. `{"NODE_OPTIONS":"--heapsnapshot-signal=SIGUSR2"}` with
 * SOAK_HEAP_SNAPSHOT=1, which writes a heap snapshot at the end into the
 * server's temporary working directory.
 */
import type { GitHubDouble, PullModel, RepoModel } from "../test/support/github-double.js";
import { payloadFor } from "../test/support/webhooks.js";
import { percentile, postWebhook, round, rssMiB, startRealServer } from "./real-server.js";
import { payRepo, refundPull } from "./scenarios.js";
import { printTable, type Row } from "./table.js";

const EVENTS = Number(process.env.SOAK_EVENTS ?? 5000);
const PRS = Number(process.env.SOAK_PRS ?? 500);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 50);
const MAX_SECONDS = Number(process.env.SOAK_MAX_SECONDS ?? 900);
const WARM_EVENTS = Math.min(500, EVENTS);
/** The events a PR's deliveries cycle through (each re-judges the PR). */
const ACTIONS = ["opened", "synchronize", "edited", "synchronize", "reopened"];

interface Subject {
  repo: RepoModel;
  pr: PullModel;
  expected: "success" | "failure";
}

function subjects(gh: GitHubDouble): Subject[] {
  const out: Subject[] = [];
  for (let i = 0; i < PRS; i++) {
    const owner = `soak-${i}`;
    const repo = payRepo(gh, owner, "api");
    gh.addTeam(owner, "pay", ["alice", "bob"]);
    for (const login of ["alice", "bob"]) gh.setPermission(repo, login, "write");
    // The critical service's rule needs two code owners' approvals; odd PRs get one.
    const approved = i % 2 === 0;
    const pr = refundPull(gh, repo, i, approved ? ["alice", "bob"] : ["alice"]);
    out.push({ repo, pr, expected: approved ? "success" : "failure" });
  }
  return out;
}

/** The main thread's V8 heap from the server's /metrics (prom-client's process metrics). */
async function mainHeapMiB(url: string): Promise<{ used: number; total: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => {
    const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
    return m ? Number(m[1]) / 2 ** 20 : Number.NaN;
  };
  return { used: read("nodejs_heap_size_used_bytes"), total: read("nodejs_heap_size_total_bytes") };
}

async function main(): Promise<number> {
  const real = await startRealServer({
    LOG_LEVEL: "warn",
    // Extra settings for the server process, as JSON (e.g. NODE_OPTIONS for a heap snapshot).
    ...(process.env.SOAK_SERVER_ENV ? JSON.parse(process.env.SOAK_SERVER_ENV) : {}),
  });
  const { gh, server } = real;
  const deadline = Date.now() + MAX_SECONDS * 1000;
  try {
    const prs = subjects(gh);
    // Event k goes to PR k mod PRS: every PR gets EVENTS / PRS deliveries, spread over the run.
    const events = Array.from({ length: EVENTS }, (_, k) => ({
      subject: prs[k % PRS]!,
      action: ACTIONS[Math.floor(k / PRS) % ACTIONS.length]!,
    }));
    const rssStart = rssMiB(server.pid);
    let rssWarm = Number.NaN;
    let heapWarm: Promise<{ used: number; total: number }> | null = null;
    const latencies: number[] = [];
    const statuses = new Map<string, number>();
    let errors = 0;
    let sent = 0;
    let done = 0;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < events.length && Date.now() < deadline) {
          const { subject, action } = events[next++]!;
          sent++;
          const payload = payloadFor(gh, "pull_request", action, subject.repo, subject.pr.number);
          const t = performance.now();
          try {
            const status = await postWebhook(server, "pull_request", payload);
            statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
            if (status !== 200 && status !== 202) errors++;
          } catch {
            errors++;
          }
          latencies.push(performance.now() - t);
          done++;
          if (done === WARM_EVENTS) {
            rssWarm = rssMiB(server.pid);
            heapWarm = mainHeapMiB(server.url);
          }
          // The double records every request; forget them so its memory stays flat too.
          if (done % 200 === 0) gh.clearRequests();
        }
      }),
    );
    const wall = (performance.now() - started) / 1000;
    const timedOut = sent < events.length;
    // A 202 answered before its evaluation ended: give the last ones time to write.
    const wrong: string[] = [];
    const settle = Date.now() + 30_000;
    for (;;) {
      wrong.length = 0;
      for (const s of prs) {
        const run = gh.appCheckRuns(s.repo, s.pr.headOid)[0];
        const got = run?.status === "completed" ? run.conclusion : "missing";
        if (got !== s.expected)
          wrong.push(`${s.repo.fullName}#${s.pr.number}: ${got} (expected ${s.expected})`);
      }
      if (wrong.length === 0 || Date.now() > settle) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const rssEnd = rssMiB(server.pid);
    const heapEnd = await mainHeapMiB(server.url);
    const heapAtWarm = (await heapWarm) ?? { used: Number.NaN, total: Number.NaN };
    if (process.env.SOAK_HEAP_SNAPSHOT) {
      process.kill(server.pid, "SIGUSR2");
      await new Promise((r) => setTimeout(r, 20_000));
    }
    const growth = ((rssEnd - rssWarm) / rssWarm) * 100;
    const failed = server
      .output()
      .split("\n")
      .filter((l) => /evaluation failed/.test(l)).length;
    const rows: Row[] = [
      { name: "events sent", value: sent, unit: "count", target: String(EVENTS) },
      { name: "pull requests (one installation each)", value: PRS, unit: "count" },
      { name: "concurrency", value: CONCURRENCY, unit: "in flight" },
      { name: "wall time", value: round(wall), unit: "s" },
      { name: "events per second", value: round(done / wall), unit: "events/s" },
      {
        name: "latency p50 (webhook sent → answered)",
        value: round(percentile(latencies, 50)),
        unit: "ms",
      },
      { name: "latency p99", value: round(percentile(latencies, 99)), unit: "ms" },
      ...[...statuses].map(([status, n]) => ({
        name: `answers ${status}`,
        value: n,
        unit: "count",
      })),
      { name: "errors (no answer, or not 200/202)", value: errors, unit: "count", target: "0" },
      { name: "evaluations failed (server log)", value: failed, unit: "count", target: "0" },
      { name: "final verdicts wrong or missing", value: wrong.length, unit: "PRs", target: "0" },
      { name: "server RSS at start", value: round(rssStart), unit: "MiB" },
      { name: `server RSS after ${WARM_EVENTS} events`, value: round(rssWarm), unit: "MiB" },
      { name: "server RSS at the end", value: round(rssEnd), unit: "MiB" },
      {
        name: `of which the main thread's V8 heap after ${WARM_EVENTS} events (used / committed)`,
        value: round(heapAtWarm.used),
        unit: `MiB / ${round(heapAtWarm.total)} MiB`,
      },
      {
        name: "of which the main thread's V8 heap at the end (used / committed)",
        value: round(heapEnd.used),
        unit: `MiB / ${round(heapEnd.total)} MiB`,
      },
      {
        name: `RSS growth after the first ${WARM_EVENTS}`,
        value: round(growth),
        unit: "%",
        target: "≤ 10",
      },
    ];
    printTable(`Soak: the server process against the double, node ${process.version}`, rows);
    for (const w of wrong.slice(0, 10)) process.stdout.write(`wrong: ${w}\n`);
    if (wrong.length > 0) {
      const run = gh.appCheckRuns(prs[0]!.repo, prs[0]!.pr.headOid)[0];
      process.stdout.write(
        `${prs[0]!.repo.fullName}: ${run?.output.title}\n${process.env.SOAK_DEBUG ? run?.output.summary : ""}\n`,
      );
    }
    const problems = [
      ...(timedOut
        ? [`stopped after SOAK_MAX_SECONDS=${MAX_SECONDS} with ${sent} of ${EVENTS} events sent`]
        : []),
      ...(wrong.length > 0 ? [`${wrong.length} final verdicts wrong or missing`] : []),
      ...(growth > 10 ? [`RSS grew ${round(growth)} % after the first ${WARM_EVENTS} events`] : []),
      ...(errors > 0 ? [`${errors} webhooks got no good answer`] : []),
    ];
    for (const p of problems) process.stdout.write(`FAIL: ${p}\n`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await real.close();
  }
}

process.exitCode = await main();
