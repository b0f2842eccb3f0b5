// The capture lab's entry point (./build.sh lab): starts the servers, records every scenario
// with every producer that can record it, and writes tests/lab/captures/<scenario>/<producer>.har.
//   node tests/lab/record.mjs [--only id1,id2] [--producers chrome-panel,cdp] [--out DIR]
import fs from 'node:fs';
import path from 'node:path';
import { startWorld } from './servers/world.mjs';
import { writeHar } from './producers/common.mjs';
import { stopAll } from './lib/util.mjs';

const LAB = path.dirname(new URL(import.meta.url).pathname);
const ALL_PRODUCERS = ['chrome-panel', 'firefox-panel', 'playwright', 'cdp'];

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1].split(',').filter(Boolean) : null;
}

const { scenarios } = JSON.parse(fs.readFileSync(path.join(LAB, 'scenarios.json'), 'utf8'));
const only = arg('only');
const producers = arg('producers') || ALL_PRODUCERS;
// --out DIR: write the captures elsewhere (e.g. to compare two recordings); default captures/.
const OUT = arg('out') ? path.resolve(arg('out')[0]) : path.join(LAB, 'captures');
const verbose = !!process.env.LAB_DEBUG;
const t0 = Date.now();
const failures = [];

const httpsIds = scenarios.filter((s) => s.scheme === 'https').map((s) => s.id);
// Amazon Cognito (moto, from the lab's Python environment) only when a scenario recorded needs it.
const cognito = scenarios.some((s) => (!only || only.includes(s.id)) && (s.servers || []).includes('cognito'));
if (cognito && !process.env.LAB_PYTHON) throw new Error('a scenario needs cognito-idp.test: set LAB_PYTHON to a Python with moto (./build.sh lab does)');
// The Firebase Authentication emulator (the lab's Node packages) likewise.
const firebase = scenarios.some((s) => (!only || only.includes(s.id)) && (s.servers || []).includes('firebase'));
if (firebase && !process.env.LAB_NODE) throw new Error('a scenario needs firebase.test: set LAB_NODE to a directory with tests/lab/firebase installed (./build.sh lab does)');
// Django with the REST framework and Flask with Flask-WTF (the lab's Python environment) likewise.
const python = scenarios.some((s) => (!only || only.includes(s.id)) && (s.servers || []).includes('python'));
if (python && !process.env.LAB_PYTHON) throw new Error('a scenario needs Django, Flask or FastAPI behind app.test: set LAB_PYTHON to a Python with them (./build.sh lab does)');
// A server that fails to start (a child that never answers) is stopped too: stopAll() below.
let world;
try {
  world = await startWorld({ scenarioIds: scenarios.map((s) => s.id), httpsIds, cognito, firebase, python, log: verbose ? (s) => process.stderr.write(s) : undefined });
} catch (e) {
  await stopAll();
  throw e;
}
console.log(`lab: servers on 127.0.0.1:${world.port} (node: app/api/api2/api.app/bad-cors/gh/idp/internal/graphql .test, cognito-idp.test in front of moto, firebase.test in front of the Firebase emulator and fb-api.test, and Django, Flask and FastAPI behind app.test/django/, /flask/ and /fastapi/ (FastAPI on api.test/fastapi/ too), when a scenario needs them), :${world.nginxPort} (nginx: proxy.test) and :${world.tlsPort} (nginx: TLS and HTTP/2 for the node hosts)`);
try {
  for (const producerName of producers) {
    const mod = await import(`./producers/${producerName}.mjs`);
    const producer = await mod.open(world);
    try {
      for (const s of scenarios) {
        if (only && !only.includes(s.id)) continue;
        if (!s.producers.includes(producerName)) continue;
        const t = Date.now();
        await world.fresh(s);
        try {
          const har = await producer.record(world, s);
          const file = path.join(OUT, s.id, `${producerName}.har`);
          writeHar(file, har);
          console.log(`  ${producerName.padEnd(13)} ${s.id.padEnd(32)} ${String(har.log.entries.length).padStart(3)} entries ${String(fs.statSync(file).size).padStart(7)} B ${Date.now() - t} ms`);
        } catch (e) {
          failures.push(`${producerName} ${s.id}: ${e.message}`);
          console.log(`  ${producerName.padEnd(13)} ${s.id.padEnd(32)} FAILED: ${e.message.split('\n')[0]}`);
        }
      }
    } finally {
      await producer.close();
    }
  }
} finally {
  await world.stop();
  await stopAll();
}
console.log(`lab: done in ${((Date.now() - t0) / 1000).toFixed(0)} s; ${failures.length} recording(s) failed`);
if (failures.length) {
  for (const f of failures) console.log(`  ${f}`);
  process.exitCode = 1;
}
