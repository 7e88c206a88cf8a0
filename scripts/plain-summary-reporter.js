// Prints jest's result as one plain line, "Tests: N passed, N failed,
// N skipped", which CI reads to tell a run that tested nothing. With
// JEST_SUMMARY_FILE set it also writes the line there, so .ci/run can print
// it last (after jest's own closing output).
import { writeFileSync } from "node:fs";

export default class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = results;
    const line = `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
    process.stderr.write(`\n${line}\n`);
    if (process.env.JEST_SUMMARY_FILE) writeFileSync(process.env.JEST_SUMMARY_FILE, `${line}\n`);
  }
}
