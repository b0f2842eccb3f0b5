// Typed mirror of why401's report (src/analysis.rs, src/finding.rs, src/har/ingest.rs):
// what `analyze()` and `Session.report()` return, and what `why401 --format json` prints.
// Field names are the Rust ones (snake_case). tests/report_contract.rs checks this file
// against the JSON the core really produces: a field added on one side only fails it.

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
  | 'header-too-large' | 'rate-limited' | 'preflight-rejected' | 'cors-blocked' | 'authorize-error'
  | 'callback-error';

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
  /** The nearest request to the same API that worked, and what differs in the credentials sent. */
  comparison?: Comparison;
}

/** Diagnosis by difference (src/diff.rs): values are never shown, only their shape. */
export interface Comparison {
  /** The request that worked (index into `log.entries`). */
  reference: number;
  reference_status: number;
  /** Milliseconds from the reference to the failure; negative when the reference came later. */
  ms_apart: number | null;
  /** What differs in the credentials sent; empty when they were the same. */
  differences: Difference[];
  /** Whether the two paths share a segment (the same API); otherwise only origin and method match. */
  shares_path: boolean;
}

/** What a credential looked like: its kind and length in characters. */
export type Shape = 'empty' | { jwt: number } | { prefixed: [string, number] } | { opaque: number };

export type Difference =
  | { kind: 'header-absent' | 'header-empty'; name: string; there: Shape }
  | { kind: 'header-changed' | 'query-changed'; name: string; here: Shape; there: Shape }
  | { kind: 'cookie-absent' | 'cookie-changed'; name: string }
  | { kind: 'query-absent'; name: string; there: Shape }
  | { kind: 'claim-changed'; claim: string; here: string; there: string }
  | { kind: 'origin-changed'; here: string; there: string }
  /** A credential header, or cookies, sent only by the failing request. */
  | { kind: 'header-added'; name: string; here: Shape }
  | { kind: 'cookies-added'; names: string[]; more: number }
  /** A credential in the request body, named by its place (`AuthParameters.PASSWORD`); never its value. */
  | { kind: 'body-absent' | 'body-changed' | 'body-added'; name: string };

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'certain' | 'likely' | 'possible';

/** One diagnosed cause, localized and redacted. */
export interface Finding {
  /** Stable kebab-case rule id (`why401 rules`). */
  rule: string;
  /** The catalog message: the rule id or `rule-id.variant` (`jwt-expired.accepted`), in every language. */
  message: string;
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
  /**
   * The values the message was built from, the same in every language: numbers, ISO 8601
   * times, catalog keys, redacted secrets; lists as arrays; phrases as `{phrase, …values}`.
   */
  data?: Record<string, DataValue>;
  /** How many requests this note stands for (notes about requests that did not fail are grouped); absent means 1. */
  repeats?: number;
}

export type DataValue = string | number | DataValue[] | { phrase: string; [name: string]: DataValue };

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
