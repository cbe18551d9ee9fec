#!/usr/bin/env bash
# The project's test command: `bash .ci/test.sh`.
#
# On a machine with only the .NET SDK it installs what the tests need (redis-server, universal-ctags, git, bubblewrap, chromium),
# starts a private Redis on a free loopback port, runs every test project in the solution, and prints
# `N passed, N failed` (summed from the trx files) as its last line. Exit code 0 only when everything passed.
#
# REDIS_TEST_CONNECTION already set (e.g. host:port of a Redis you run yourself): that one is used, nothing is started.
set -euo pipefail

# Work from the repository root whatever directory the script was called from.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

log() { printf '[test.sh] %s\n' "$*" >&2; }

redis_dir=""        # temp dir of the Redis this script started; empty when it started none
summary_printed=0   # the EXIT trap prints a failing summary if we die before the real one

# True while process $1 runs. A daemonized Redis is reparented to PID 1 and stays a zombie until PID 1 reaps it
# (measured 1.5 s in a sandbox whose init reaps lazily); kill -0 still sees a zombie, so count that as gone.
running() {
    kill -0 "$1" 2>/dev/null || return 1
    [[ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]]
}

# Stop only what this script started, then make sure the summary line is the last line even on an early failure.
# Silent on success, so nothing lands after the summary line.
# shellcheck disable=SC2317  # reached through the trap, which shellcheck cannot see
on_exit() {
    local rc=$?
    if [[ -n "$redis_dir" ]]; then
        local pid=""
        [[ -f "$redis_dir/redis.pid" ]] && pid="$(cat "$redis_dir/redis.pid" 2>/dev/null || true)"
        if [[ -n "$pid" ]] && running "$pid"; then
            kill "$pid" 2>/dev/null || true
            # Redis is daemonized (not our child), so `wait` cannot be used: poll, bounded at 10 s, then SIGKILL.
            for _ in $(seq 1 200); do running "$pid" || break; sleep 0.05; done
            if running "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
        fi
        rm -rf "$redis_dir"
    fi
    if (( ! summary_printed )); then
        echo "0 passed, 1 failed"
        (( rc != 0 )) || rc=1
    fi
    exit "$rc"
}
trap on_exit EXIT
# Turn Ctrl-C / CI cancellation into a normal exit so the EXIT trap cleans up.
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. System packages -------------------------------------------------------------------------------------------
# Only touch apt when something is missing, so a prepared machine (or a non-Debian dev box) never needs root.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
# Exuberant ctags also answers to `ctags`; the repo-map code needs Universal Ctags (JSON output).
ctags --version 2>/dev/null | grep -q 'Universal Ctags' || missing+=(universal-ctags)
command -v git >/dev/null 2>&1 || missing+=(git)
# The fix agent's verify command runs only inside bubblewrap (no network, read-only outside its worktree).
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
# The status page is tested in a real headless browser.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

