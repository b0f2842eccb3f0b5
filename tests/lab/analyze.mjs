// Runs why401 on every recorded capture and compares its primary cause with each scenario's
// ground truth (scenarios.json). Writes results.json and the table between the markers in
// RESULTS.md ("before" table of issue 9). No servers or browsers needed.
//   node tests/lab/analyze.mjs [--bin target/release/why401]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LAB = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.resolve(LAB, '../..');
const PRODUCERS = ['chrome-panel', 'firefox-panel', 'playwright', 'cdp'];
const i = process.argv.indexOf('--bin');
const BIN_ARG = i > 0 ? process.argv[i + 1] : path.join(ROOT, 'target/release/why401');
// A private copy: cargo may replace the binary while the analysis runs.
const BIN = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'why401-lab-bin-')), 'why401');
const BUILT = fs.statSync(BIN_ARG).mtime.toISOString().replace(/\.\d+Z$/, 'Z');
fs.copyFileSync(BIN_ARG, BIN);
fs.chmodSync(BIN, 0o755);
process.on('exit', () => fs.rmSync(path.dirname(BIN), { recursive: true, force: true }));
// --captures DIR: analyse another recording (then results.json, RESULTS.md and
// known-misses.json are left alone and the table goes to stdout only).
const j = process.argv.indexOf('--captures');
const CAPTURES = j > 0 ? path.resolve(process.argv[j + 1]) : path.join(LAB, 'captures');
const ELSEWHERE = j > 0;
const { scenarios } = JSON.parse(fs.readFileSync(path.join(LAB, 'scenarios.json'), 'utf8'));

/** "METHOD http://host/path?query #N" -> matcher over HAR entries (port ignored). */
function parseRequest(spec) {
  const [method, u, nth] = spec.split(' ');
  const url = new URL(u);
  return { method, host: url.hostname, path: url.pathname, query: url.search || null, nth: nth ? Number(nth.replace('#', '')) : 1 };
}

/** The entry a spec names: `#n` is the n-th matching request to start (not file order:
 * a DevTools panel gets a navigation's redirect hops late). */
function findEntry(entries, spec) {
  const want = parseRequest(spec);
  const found = [];
  for (let k = 0; k < entries.length; k++) {
    const r = entries[k].request;
    let u;
    try {
      u = new URL(r.url);
    } catch {
      continue;
    }
    if (r.method !== want.method || u.hostname !== want.host || u.pathname !== want.path) continue;
    if (want.query !== null && u.search !== want.query) continue;
    found.push({ k, t: String(entries[k].startedDateTime || '') });
  }
  found.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.k - b.k));
  return found.length >= want.nth ? found[want.nth - 1].k : -1;
}

