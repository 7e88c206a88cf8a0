/**
 * The V8 settings the server runs with (`lib/start.js`; the benchmark applies
 * them too, so it measures what runs).
 *
 * V8 compacts the old generation only when its heuristics expect a gain. A
 * server under steady load leaves its old-space pages part-used: in the soak
 * (5,000 events, 500 PRs, 50 at once) the main thread kept ~45 MiB live while
 * its committed heap and the RSS kept growing, 41 % after the first 500
 * events. Compacting on every full GC lets V8 give those pages back: the RSS
 * stays flat (−1.4 % after the first 500), at no measurable cost to ordinary
 * evaluations (`npm run bench`) — full GCs are rare, and the evaluation
 * workers (which share the setting) hold little between tasks.
 *
 * Tried and not kept: a fixed 1.2× heap growth factor (`--heap-growing-percent=20`:
 * +9 % RSS growth, +30 % CPU on the largest PR), `--optimize-for-size`
 * (−15 % throughput), a capped old space (a risk to the largest PR).
 */
import { setFlagsFromString } from "node:v8";

export const HEAP_FLAGS = ["--compact-on-every-full-gc"] as const;

/** Call before the app allocates much: the flags are process-wide, workers included. */
export function applyHeapFlags(): void {
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
}