if (( ${#missing[@]} )); then
    sudo_cmd=()
    (( EUID == 0 )) || sudo_cmd=(sudo)
    log "installing with apt-get: ${missing[*]}"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# --- 2. Redis -----------------------------------------------------------------------------------------------------
# Without a reachable Redis the Redis tests call Assert.Ignore, and `dotnet test` counts an ignored test as no failure
# and still exits 0, so CI must provide one.

# A port is free when nothing accepts a connection on it. Candidates come from 16000-31999, below Linux's
# ephemeral range (32768+), so outgoing connections do not collide with it.
pick_port() {
    local port
    for _ in $(seq 1 50); do
        port=$(( 16000 + RANDOM % 16000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

# Starts redis-server on $1 and waits (at most 10 s) until it answers PING *and* reports the pid from our pidfile,
# so a server someone else started on the same port in the meantime is never mistaken for ours.
start_redis() {
    local port=$1 pid="" reply
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --dir "$redis_dir" >/dev/null
    for _ in $(seq 1 200); do
        [[ -z "$pid" && -s "$redis_dir/redis.pid" ]] && pid="$(cat "$redis_dir/redis.pid")"
        reply="$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)"
        if [[ "$reply" == PONG && -n "$pid" ]] &&
           redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null | tr -d '\r' | grep -qx "process_id:$pid"; then
            return 0
        fi
        # Our server died (typically: the port was taken after we probed it); no point waiting further.
        if [[ -n "$pid" ]] && ! running "$pid"; then break; fi
        sleep 0.05
    done
    return 1
}

if [[ -n "${REDIS_TEST_CONNECTION:-}" ]]; then
    log "using REDIS_TEST_CONNECTION=$REDIS_TEST_CONNECTION (not starting Redis)"
else
    redis_dir="$(mktemp -d "${TMPDIR:-/tmp}/reviewbot-redis.XXXXXX")"
    started=""
    # A few attempts, because the port can be taken between the probe and redis-server's bind.
    for attempt in 1 2 3; do
        port="$(pick_port)" || break
        if start_redis "$port"; then
            started="$port"
            break
        fi
        log "redis-server did not come up on port $port (attempt $attempt); log: $(tail -n 3 "$redis_dir/redis.log" 2>/dev/null | tr '\n' ' ')"
        # Clean a half-started server before the next attempt.
        if [[ -s "$redis_dir/redis.pid" ]]; then kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true; fi
        rm -f "$redis_dir/redis.pid"
    done
    if [[ -z "$started" ]]; then
        log "could not start redis-server"
        exit 1
    fi
    export REDIS_TEST_CONNECTION="127.0.0.1:$started"
    log "redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') pid $(cat "$redis_dir/redis.pid") on $REDIS_TEST_CONNECTION"
fi

# --- 3. Tests -----------------------------------------------------------------------------------------------------
results_dir="$repo_root/TestResults"
# A trx left by an earlier run would be counted again.
rm -rf "$results_dir"

# LogFilePrefix, not LogFileName: with a fixed LogFileName every test project writes the same results.trx and the
# last one wins (measured: a 2-test project's counts vanished). The prefix gives results_<tfm>_<timestamp>.trx,
# created with CreateNew, so each project keeps its own file.
set +e
dotnet test ReviewBot.sln -c Release \
    --logger "trx;LogFilePrefix=results" \
    --logger "console;verbosity=normal" \
    --results-directory "$results_dir"
test_rc=$?
set -e

# --- 4. Summary ---------------------------------------------------------------------------------------------------
# Sum <Counters .../> over every trx (one per test project). error/timeout/aborted outcomes count as failures:
# a test that never reached a verdict has not passed.
attr() { grep -o "\b$1=\"[0-9]*\"" <<<"$2" | grep -o '[0-9]\+' || echo 0; }
passed=0 failed=0 executed=0 trx_count=0
while IFS= read -r -d '' trx; do
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
    [[ -n "$counters" ]] || continue
    trx_count=$(( trx_count + 1 ))
    executed=$(( executed + $(attr executed "$counters") ))
    passed=$(( passed + $(attr passed "$counters") ))
    failed=$(( failed + $(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters") + $(attr aborted "$counters") ))
done < <(find "$results_dir" -name '*.trx' -print0 2>/dev/null)

if (( trx_count == 0 || executed == 0 )); then
    log "no test results (trx files: $trx_count, tests executed: $executed; dotnet test exit code $test_rc)"
    passed=0 failed=1
elif (( test_rc != 0 && failed == 0 )); then
    # dotnet test failed although no test did (e.g. a test host crashed or a project did not build): never report green.
    log "dotnet test exited with $test_rc although the trx files show no failed test; counting it as a failure"
    failed=1
fi

summary_printed=1
echo "$passed passed, $failed failed"
if (( test_rc == 0 && failed == 0 )); then exit 0; else exit 1; fi
