#!/usr/bin/env bash
# By-hand benchmark: startup time of the real service and webhook acknowledgement latency.
#
#   bash tests/ReviewBot.Benchmarks/run.sh [extra arguments for the console program, e.g. --count 5000]
#
# Builds the service in Release, starts it as its own process on a free loopback port, measures the time from launch
# to the first 200 from /healthz, runs the console benchmark against /api/github/webhooks, then stops the service.
# Needs only bash and the .NET SDK.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

secret="bench-secret"
payload="tests/ReviewBot.Tests/Resources/webhooks/pull_request/opened.2.payload.json"
server_dll="src/ReviewBot/bin/Release/net10.0/ReviewBot.dll"
bench_dll="tests/ReviewBot.Benchmarks/bin/Release/net10.0/ReviewBot.Benchmarks.dll"

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/reviewbot-bench.XXXXXX")"
server_pid=""

# Stop the service we started (it is our child, so `wait` reaps it) and drop the temp dir.
# shellcheck disable=SC2317  # reached through the trap
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        # SIGTERM is a graceful stop for ASP.NET Core (exit code 0); anything else is worth a look.
        local rc=0
        wait "$server_pid" 2>/dev/null || rc=$?
        (( rc == 0 )) || echo "note: the service exited with code $rc when stopped" >&2
    fi
    rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Build both first, so compilation never overlaps the measurements.
echo "building (Release)..."
dotnet build src/ReviewBot/ReviewBot.csproj -c Release -v quiet -nologo >"$work_dir/build.log" 2>&1 ||
    { cat "$work_dir/build.log"; exit 1; }
dotnet build tests/ReviewBot.Benchmarks/ReviewBot.Benchmarks.csproj -c Release -v quiet -nologo >"$work_dir/build.log" 2>&1 ||
    { cat "$work_dir/build.log"; exit 1; }

# A free port: nothing accepts connections on it. 16000-31999 stays below Linux's ephemeral range.
port=""
for _ in $(seq 1 50); do
    candidate=$(( 16000 + RANDOM % 16000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "no free port found" >&2; exit 1; }

# HTTP status of GET /healthz with bash alone (no curl on a bare machine); empty when nothing answers.
healthz_status() {
    local status_line
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    IFS=' ' read -r -t 2 _ status_line _ <&3 || true
    exec 3<&-
    echo "$status_line"
}

# Jobs__Workers=0: deliveries are queued and never run (no GitHub, no model). The queue limit is raised so that a long
# run never meets the 503 of a full queue.
export GitHub__WebhookSecret="$secret" Jobs__Workers=0 Jobs__MaxQueuedJobs=1000000 Logging__LogLevel__Default=Warning

# Startup time: launch to first 200 from /healthz, polled every 10 ms. EPOCHREALTIME avoids forking `date`.
launched=$EPOCHREALTIME
dotnet "$server_dll" --urls "http://127.0.0.1:$port" >"$work_dir/server.log" 2>&1 &
server_pid=$!
ready=""
for _ in $(seq 1 3000); do   # at most ~30 s
    if [[ "$(healthz_status 2>/dev/null || true)" == 200 ]]; then ready=$EPOCHREALTIME; break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "the service exited during startup; its output:" >&2
        cat "$work_dir/server.log" >&2
        server_pid=""
        exit 1
    fi
    sleep 0.01
done
if [[ -z "$ready" ]]; then
    echo "no 200 from /healthz within 30 s; service output:" >&2
    cat "$work_dir/server.log" >&2
    exit 1
fi
# Microseconds from the two EPOCHREALTIME stamps (sec.usec), printed as ms.
us() { local s=${1%[.,]*} f=${1#*[.,]}; echo $(( 10#$s * 1000000 + 10#$f )); }
startup_us=$(( $(us "$ready") - $(us "$launched") ))
printf 'startup:  %d.%03d ms (launch to first 200 from /healthz, 10 ms polling)\n' $(( startup_us / 1000 )) $(( startup_us % 1000 ))

set +e
dotnet "$bench_dll" --url "http://127.0.0.1:$port/api/github/webhooks" --secret "$secret" --count 1000 \
    --payload "$payload" "$@"
bench_rc=$?
set -e

# Memory after the run, with every delivery still queued (workers are 0).
rss_kb=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status" 2>/dev/null || true)
[[ -n "$rss_kb" ]] && echo "server RSS after run: $(( rss_kb / 1024 )) MB"
if [[ -s "$work_dir/server.log" ]]; then
    echo "service warnings/errors during the run (first 20 lines):"
    head -n 20 "$work_dir/server.log"
fi
exit "$bench_rc"
