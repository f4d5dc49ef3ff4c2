// Interop test with the official TypeScript MCP SDK client: connects to a
// running gmail-mcp --demo over streamable HTTP with the bearer token, checks
// every tool's schemas, calls every read tool and send_email, and checks the
// results the way a strict client would.
//
// Usage: MCP_AUTH_TOKEN=... node ts-client.mjs <mcp-url>
// Prints one line per check and "N passed, M failed"; exits 1 on any failure.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const url = process.argv[2];
const token = process.env.MCP_AUTH_TOKEN;
if (!url || !token) {
  console.error('usage: MCP_AUTH_TOKEN=... node ts-client.mjs <mcp-url>');
  process.exit(2);
}

const results = { passed: 0, failed: 0, skipped: 0 };

function pass(name, detail = '') {
  results.passed++;
  console.log(`ok    ${name}${detail ? `: ${detail}` : ''}`);
}

function fail(name, why) {
  results.failed++;
  console.log(`FAIL  ${name}: ${why}`);
}

function skip(name, why) {
  results.skipped++;
  console.log(`skip  ${name}: ${why}`);
}

// check runs one named check; a thrown error fails it.
async function check(name, fn) {
  try {
    const detail = await fn();
    pass(name, detail);
    return true;
  } catch (err) {
    fail(name, err?.message ?? String(err));
    return false;
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// Schemas declaring draft 2020-12 (or nothing: MCP's default since 2025-11-25)
// compile with Ajv2020, draft-07 ones with Ajv. strict mode rejects unknown
// keywords and other mistakes that lenient validators let through.
function newAjv(schema) {
  const draft07 = typeof schema.$schema === 'string' && schema.$schema.includes('draft-07');
  const ajv = draft07 ? new Ajv({ strict: true, allErrors: true }) : new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

function compile(schema) {
  return newAjv(schema).compile(schema);
}

// nullTypeArrays finds `"type": ["null", ...]` anywhere in a schema: legal
// JSON Schema, but strict clients (OpenAPI-subset dialects) reject it.
function nullTypeArrays(node, path = '') {
  if (node === null || typeof node !== 'object') return [];
  const found = [];
  if (Array.isArray(node.type) && node.type.includes('null')) found.push(`${path || '/'}: ${JSON.stringify(node.type)}`);
  for (const [k, v] of Object.entries(node)) {
    if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') continue;
    found.push(...nullTypeArrays(v, `${path}/${k}`));
  }
  return found;
}

function validationErrors(validate) {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

async function expectStatus(name, headers, want) {
  await check(name, async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'interop-negative', version: '1.0.0' } },
      }),
    });
    await res.body?.cancel();
    assert(res.status === want, `want HTTP ${want}, got ${res.status}`);
    if (want === 401) {
      const wa = res.headers.get('www-authenticate') ?? '';
      assert(/^Bearer\b/i.test(wa), `401 without a "WWW-Authenticate: Bearer ..." header (got ${JSON.stringify(wa)})`);
    }
    return `HTTP ${res.status}`;
  });
}

