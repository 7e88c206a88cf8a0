import { evaluateDesignDoc } from "../../src/policy/design-doc.js";
import { type DesignDocLink, extractDesignDocLinks } from "../../src/policy/design-doc-links.js";
import { buildSnapshot, config } from "../support/snapshot-builder.js";

const REPO = { owner: "acme", name: "api" };
const extract = (body: string) => extractDesignDocLinks(body, REPO);

describe("extracting design-doc links", () => {
  it.each<[string, string, DesignDocLink[]]>([
    [
      "a Design-Doc line with a path",
      "Design-Doc: docs/design/pay-v2.md",
      [{ raw: "docs/design/pay-v2.md", path: "docs/design/pay-v2.md" }],
    ],
    [
      "the key in any case",
      "design-doc: docs/design/a.md",
      [{ raw: "docs/design/a.md", path: "docs/design/a.md" }],
    ],
    [
      "an angle-bracketed link",
      "Design-Doc: <docs/design/a b.md>",
      [{ raw: "docs/design/a b.md", path: "docs/design/a b.md" }],
    ],
    [
      "a Markdown link",
      "Design-Doc: [Pay v2](docs/design/a.md)",
      [{ raw: "docs/design/a.md", path: "docs/design/a.md" }],
    ],
    [
      "a bare link followed by words",
      "Design-Doc: docs/design/a.md (draft)",
      [{ raw: "docs/design/a.md", path: "docs/design/a.md" }],
    ],
    [
      "a leading ./",
      "Design-Doc: ./docs/design/a.md",
      [{ raw: "./docs/design/a.md", path: "docs/design/a.md" }],
    ],
    [
      "a leading /",
      "Design-Doc: /docs/design/a.md",
      [{ raw: "/docs/design/a.md", path: "docs/design/a.md" }],
    ],
    [
      "a fragment on a path",
      "Design-Doc: docs/design/a.md#goals",
      [{ raw: "docs/design/a.md#goals", path: "docs/design/a.md" }],
    ],
    [
      "a URL-encoded path",
      "Design-Doc: docs/design/pay%20v2.md",
      [{ raw: "docs/design/pay%20v2.md", path: "docs/design/pay v2.md" }],
    ],
    [
      "a github.com blob link to this repository",
      "Design-Doc: https://github.com/Acme/API/blob/main/docs/design/pay%20v2.md?plain=1#L3",
      [
        {
          raw: "https://github.com/Acme/API/blob/main/docs/design/pay%20v2.md?plain=1#L3",
          path: "docs/design/pay v2.md",
        },
      ],
    ],
    [
      "a github.com blob link to another repository",
      "Design-Doc: https://github.com/acme/other/blob/main/docs/design/a.md",
      [
        {
          raw: "https://github.com/acme/other/blob/main/docs/design/a.md",
          url: "https://github.com/acme/other/blob/main/docs/design/a.md",
        },
      ],
    ],
    [
      "an external URL",
      "Design-Doc: https://docs.google.com/document/d/abc/edit",
      [
        {
          raw: "https://docs.google.com/document/d/abc/edit",
          url: "https://docs.google.com/document/d/abc/edit",
        },
      ],
    ],
    [
      "a Design-Doc line in a list item",
      "- Design-Doc: docs/design/a.md",
      [{ raw: "docs/design/a.md", path: "docs/design/a.md" }],
    ],
    ["an empty Design-Doc line", "Design-Doc:", []],
    ["no link at all", "Fixes #12. See docs/design/a.md", []],
  ])("%s", (_name, body, links) => {
    expect(extract(body)).toEqual(links);
  });

  it.each<[string, string, string[]]>([
    [
      "links in a Design doc section",
      "## Design doc\nSee [the doc](docs/design/a.md).\n",
      ["docs/design/a.md"],
    ],
    [
      "any heading level and case",
      "###### DESIGN DOC\n[d](docs/design/a.md)",
      ["docs/design/a.md"],
    ],
    [
      "a heading with closing hashes and a colon",
      "# Design Doc: #\n[d](docs/design/a.md)",
      ["docs/design/a.md"],
    ],
    [
      "autolinks and bare URLs",
      "## Design doc\n<https://docs.google.com/document/d/1>\nalso https://wiki.acme.com/pay.",
      ["https://docs.google.com/document/d/1", "https://wiki.acme.com/pay"],
    ],
    [
      "sub-headings stay in the section",
      "## Design doc\n### Details\n[d](docs/design/a.md)",
      ["docs/design/a.md"],
    ],
    [
      "a same-level heading ends the section",
      "## Design doc\n[a](docs/design/a.md)\n## Testing\n[b](docs/design/b.md)",
      ["docs/design/a.md"],
    ],
    [
      "a higher-level heading ends the section",
      "## Design doc\n# Other\n[b](docs/design/b.md)",
      [],
    ],
    ["links outside the section are not design docs", "## Summary\n[b](docs/design/b.md)", []],
    ["images are not links", "## Design doc\n![diagram](docs/design/d.png)", []],
    ["in-page anchors are not links", "## Design doc\n[see below](#details)", []],
    [
      "Markdown link titles are dropped",
      '## Design doc\n[d](docs/design/a.md "The doc")',
      ["docs/design/a.md"],
    ],
    [
      "fenced code is not prose",
      "```\nDesign-Doc: docs/design/x.md\n## Design doc\n```\n[b](docs/design/b.md)",
      [],
    ],
    [
      "HTML comments are not prose",
      "<!--\nDesign-Doc: docs/design/template.md\n-->\nDesign-Doc: docs/design/a.md",
      ["docs/design/a.md"],
    ],
    [
      "a link named twice counts once",
      "Design-Doc: docs/design/a.md\n## Design doc\n[a](docs/design/a.md)",
      ["docs/design/a.md"],
    ],
    [
      "a Design-Doc line and a section",
      "Design-Doc: docs/design/a.md\n## Design doc\n[b](https://x.example/b)",
      ["docs/design/a.md", "https://x.example/b"],
    ],
    [
      "#hashtags are not headings",
      "## Design doc\n#notaheading\n[a](docs/design/a.md)",
      ["docs/design/a.md"],
    ],
    ["CRLF line endings", "## Design doc\r\n[a](docs/design/a.md)\r\n", ["docs/design/a.md"]],
    [
      "a setext heading (either level)",
      "Design doc\n==========\n[a](docs/design/a.md)\n\nDesign Doc\n---\n[b](docs/design/b.md)",
      ["docs/design/a.md", "docs/design/b.md"],
    ],
    [
      "a setext heading ends the section",
      "## Design doc\n[a](docs/design/a.md)\n\nTesting\n-------\n[b](docs/design/b.md)",
      ["docs/design/a.md"],
    ],
    ["a thematic break is not a heading", "Design doc\n\n---\n[a](docs/design/a.md)", []],
    [
      "reference-style links, defined anywhere in the body",
      '## Design doc\nSee [the doc][pay] and [Other][].\n\n## Notes\n\n[pay]: docs/design/a.md\n[other]: <https://x.example/b> "B"',
      ["docs/design/a.md", "https://x.example/b"],
    ],
    [
      "a reference-style link on a Design-Doc line",
      "Design-Doc: [Pay v2][1]\n\n[1]: docs/design/a.md",
      ["docs/design/a.md"],
    ],
    [
      "brackets without a definition are not links",
      "## Design doc\n- [x] wrote [the doc][missing]",
      [],
    ],
    // CommonMark details the linear scans keep (or now get right).
    [
      "a label holds no bracket: the inner brackets are the link",
      "## Design doc\nsee [draft [v2](docs/design/a.md)",
      ["docs/design/a.md"],
    ],
    [
      "an unclosed `![` before a link leaves the link a link",
      "## Design doc\n![a [b](docs/design/a.md)",
      ["docs/design/a.md"],
    ],
    [
      "a link with a title, after an unclosed one",
      '## Design doc\n[a](x [b](docs/design/b.md "B")',
      ["docs/design/b.md"],
    ],
    [
      "an autolink holds no <",
      "## Design doc\n<https://x.example/a <https://x.example/b>",
      ["https://x.example/b", "https://x.example/a"],
    ],
    ["a closing run of # is not the title", "## Design doc ##\ndocs/design/a.md", []],
    [
      "a closing run of # after the title",
      "## Design doc ##\n[a](docs/design/a.md)",
      ["docs/design/a.md"],
    ],
    ["seven # is not a heading", "####### Design doc\n[a](docs/design/a.md)", []],
    ["a # glued to the title is part of it", "## Design doc#\n[a](docs/design/a.md)", []],
  ])("%s", (_name, body, raws) => {
    expect(extract(body).map((l) => l.raw)).toEqual(raws);
  });

  it("is deterministic", () => {
    const body =
      "Design-Doc: docs/design/a.md\n## Design doc\n[b](docs/design/b.md) https://x.example/c";
    expect(extract(body)).toEqual(extract(body));
  });
});

