// Smoke test with the MCP Inspector CLI (--cli mode), the commands the README
// shows: list the tools, call list_emails. Run with Node >= 22.19 (the
// Inspector's requirement); run.sh provides it.
//
// Usage: MCP_AUTH_TOKEN=... node inspector.mjs <mcp-url>
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const launcher = join(here, 'node_modules', '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');
const url = process.argv[2];
const token = process.env.MCP_AUTH_TOKEN;
if (!url || !token) {
  console.error('usage: MCP_AUTH_TOKEN=... node inspector.mjs <mcp-url>');
  process.exit(2);
}
// The core tools every gmail-mcp serves (issue 2); later ones are extra.
const coreTools = ['list_emails', 'search_emails', 'read_email', 'send_email', 'get_profile'];

const results = { passed: 0, failed: 0 };

// inspector runs `mcp-inspector --cli URL --transport http [auth] ...args`,
// printing the command as a user would type it (token as a variable).
function inspector(args, { auth = true } = {}) {
  const authArgs = auth ? ['--header', `Authorization: Bearer ${token}`] : [];
  const shown = ['npx', '@modelcontextprotocol/inspector', '--cli', url, '--transport', 'http',
    ...(auth ? ['--header', '"Authorization: Bearer $MCP_AUTH_TOKEN"'] : []), ...args].join(' ');
  console.log(`$ ${shown}`);
  const r = spawnSync(process.execPath, [launcher, '--cli', url, '--transport', 'http', ...authArgs, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    // Never open a browser for an OAuth flow from a test.
    env: { ...process.env, MCP_AUTO_OPEN_ENABLED: 'false' },
    timeout: 60_000,
    maxBuffer: 16 << 20,
  });
  if (r.error) throw new Error(`running the inspector: ${r.error.message}`);
  return r;
}

function check(name, fn) {
  try {
    const detail = fn();
    results.passed++;
    console.log(`ok    ${name}${detail ? `: ${detail}` : ''}`);
  } catch (err) {
    results.failed++;
    console.log(`FAIL  ${name}: ${err.message}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

function parseJSON(r) {
  assert(r.status === 0, `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}: ${(r.stderr || r.stdout).trim().slice(0, 2000)}`);
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout is not JSON: ${r.stdout.slice(0, 500)}`);
  }
}

check('inspector tools/list (with --strict schema portability report)', () => {
  const r = inspector(['--method', 'tools/list', '--strict']);
  const out = parseJSON(r);
  const names = (out.tools ?? []).map((t) => t.name);
  const missing = coreTools.filter((n) => !names.includes(n));
  assert(missing.length === 0, `tools/list lacks ${missing.join(', ')}; got ${names.join(', ')}`);
  // --strict prints each portability problem ("Warning: ..." / "Error: ...")
  // and a summary "N errors, M warnings across K tools." on stderr; with no
  // problem at all it prints nothing.
  const problems = r.stderr.match(/^(Warning|Error)\b.*$/gm) ?? [];
  const m = /(\d+) errors?, (\d+) warnings? across/.exec(r.stderr);
  assert(problems.length === 0 && (!m || (m[1] === '0' && m[2] === '0')), `schema portability problems:\n${r.stderr.trim()}`);
  return `${names.length} tools: ${names.join(', ')}; no schema portability problem`;
});

check('inspector tools/call list_emails limit=3', () => {
  const r = inspector(['--method', 'tools/call', '--tool-name', 'list_emails', '--tool-arg', 'limit=3']);
  const out = parseJSON(r);
  assert(!out.isError, `isError: ${JSON.stringify(out.content)}`);
  const emails = out.structuredContent?.emails ?? [];
  assert(emails.length >= 1 && emails.length <= 3, `want 1..3 emails, got ${emails.length}`);
  const subject = emails[0].subject;
  assert(typeof subject === 'string' && subject.trim() !== '', 'first email has no subject');
  const text = (out.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
  assert(text.includes(subject), `text content does not show the subject "${subject}"`);
  return `${emails.length} emails, first "${subject}"`;
});

check('inspector without the bearer token is refused', () => {
  const r = inspector(['--method', 'tools/list'], { auth: false });
  assert(r.status !== 0, 'tools/list succeeded without a token');
  const said = `${r.stdout}\n${r.stderr}`;
  // Without a TTY the Inspector does not start an OAuth flow on the 401; it
  // reports auth_required.
  assert(/401|unauthori[sz]ed|auth_required/i.test(said), `failed, but not for want of auth: ${said.trim().slice(0, 500)}`);
  return `exit ${r.status}`;
});

console.log(`${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed === 0 ? 0 : 1);
