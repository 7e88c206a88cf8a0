import { describeError } from "../../src/github/errors.js";

describe("a request GitHub never answered", () => {
  it("is named as unreachable in the check, not as GitHub answering 500", () => {
    const err = Object.assign(new Error("fetch failed"), {
      status: 500,
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
        code: "ECONNREFUSED",
      }),
    });
    expect(describeError(err)).toBe(
      "GitHub could not be reached: connect ECONNREFUSED 127.0.0.1:1",
    );
    const answered = Object.assign(new Error("Server Error"), { status: 500, response: {} });
    expect(describeError(answered)).toBe("GitHub answered 500: Server Error");
  });
});
