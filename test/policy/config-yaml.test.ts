import type { BlobFile } from "../../src/model/snapshot.js";
import { yamlOf } from "../../src/policy/config-yaml.js";

function blob(text: string, source = "acme/api:.github/countersign.yml@main"): BlobFile {
  return { source, path: ".github/countersign.yml", oid: "0".repeat(40), text };
}

describe("yamlOf: one parse per policy text, bounded", () => {
  it("shares the parse of a small clean text across evaluations (new BlobFile objects)", () => {
    const text = "services:\n  - name: pay\n    paths: [services/pay/**]\n";
    expect(yamlOf(blob(text))).toBe(yamlOf(blob(text, "acme/web:.github/countersign.yml@main")));
  });

  it("never shares a text with errors: a hostile PR file's parse is freed with its snapshot", () => {
    const text = "services:\n  - name: pay\n   bad: indent\n";
    const first = yamlOf(blob(text));
    expect(first.doc.errors.length).toBeGreaterThan(0);
    expect(yamlOf(blob(text))).not.toBe(first);
  });

  it("never shares a text past 8 KB (a parse retains many times its text)", () => {
    const text = `rules:\n${"  # padding\n".repeat(800)}`;
    expect(text.length).toBeGreaterThan(8 * 1024);
    expect(yamlOf(blob(text))).not.toBe(yamlOf(blob(text)));
  });
});
