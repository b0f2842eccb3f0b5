// Typed mirror of why401's report (src/analysis.rs, src/finding.rs, src/har/ingest.rs):
// what `analyze()` and `Session.report()` return, and what `why401 --format json` prints.
// Keep in step with the Rust structs; field names are the Rust ones (snake_case).

/** The analysis of one capture: the JSON contract every shell relies on. */
export interface Report {
  tool: ToolInfo;
  input: InputInfo;
  /** Failing requests in file order. */
  failures: Failure[];
  /** Every finding, ordered by failure and rank. */
  findings: Finding[];
}

export interface ToolInfo {
  name: 'why401';
  version: string;
}

export interface InputInfo {
  /** Elements of `log.entries`, readable or not. */
  entries: number;
  /** `log.creator` as `name version`. */
  creator: string | null;
  /** Whether the file looks like a sanitized export (credentials removed). */
  sanitized: boolean;
  /** What was skipped or repaired while reading. */
  parse_issues: ParseIssue[];
}

/** Something skipped or repaired while reading; never fatal on its own. */
export interface ParseIssue {
  /** Stable kebab-case kind: `bom`, `harp`, `not-utf8`, `invalid-json`, `no-log`, `no-entries`, … */
  kind: string;
  message: string;
  /** JSON pointer of the affected element. */
  pointer?: string;
  line?: number;
  column?: number;
}

/** Why an entry counts as an authentication failure. */
export type FailureKind =
  | 'unauthorized' | 'proxy-auth-required' | 'forbidden' | 'token-error' | 'login-page'
  | 'header-too-large' | 'rate-limited' | 'preflight-rejected' | (string & {});

/** One failing request and its causes, best first. */
export interface Failure {
  /** Index into `log.entries`. */
  entry: number;
  method: string;
  /** Request URL, redacted. */
  url: string;
  /** Response status; null when no response arrived. */
  status: number | null;
  kind: FailureKind;
  /** `startedDateTime` as written. */
  started?: string;
  /** Rule ids of the findings about this entry, best first. */
  causes: string[];
}

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'certain' | 'likely' | 'possible';

/** One diagnosed cause, localized and redacted. */
export interface Finding {
  /** Stable kebab-case rule id (`why401 rules`). */
  rule: string;
  severity: Severity;
  confidence: Confidence;
  /** Entries concerned, the failing one first; empty for file-level findings. */
  entries: number[];
  evidence: Evidence[];
  title: string;
  explanation: string;
  /** Most likely fix first. */
  fixes: string[];
  references: Reference[];
  /** The values the message was built from (never secrets). */
  data?: Record<string, string>;
}

/** A place in the HAR that supports a finding. */
export interface Evidence {
  entry: number;
  /** JSON pointer into the HAR, e.g. `/log/entries/3/request/headers/2`. */
  pointer: string;
  /** What is there, with secrets redacted. */
  excerpt: string;
}

export interface Reference {
  title: string;
  url: string;
}
