import { logRequests, withRequestLog } from "../../src/github/request-log.js";

type Wrapper = (
  request: (o: { method: string; url: string }) => Promise<{ status: number }>,
  options: { method: string; url: string },
) => Promise<{ status: number }>;

function fakeClient() {
  let wrapper: Wrapper | null = null;
  const gh = {
    hook: {
      wrap: (_: "request", w: Wrapper) => {
        wrapper = w;
      },
    },
  };
  const call = (status: number) =>
    wrapper!(
      async () => {
        if (status >= 400) throw Object.assign(new Error("no"), { status });
        return { status };
      },
      { method: "POST", url: "/graphql" },
    );
  return { gh, call };
}

function logger(name: string, lines: string[]) {
  return {
    debug: (fields: object, message: string) =>
      void lines.push(`${name} ${message} ${JSON.stringify(fields)}`),
  };
}

describe("GitHub request log lines", () => {
  it("carry the logger of the evaluation that made them, else the fallback", async () => {
    const lines: string[] = [];
    const { gh, call } = fakeClient();
    logRequests(gh as never, logger("app", lines));
    await withRequestLog(logger("delivery-42 acme/api#7", lines), async () => {
      await call(200);
      await expect(call(502)).rejects.toThrow("no");
    });
    await call(200);
    expect(lines).toEqual([
      expect.stringMatching(
        /^delivery-42 acme\/api#7 GitHub request \{"request":"POST \/graphql","status":200/,
      ),
      expect.stringMatching(/^delivery-42 acme\/api#7 GitHub request failed \{.*"status":502/),
      expect.stringMatching(/^app GitHub request \{/),
    ]);
  });
});
