import { coAuthorTrailers } from "./double/model.js";

describe("the double's Co-authored-by reading (GitHub's Commit.authors)", () => {
  it("reads name and email, the email closing the line", () => {
    expect(
      coAuthorTrailers("Fix\n\nCo-authored-by: Ann Lee <ann@x.io>\nco-authored-by:Bo <b<o@x.io>"),
    ).toEqual([
      { name: "Ann Lee", email: "ann@x.io" },
      { name: "Bo", email: "b<o@x.io" },
    ]);
    expect(coAuthorTrailers("Fix\n\nCo-authored-by: a <b> c <d@x.io>")).toEqual([
      { name: "a <b> c", email: "d@x.io" },
    ]);
    expect(coAuthorTrailers("Fix\n\nCo-authored-by: nobody\nCo-authored-by: x <>")).toEqual([]);
  });

  it("reads a hostile 100,000-space value at once (so the e2e tests can send one)", () => {
    const message = `A\n\nCo-authored-by:${" ".repeat(100_000)}x`;
    expect(coAuthorTrailers(message)).toEqual([]);
    expect(coAuthorTrailers(`${message} <x@y.io>`)).toEqual([{ name: "x", email: "x@y.io" }]);
  });
});