function why401(file) {
  try {
    return JSON.parse(execFileSync(BIN, ['--format', 'json', '--color', 'never', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (e) {
    if (e.status === 1 && e.stdout) return JSON.parse(e.stdout); // 1 = failures found
    return { error: `exit ${e.status}: ${String(e.stderr || e.message).split('\n')[0]}` };
  }
}

/**
 * Whether `producer`'s capture of scenario `s` must show no failure: `noFailures` is `true` (every
 * producer's) or a list of producers (a browser where the scenario works, such as Firefox keeping
 * a third-party cookie for the page's site); the scenario's expectations are for the others.
 */
const healthy = (s, producer) => s.noFailures === true || (Array.isArray(s.noFailures) && s.noFailures.includes(producer));

const results = [];
for (const s of scenarios) {
  for (const producer of PRODUCERS) {
    const file = path.join(CAPTURES, s.id, `${producer}.har`);
    if (!s.producers.includes(producer)) continue;
    const row = { scenario: s.id, producer, checks: [], extra: [] };
    results.push(row);
    if (!fs.existsSync(file)) {
      row.missing = true;
      continue;
    }
    const har = JSON.parse(fs.readFileSync(file, 'utf8'));
    const report = why401(file);
    if (report.error) {
      row.error = report.error;
      continue;
    }
    const failures = report.failures || [];
    const expectedEntries = new Set();
    for (const ex of healthy(s, producer) ? [] : s.expect) {
      // byProducer.<producer>: { skip: why } (not in that producer's capture) or
      // { cause, confidence, why } (what that capture can show). The request never changes.
      const over = (ex.byProducer || {})[producer];
      if (over && typeof over.skip === 'string') {
        row.checks.push({ request: ex.request, want: ex.cause, na: true, got: 'skipped', why: over.skip });
        continue;
      }
      const o = { ...ex, cause: over?.cause ?? ex.cause, confidence: over?.confidence ?? ex.confidence };
      const entry = findEntry(har.log.entries, o.request);
      const check = { request: o.request, want: o.cause, wantConfidence: o.confidence || null, entry, adjusted: !!over };
      if (entry < 0) {
        check.got = 'entry absent';
      } else {
        expectedEntries.add(entry);
        const f = failures.find((x) => x.entry === entry);
        check.status = har.log.entries[entry].response?.status;
        if (!f) check.got = 'not flagged';
        else {
          check.got = f.causes[0] || '(no cause)';
          check.causes = f.causes;
          // The finding whose first entry is this one (what tests/lab.rs reads too).
          const finding = (report.findings || []).find((g) => g.rule === check.got && (g.entries || [])[0] === entry);
          check.confidence = finding ? finding.confidence : null;
        }
      }
      check.ok = check.got === check.want;
      check.confidenceOk = !check.wantConfidence || check.confidence === check.wantConfidence;
      row.checks.push(check);
    }
    for (const f of failures) {
      if (expectedEntries.has(f.entry)) continue;
      const u = new URL(f.url);
      row.extra.push(`#${f.entry} ${f.method} ${u.hostname}${u.pathname} ${f.status} → ${f.causes[0] || '?'}`);
    }
    const judged = row.checks.filter((c) => !c.na);
    if (!healthy(s, producer) && judged.length === 0) row.na = true;
    row.ok = judged.every((c) => c.ok) && (healthy(s, producer) ? failures.length === 0 : true);
  }
}
// --known-misses: write known-misses.json ("scenario/producer" -> what why401 says instead),
// the list tests/lab.rs tolerates; a wrong cause, a wrong stated confidence, a ground-truth
// request not reported, or a failure in a healthy scenario is a miss.
if (process.argv.includes('--known-misses') && !ELSEWHERE) {
  const misses = {};
  for (const r of results) {
    if (r.missing || r.error) continue;
    const s = scenarios.find((x) => x.id === r.scenario);
    const said = [];
    for (const c of r.checks) {
      if (c.na) continue;
      if (!c.ok) said.push(`${c.request}: ${c.got}${c.confidence ? ` (${c.confidence})` : ''}, expected ${c.want}`);
      else if (!c.confidenceOk) said.push(`${c.request}: ${c.got} is ${c.confidence}, expected ${c.wantConfidence}`);
    }
    if (healthy(s, r.producer)) for (const e of r.extra) said.push(`reports a failure: ${e}`);
    if (said.length) misses[`${r.scenario}/${r.producer}`] = said.join('; ');
  }
  fs.writeFileSync(path.join(LAB, 'known-misses.json'), JSON.stringify(misses, null, 2) + '\n');
  console.error(`known-misses.json: ${Object.keys(misses).length} entries`);
}
if (!ELSEWHERE) fs.writeFileSync(path.join(LAB, 'results.json'), JSON.stringify({ why401: path.relative(ROOT, BIN_ARG), results }, null, 2) + '\n');

// The markdown table: one row per scenario, one column per producer.
const cell = (row) => {
  if (!row) return 'n/a';
  if (row.missing) return 'not recorded';
  if (row.error) return `error: ${row.error}`;
  const s = scenarios.find((x) => x.id === row.scenario);
  if (healthy(s, row.producer)) return row.extra.length === 0 ? '✅ no failure' : `❌ ${row.extra.length} false failure(s): ${row.extra.map((e) => '`' + e.split(' → ')[1] + '`').join(', ')}`;
  const judged = row.checks.filter((c) => !c.na);
  if (judged.length === 0) return '➖ not in this capture';
  return judged
    .map((c) => {
      const conf = (c.confidence ? ` (${c.confidence})` : '') + (c.adjusted ? ' †' : '');
      if (c.ok) return `✅ \`${c.got}\`${conf}${c.confidenceOk ? '' : ` ≠ ${c.wantConfidence}`}`;
      if (c.got === 'entry absent' || c.got === 'not flagged') return `❌ ${c.got}`;
      return `❌ \`${c.got}\`${conf}`;
    })
    .join('<br>');
};
let version = '?';
try {
  version = execFileSync(BIN, ['--version'], { encoding: 'utf8' }).trim();
} catch {
  /* reported below as '?' */
}
let md = `why401 under test: \`${version}\` (\`${path.relative(ROOT, BIN_ARG)}\`, built ${BUILT}).\n\n`;
md += `| scenario | ground truth | ${PRODUCERS.join(' | ')} |\n| --- | --- | ${PRODUCERS.map(() => '---').join(' | ')} |\n`;
for (const s of scenarios) {
  const short = (spec) => spec.replace(/^(\S+) https?:\/\//, '$1 ');
  const truth =
    s.noFailures === true
      ? 'no failure'
      : [
          ...s.expect.map((e) => `${short(e.request)}: \`${e.cause}\`${e.confidence ? ` (${e.confidence})` : ''}`),
          ...(Array.isArray(s.noFailures) ? [`${s.noFailures.join(', ')}: no failure`] : []),
        ].join('<br>');
  md += `| ${s.id} | ${truth} | ${PRODUCERS.map((p) => cell(results.find((r) => r.scenario === s.id && r.producer === p))).join(' | ')} |\n`;
}
const counted = results.filter((r) => !r.missing && !r.error && !r.na);
const right = counted.filter((r) => r.ok).length;
const perProducer = PRODUCERS.map((p) => {
  const rs = counted.filter((r) => r.producer === p);
  return `${p} ${rs.filter((r) => r.ok).length}/${rs.length}`;
}).join(', ');
md += `\n† judged against this producer's own expectation (\`byProducer\` in scenarios.json: what its capture can show).\n`;
md += `\nRight primary cause on every ground-truth request (and nothing for the healthy scenarios): **${right} of ${counted.length}** captures (${perProducer}).\n`;
const extras = counted.filter((r) => r.extra.length);
if (extras.length) {
  md += `\nOther entries reported as failures (not in the ground truth):\n\n`;
  for (const r of extras) md += `- ${r.scenario} / ${r.producer}: ${r.extra.map((e) => '`' + e + '`').join('; ')}\n`;
}
if (ELSEWHERE) {
  console.log(md);
  process.exit(0);
}
const resultsMd = path.join(LAB, 'RESULTS.md');
const begin = '<!-- results:begin (generated by tests/lab/analyze.mjs) -->';
const end = '<!-- results:end -->';
let doc = fs.existsSync(resultsMd) ? fs.readFileSync(resultsMd, 'utf8') : `# Lab results\n\n${begin}\n${end}\n`;
if (!doc.includes(begin)) doc += `\n${begin}\n${end}\n`;
const a = doc.indexOf(begin);
const b = doc.indexOf(end, a);
doc = doc.slice(0, a) + `${begin}\n${md}` + doc.slice(b);
fs.writeFileSync(resultsMd, doc);
console.log(md);
