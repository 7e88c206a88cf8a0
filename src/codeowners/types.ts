/** A parsed CODEOWNERS file (GitHub's semantics: last matching line wins). */
export interface OwnerRule {
  /** The pattern as written on the line. */
  pattern: string;
  /** Owners as written: `@user`, `@org/team` or an email. Empty: the line unowns its paths. */
  owners: string[];
  /** 1-based line number. */
  line: number;
}

export interface CodeownersProblem {
  /** 1-based line number; 0 when the problem concerns the whole file (e.g. too large). */
  line: number;
  /** What is wrong, for the check output: "`!` negation is not supported by GitHub; line ignored". */
  message: string;
  /**
   * `error`: the line (or file) is ignored, as GitHub skips lines with invalid syntax.
   * `warning`: the line is used, but may not do what its author meant. Absent means `error`.
   */
  severity?: "error" | "warning";
}

export interface Codeowners {
  rules: OwnerRule[];
  /** Lines GitHub would reject or that use syntax it does not support; reported, not guessed. */
  problems: CodeownersProblem[];
}