describe("the design-doc requirement", () => {
  const cfg = config({ design_doc: { urls: ["https://docs.google.com/document/**"] } });
  const judge = (body: string, designDocFiles: Record<string, boolean> = {}, c = cfg) =>
    evaluateDesignDoc(buildSnapshot({ pullRequest: { body }, designDocFiles }), c);

  it("is met by an existing file under design_doc.paths", () => {
    expect(judge("Design-Doc: docs/design/pay-v2.md", { "docs/design/pay-v2.md": true })).toEqual({
      kind: "design_doc",
      met: true,
      accepted: "docs/design/pay-v2.md",
      problems: [],
    });
  });

  it("is met by a URL under design_doc.urls, query and fragment ignored", () => {
    const result = judge("Design-Doc: https://docs.google.com/document/d/abc/edit?usp=sharing#h1");
    expect(result).toMatchObject({
      met: true,
      accepted: "https://docs.google.com/document/d/abc/edit?usp=sharing#h1",
    });
  });

  it("says when no link is given", () => {
    const result = judge("Just a fix.");
    expect(result.met).toBe(false);
    expect(result.missing).toBe("no design doc linked in the PR description");
  });

  it.each<[string, string, Record<string, boolean>, string]>([
    [
      "a path outside design_doc.paths",
      "Design-Doc: notes/pay.md",
      { "notes/pay.md": true },
      "not under design_doc.paths (docs/design/**, **/*.design.md, adr/**)",
    ],
    [
      "a dangling path",
      "Design-Doc: docs/design/gone.md",
      { "docs/design/gone.md": false },
      "does not exist on main or in this PR",
    ],
    [
      "a path the snapshot did not look up",
      "Design-Doc: adr/0001.md",
      {},
      "does not exist on main or in this PR",
    ],
    [
      "a URL outside design_doc.urls",
      "Design-Doc: https://wiki.acme.com/pay",
      {},
      "not under design_doc.urls (https://docs.google.com/document/**)",
    ],
  ])("fails %s, saying why", (_name, body, found, reason) => {
    const result = judge(body, found);
    expect(result.met).toBe(false);
    expect(result.problems).toEqual([{ link: body.slice("Design-Doc: ".length), reason }]);
  });

  it("refuses URLs when design_doc.urls is empty", () => {
    const result = judge("Design-Doc: https://docs.google.com/document/d/abc", {}, config());
    expect(result.problems[0]?.reason).toBe("not a repository file, and design_doc.urls is empty");
  });

  it("names the path in a reason only when the link spells it otherwise", () => {
    const blob = "https://github.com/acme/api/blob/main/docs/design/gone.md";
    expect(judge(`Design-Doc: ${blob}`, {}).problems).toEqual([
      { link: blob, reason: "docs/design/gone.md does not exist on main or in this PR" },
    ]);
    expect(judge("Design-Doc: ./notes/pay.md", {}).problems).toEqual([
      {
        link: "./notes/pay.md",
        reason:
          "notes/pay.md is not under design_doc.paths (docs/design/**, **/*.design.md, adr/**)",
      },
    ]);
  });

  it("accepts a github.com link to this repository as a repository path", () => {
    const body = "Design-Doc: https://github.com/acme/api/blob/main/service.design.md";
    expect(judge(body, { "service.design.md": true })).toMatchObject({
      met: true,
      accepted: "service.design.md",
    });
  });

  it("needs one valid link; the others that fail are listed", () => {
    const body =
      "## Design doc\n- [old](docs/design/old.md)\n- [new](docs/design/new.md)\n- [wiki](https://wiki.acme.com/x)";
    const result = judge(body, { "docs/design/new.md": true });
    expect(result.met).toBe(true);
    expect(result.accepted).toBe("docs/design/new.md");
    expect(result.problems.map((p) => p.link)).toEqual([
      "docs/design/old.md",
      "https://wiki.acme.com/x",
    ]);
  });
});