async function main() {
  console.log(`ts-client: @modelcontextprotocol/sdk client against ${url}`);

  await expectStatus('no token is refused', {}, 401);
  await expectStatus('wrong token is refused', { Authorization: 'Bearer not-the-token' }, 401);

  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  // No elicitation capability: this client cannot confirm sends, so in the
  // default confirm mode the server sends without asking.
  const client = new Client({ name: 'gmail-mcp-interop', version: '1.0.0' });
  let connected = false;
  await check('connect with bearer token', async () => {
    await client.connect(transport);
    connected = true;
    const info = client.getServerVersion();
    return `server ${info?.name} ${info?.version}, protocol ${transport.protocolVersion ?? '?'}`;
  });
  if (!connected) return;

  let tools = [];
  await check('tools/list', async () => {
    // listTools also primes the SDK's own outputSchema validators for callTool.
    const res = await client.listTools();
    tools = res.tools;
    assert(tools.length > 0, 'no tools');
    return tools.map((t) => t.name).join(', ');
  });
  const byName = new Map(tools.map((t) => [t.name, t]));
  const outputValidators = new Map();

  for (const t of tools) {
    await check(`schemas of ${t.name}`, () => {
      assert(typeof t.description === 'string' && t.description.length > 0, 'no description');
      assert(t.inputSchema?.type === 'object', `inputSchema.type is ${JSON.stringify(t.inputSchema?.type)}, want "object"`);
      compile(t.inputSchema);
      const nulls = nullTypeArrays(t.inputSchema).map((p) => `inputSchema${p}`);
      if (t.outputSchema) {
        assert(t.outputSchema.type === 'object', `outputSchema.type is ${JSON.stringify(t.outputSchema.type)}, want "object"`);
        outputValidators.set(t.name, compile(t.outputSchema));
        nulls.push(...nullTypeArrays(t.outputSchema).map((p) => `outputSchema${p}`));
      }
      assert(nulls.length === 0, `non-portable nullable type arrays at ${nulls.join(', ')}`);
      assert(t.annotations && typeof t.annotations === 'object', 'no annotations');
      return t.outputSchema ? 'input+output compile' : 'input compiles (no outputSchema)';
    });
  }

  // call invokes a tool and checks the result as a strict client would.
  async function call(name, args) {
    const res = await client.callTool({ name, arguments: args });
    const text = (res.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
    assert(!res.isError, `isError: ${text}`);
    assert(Array.isArray(res.content) && res.content.length > 0, 'no content');
    const validate = outputValidators.get(name);
    if (validate) {
      assert(res.structuredContent && typeof res.structuredContent === 'object', 'outputSchema declared but no structuredContent');
      assert(validate(res.structuredContent), `structuredContent does not match outputSchema: ${validationErrors(validate)}`);
    }
    return res.structuredContent ?? {};
  }

  const called = new Set();
  async function callCheck(name, args, describe) {
    if (!byName.has(name)) {
      skip(name, 'not offered by this server');
      return undefined;
    }
    called.add(name);
    let out;
    const ok = await check(`${name} ${JSON.stringify(args)}`, async () => {
      out = await call(name, args);
      return describe ? describe(out) : '';
    });
    return ok ? out : undefined;
  }

  const list = await callCheck('list_emails', { limit: 5 }, (o) => {
    assert(Array.isArray(o.emails) && o.emails.length > 0, 'no emails in the demo inbox');
    assert(o.emails.length <= 5, `limit 5 returned ${o.emails.length}`);
    assert(o.emails.every((e) => e.id && e.subject !== undefined), 'an email without id or subject');
    return `${o.emails.length} emails, first "${o.emails[0].subject}"`;
  });
  await callCheck('search_emails', { query: 'is:unread', limit: 5 }, (o) => {
    assert(Array.isArray(o.emails) && o.emails.length > 0, 'the demo mailbox has no unread email?');
    assert(o.emails.every((e) => e.unread === true), 'is:unread returned a read email');
    return `${o.emails.length} unread`;
  });
  const first = list?.emails?.[0];
  if (first) {
    await callCheck('read_email', { message_id: first.id }, (o) => {
      assert(o.id === first.id, `asked for ${first.id}, got ${o.id}`);
      assert(typeof o.body === 'string', 'no body');
      return `"${o.subject}", ${o.body.length} chars of body`;
    });
  } else {
    fail('read_email', 'no message id: list_emails failed');
  }
  await callCheck('get_profile', {}, (o) => {
    const addr = o.email ?? o.email_address ?? o.emailAddress ?? o.address;
    assert(typeof addr === 'string' && addr.includes('@'), `no account address in ${JSON.stringify(o)}`);
    return addr;
  });
  await callCheck('get_folders', {}, (o) => `${JSON.stringify(o).length} bytes`);
  if (first && byName.has('get_thread')) {
    await callCheck('get_thread', fillArgs(byName.get('get_thread'), { thread: first.thread_id, message: first.id }));
  } else if (!byName.has('get_thread')) {
    skip('get_thread', 'not offered by this server');
  }
  if (byName.has('get_attachment')) {
    await attachmentCheck();
  } else {
    skip('get_attachment', 'not offered by this server');
  }
  await callCheck('list_drafts', {}, () => '');

  // Any other read-only tool (a new one) is called with the ids we have, so a
  // tool added later is not silently left out.
  for (const t of tools) {
    if (called.has(t.name) || !t.annotations?.readOnlyHint || t.name === 'get_attachment') continue;
    const args = fillArgs(t, { thread: first?.thread_id, message: first?.id });
    if (args === null) {
      skip(t.name, `read tool with required arguments this test cannot fill: ${(t.inputSchema.required ?? []).join(', ')}`);
      continue;
    }
    await callCheck(t.name, args);
  }

  await sendCheck();
  await client.close();

  async function attachmentCheck() {
    called.add('get_attachment');
    await check('get_attachment on a message with an attachment', async () => {
      const found = await call('search_emails', { query: 'has:attachment', limit: 10 });
      const msg = found.emails?.find((e) => e.has_attachments);
      assert(msg, 'search has:attachment found no message with has_attachments=true');
      const full = await call('read_email', { message_id: msg.id });
      const att = (full.attachments ?? []).find((a) => a.attachment_id);
      assert(att, `read_email ${msg.id} lists no attachment with an attachment_id`);
      const args = fillArgs(byName.get('get_attachment'), { message: msg.id, attachment: att.attachment_id });
      assert(args, 'cannot fill get_attachment arguments');
      await call('get_attachment', args);
      return `${att.filename} (${att.mime_type}, ${att.size} bytes) of "${msg.subject}"`;
    });
  }

  async function sendCheck() {
    if (!byName.has('send_email')) {
      fail('send_email', 'not offered by this server');
      return;
    }
    const subject = `interop test ${new Date().toISOString()} ${Math.random().toString(36).slice(2, 8)}`;
    const sent = await callCheck('send_email', { to: ['a@example.com'], subject, body: 'Sent by the TypeScript SDK interop test.' }, (o) => {
      assert(o.sent !== false, `not sent: ${o.message ?? JSON.stringify(o)}`);
      assert(!('recipients' in o) || (o.recipients.length === 1 && o.recipients[0].includes('a@example.com')),
        `recipients ${JSON.stringify(o.recipients)}, want only a@example.com`);
      return o.id ? `id ${o.id}` : '';
    });
    if (!sent) return;
    await check('sent message shows up in search "in:sent"', async () => {
      const o = await call('search_emails', { query: 'in:sent', limit: 50 });
      const hits = (o.emails ?? []).filter((e) => e.subject === subject);
      assert(hits.length === 1, `want exactly 1 sent message with subject "${subject}", found ${hits.length}`);
      assert(!sent.id || hits[0].id === sent.id, `sent id ${sent.id}, found ${hits[0].id}`);
      assert(hits[0].to.some((a) => a.includes('a@example.com')), `to is ${JSON.stringify(hits[0].to)}`);
      return hits[0].id;
    });
  }
}

// fillArgs builds a tool's required arguments from the ids at hand, by the
// argument's name (thread_id, message_id, attachment_id, ...); null when a
// required argument cannot be filled.
function fillArgs(tool, ids) {
  const args = {};
  const props = tool.inputSchema?.properties ?? {};
  for (const name of tool.inputSchema?.required ?? []) {
    const kind = ['attachment', 'thread', 'message'].find((k) => name.includes(k));
    if (!kind || !ids[kind] || props[name]?.type === 'array') return null;
    args[name] = ids[kind];
  }
  return args;
}

try {
  await main();
} catch (err) {
  fail('ts-client', err?.stack ?? String(err));
}
console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed === 0 ? 0 : 1);
