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
  line: number;
  /** What is wrong, for the check output: "`!` negation is not supported by GitHub; line ignored". */
  message: string;
}

export interface Codeowners {
  rules: OwnerRule[];
  /** Lines GitHub would reject or that use syntax it does not support; reported, not guessed. */
  problems: CodeownersProblem[];
}
