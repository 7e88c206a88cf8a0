import {
  escapeMarkdownInline,
  inlineCode,
  mention,
  quietMention,
  truncate,
} from "../../src/render/escape.js";

const ZWJ = "\u200D";

describe("escapeMarkdownInline", () => {
  const cases: [string, string, string][] = [
    ["plain text", "hotfix for outage", "hotfix for outage"],
    ["mention", "cc @bob", `cc @${ZWJ}bob`],
    ["team mention", "@acme/release", `@${ZWJ}acme/release`],
    ["email keeps its @ harmless", "a@b.c", `a@${ZWJ}b.c`],
    ["lone @", "meet @ 5", "meet @ 5"],
    ["issue reference", "see #12", `see #${ZWJ}12`],
    ["heading sign", "#tag", "#tag"],
    ["HTML", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    ["ampersand", "R&D &amp;", "R&amp;D &amp;amp;"],
    ["table pipe", "a | b", "a \\| b"],
    ["backticks", "run `rm`", "run \\`rm\\`"],
    ["link", "[x](http://e.vil)", "\\[x\\](http://e.vil)"],
    ["image", "![x](y)", "\\!\\[x\\](y)"],
    ["emphasis", "*a* _b_ ~c~", "\\*a\\* \\_b\\_ \\~c\\~"],
    ["backslash", "a\\b", "a\\\\b"],
    ["newlines", "one\ntwo\r\nthree\rfour", "one two three four"],
    ["newline with indentation", "one\n    two", "one two"],
    ["surrounding space", "  x  ", "x"],
  ];
  it.each(cases)("%s", (_name, input, expected) => {
    expect(escapeMarkdownInline(input)).toBe(expected);
  });

  it("truncates with an ellipsis, counting characters of the original", () => {
    expect(escapeMarkdownInline("abcdefghij", 5)).toBe("abcd…");
    expect(escapeMarkdownInline("abcde", 5)).toBe("abcde");
    expect(escapeMarkdownInline("<<<<<<", 3)).toBe("&lt;&lt;…");
  });
});

describe("truncate", () => {
  it("never splits a surrogate pair", () => {
    expect(truncate("😀😀😀", 2)).toBe("😀…");
  });
});

describe("inlineCode", () => {
  it.each([
    ["plain", "/countersign foo", "`/countersign foo`"],
    ["with a backtick", "a`b", "``a`b``"],
    ["starting with a backtick", "`x", "`` `x ``"],
    ["pipe", "a|b", "`a\\|b`"],
    ["newline", "a\nb", "`a b`"],
  ])("%s", (_name, input, expected) => {
    expect(inlineCode(input)).toBe(expected);
  });
});

describe("mention", () => {
  it.each([
    ["alice", "@alice"],
    ["Alice-1", "@Alice-1"],
    ["deploy[bot]", "@deploy[bot]"],
    ["evil <b>", "evil &lt;b&gt;"],
    ["@other", `@${ZWJ}other`],
  ])("%s → %s", (login, expected) => {
    expect(mention(login)).toBe(expected);
  });
});

describe("quietMention", () => {
  it("shows the name without notifying", () => {
    expect(quietMention("bob")).toBe(`@${ZWJ}bob`);
    expect(quietMention("@acme/release")).toBe(`@${ZWJ}acme/release`);
  });
});
