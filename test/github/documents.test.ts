import { schema } from "@octokit/graphql-schema";
import { buildClientSchema, parse, validate } from "graphql";
import { allDocuments, document } from "../../src/github/documents.js";

const githubSchema = buildClientSchema(schema.json as never);

describe("GraphQL documents", () => {
  it("defines every operation the app sends", () => {
    expect(allDocuments().map((d) => d.name)).toEqual(
      expect.arrayContaining([
        "CountersignSnapshot",
        "CountersignSnapshotPage",
        "CountersignPullsForCommit",
        "CountersignMergeQueue",
        "CountersignOpenPulls",
        "CountersignPathsExist",
        "CountersignExtendedFile",
      ]),
    );
  });

  it.each(allDocuments().map((d) => [d.name, d.source]))(
    "%s validates against GitHub's GraphQL schema",
    (_name, source) => {
      expect(validate(githubSchema, parse(source)).map((e) => e.message)).toEqual([]);
    },
  );

  it("sends only the fragments an operation uses", () => {
    expect(document("CountersignExtendedFile")).not.toContain("fragment");
    expect(document("CountersignSnapshot")).toContain("fragment CommitPage");
  });
});
