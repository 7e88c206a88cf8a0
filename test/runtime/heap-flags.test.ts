import { execFileSync } from "node:child_process";
import { HEAP_FLAGS } from "../../src/runtime/heap-flags.js";

describe("the server's V8 heap settings", () => {
  it("are flags this Node's V8 knows: V8 ignores an unknown one with a line on stderr, and memory would grow again unnoticed", () => {
    const known = execFileSync(process.execPath, ["--v8-options"], { encoding: "utf8" });
    for (const flag of HEAP_FLAGS) {
      const name = flag.replace(/=.*$/, "");
      expect(known).toContain(`  ${name} (`);
    }
  });
});
