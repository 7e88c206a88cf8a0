import {
  escapeMarkdownInline,
  inlineCode,
  mention,
  quietMention,
  showBidiControls,
  truncate,
} from "../../src/render/escape.js";
import { fitTitle } from "../../src/render/limits.js";
import { code, who } from "../../src/render/markdown.js";

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
    ["link", "[x](http://e.vil)", `\\[x\\](http${ZWJ}://e.vil)`],
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

/** GFM's extended autolinks: a scheme and `://`, or `www.`, directly joined. */
const AUTOLINKABLE = /(?:https?|ftp):\/\/|www\./i;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe("echoed text: bare URLs are not linked (issue #8)", () => {
  it.each([
    ["https URL", "see https://evil.example/login", `see https${ZWJ}://evil.example/login`],
    ["http URL", "http://x.io", `http${ZWJ}://x.io`],
    ["upper-case scheme", "HTTPS://X.IO", `HTTPS${ZWJ}://X.IO`],
    ["ftp URL", "ftp://files.example", `ftp${ZWJ}://files.example`],
    ["www domain", "go to www.evil.example", `go to www${ZWJ}.evil.example`],
    ["after an escaped underscore", "_https://e.vil", `\\_https${ZWJ}://e.vil`],
    ["in parentheses", "(www.e.vil)", `(www${ZWJ}.e.vil)`],
    ["a word that merely contains www", "awwwards", "awwwards"],
  ])("%s", (_name, input, expected) => {
    expect(escapeMarkdownInline(input)).toBe(expected);
  });

  it("a reason or login never reaches GitHub as a linkable URL", () => {
    for (const text of ["x https://a.b y", "www.a.b", "@https://a.b", "Https://A.b"]) {
      expect(escapeMarkdownInline(text)).not.toMatch(AUTOLINKABLE);
      expect(quietMention(text)).not.toMatch(AUTOLINKABLE);
      expect(mention(text)).not.toMatch(AUTOLINKABLE);
      expect(who(text)).not.toMatch(AUTOLINKABLE);
    }
  });

  it("code spans keep URLs as written: GitHub never links inside them", () => {
    expect(inlineCode("https://a.b")).toBe("`https://a.b`");
  });
});

describe("echoed text: bidi controls are shown, not obeyed (issue #8)", () => {
  const rlo = "\u202E";
  it("shows each control as its code point", () => {
    expect(showBidiControls(`a${rlo}b\u2066c\u200Fd\u061Ce`)).toBe(
      "a[U+202E]b[U+2066]c[U+200F]d[U+61C]e",
    );
  });

  it("a Trojan-Source reason reads in the order it was written", () => {
    // Displayed as "override approved" with the control obeyed; its real order is shown instead.
    const reason = `ok ${rlo}devorppa${"\u202C"} nope`;
    const out = escapeMarkdownInline(reason);
    expect(out).not.toMatch(BIDI);
    expect(out).toBe("ok \\[U+202E\\]devorppa\\[U+202C\\] nope");
  });

  it.each([
    ["escapeMarkdownInline", (s: string) => escapeMarkdownInline(s)],
    ["inlineCode", (s: string) => inlineCode(s)],
    ["code", (s: string) => code(s)],
    ["mention", (s: string) => mention(s)],
    ["quietMention", (s: string) => quietMention(s)],
    ["who", (s: string) => who(s)],
    ["fitTitle", (s: string) => fitTitle(s)],
  ])("%s removes every control", (_name, render) => {
    for (const c of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067"]) {
      expect(render(`a${c}b`)).not.toMatch(BIDI);
    }
    for (const c of ["\u2068", "\u2069", "\u200E", "\u200F", "\u061C"]) {
      expect(render(`a${c}b`)).not.toMatch(BIDI);
    }
  });
});
