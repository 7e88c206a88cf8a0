/**
 * The V8 settings the server runs with (`lib/start.js`; the benchmark applies
 * them too, so it measures what runs). Process-wide: the evaluation workers
 * share them.
 *
 * Under steady load V8 let the main thread's committed heap grow to about
 * four times what it kept alive (~45 MiB live in ~180 MiB) and left its
 * old-space pages part-used, so the soak's RSS grew 41 % after the first
 * 500 events. Two settings keep it flat:
 * - a fixed heap growth factor of 1.2× (V8 picks up to 4× when it judges
 *   GC costly), so the heap tracks what is live;
 * - compaction on every full GC, so freed pages go back to the system.
 * Measured (`npm run soak`, three runs): RSS growth after the first 500
 * events 2.0 %, 5.3 %, −2.1 %, the RSS ~200 MiB. The price: the largest PR
 * costs ~370 ms of CPU instead of ~250 (well inside its budget), and its
 * peak RSS rose from ~250 to 260–290 MiB (compaction evacuates into fresh
 * pages); ordinary evaluations' throughput drops ~3 % (165 vs 169 eval/s
 * over three paired runs), within the bench's noise.
 * Each flag alone was tried: growth alone left the soak at 9–14 %,
 * compaction alone swung between −1 % and 29 %. `--optimize-for-size` cost
 * 15 % throughput; a capped old space risks the largest PR.
 */
import { setFlagsFromString } from "node:v8";

export const HEAP_FLAGS = ["--heap-growing-percent=20", "--compact-on-every-full-gc"] as const;

/** Call before the app allocates much: the flags are process-wide, workers included. */
export function applyHeapFlags(): void {
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
}
