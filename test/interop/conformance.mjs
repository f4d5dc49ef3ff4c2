// Runs the official MCP conformance suite (every server scenario, pending ones
// included) against a running gmail-mcp and judges the result against
// conformance-expected-failures.txt: any other failure fails the run, and so
// does an expected failure that now passes, so the file stays honest.
//
// Usage: node conformance.mjs <mcp-url> <results-dir>
// Needs Node >= 22 (the suite's requirement); run.sh provides it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [url, resultsDir] = process.argv.slice(2);
if (!url || !resultsDir) {
  console.error('usage: node conformance.mjs <mcp-url> <results-dir>');
  process.exit(2);
}
const cli = join(here, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

// expected: scenario -> reason, from "name  # reason" lines.
function readExpected(path) {
  const expected = new Map();
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const m = /^(\S+)\s+#\s*(\S.*)$/.exec(t);
    if (!m) {
      throw new Error(`${path}:${i + 1}: want "scenario-name  # reason", got ${JSON.stringify(t)}`);
    }
    expected.set(m[1], m[2]);
  });
  return expected;
}

function runCLI(args, opts = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw new Error(`running conformance ${args.join(' ')}: ${r.error.message}`);
  return r;
}

// listScenarios asks the suite itself, so a new suite version's scenarios run
// without anyone editing this script.
function listScenarios() {
  const r = runCLI(['list', '--server']);
  if (r.status !== 0) throw new Error(`conformance list --server exited ${r.status}: ${r.stderr}`);
  const names = [...r.stdout.matchAll(/^\s+-\s+(\S+)/gm)].map((m) => m[1]);
  if (names.length === 0) throw new Error(`conformance list --server listed no scenarios:\n${r.stdout}`);
  return names;
}

// A scenario fails on any FAILURE or WARNING check: the suite's own baseline
// rule (a WARNING is a SHOULD the server does not meet).
function verdict(checks) {
  const bad = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
  return { ok: bad.length === 0, bad, passed: checks.filter((c) => c.status === 'SUCCESS').length };
}

function main() {
  const expectedPath = join(here, 'conformance-expected-failures.txt');
  const expected = readExpected(expectedPath);
  const scenarios = listScenarios();
  for (const name of expected.keys()) {
    if (!scenarios.includes(name)) {
      throw new Error(`${expectedPath} names ${name}, which this suite version does not have: remove it`);
    }
  }
  if (existsSync(resultsDir) && readdirSync(resultsDir).length > 0) {
    throw new Error(`${resultsDir} is not empty: give a fresh directory, so old results cannot be read as new`);
  }
  mkdirSync(resultsDir, { recursive: true });
  const baseline = join(resultsDir, 'expected-failures.yml');
  writeFileSync(baseline, `server: ${JSON.stringify([...expected.keys()])}\n`);

  console.log(`conformance: ${scenarios.length} server scenarios against ${url}`);
  // One process for the whole suite: loading the suite costs seconds, per
  // process, on a busy 2-core machine.
  const r = runCLI(['server', '--url', url, '--suite', 'all', '-o', resultsDir, '--expected-failures', baseline], {
    timeout: 10 * 60_000,
  });
  const log = join(resultsDir, 'conformance.log');
  writeFileSync(log, `${r.stdout}\n${r.stderr}`);
  if (r.signal) throw new Error(`conformance killed by ${r.signal} (timed out?); see ${log}`);
  const checksByScenario = readAllChecks(resultsDir, scenarios);
  const rows = [];
  for (const name of scenarios) {
    const checks = checksByScenario.get(name);
    if (!checks) {
      rows.push({ name, state: 'ERROR', detail: `no checks.json: the scenario did not run; see ${log}` });
      continue;
    }
    const v = verdict(checks);
    const isExpected = expected.has(name);
    let state;
    if (v.ok) state = isExpected ? 'STALE' : 'PASS';
    else state = isExpected ? 'XFAIL' : 'FAIL';
    let detail = isExpected ? expected.get(name) : '';
    if (!v.ok && !isExpected) detail = v.bad.map((c) => `${c.status} ${c.id}: ${c.errorMessage ?? ''}`.trim()).join('; ');
    rows.push({ name, state, detail, checks: `${v.passed}/${checks.length}` });
  }
  // The suite's own baseline judgement (its exit code) must agree with ours.
  const oursOK = rows.every((row) => row.state === 'PASS' || row.state === 'XFAIL');
  if (oursOK !== (r.status === 0)) {
    rows.push({ name: '(suite)', state: 'ERROR', detail: `conformance exited ${r.status}, but the checks say ${oursOK ? 'pass' : 'fail'}; see ${log}` });
  }

  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    console.log(`  ${r.state.padEnd(5)} ${r.name.padEnd(width)} ${(r.checks ?? '').padEnd(5)} ${r.detail}`);
  }
  const count = (s) => rows.filter((r) => r.state === s).length;
  const failed = count('FAIL') + count('STALE') + count('ERROR');
  console.log(`conformance: ${count('PASS')} passed, ${count('XFAIL')} expected failures, ${count('FAIL')} unexpected failures, ${count('STALE')} expected failures now passing (remove them from conformance-expected-failures.txt), ${count('ERROR')} errors`);
  console.log(`conformance results: ${resultsDir}`);
  process.exit(failed === 0 ? 0 : 1);
}

// readAllChecks maps each scenario to its checks: the suite writes
// <dir>/server-<scenario>-<timestamp>/checks.json.
function readAllChecks(dir, scenarios) {
  const found = new Map();
  const subdirs = readdirSync(dir);
  for (const name of scenarios) {
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`^server-${esc}-\\d{4}-\\d{2}-\\d{2}T`);
    const sub = subdirs.filter((d) => re.test(d)).sort().at(-1);
    const p = sub && join(dir, sub, 'checks.json');
    if (p && existsSync(p)) found.set(name, JSON.parse(readFileSync(p, 'utf8')));
  }
  return found;
}

try {
  main();
} catch (err) {
  console.error(`conformance: ${err.message}`);
  process.exit(1);
}
