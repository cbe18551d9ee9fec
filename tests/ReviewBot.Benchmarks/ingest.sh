#!/usr/bin/env bash
# By-hand benchmark: signed webhook ingest (verify, de-duplicate, enqueue) against the floor of a bare Kestrel endpoint
# that only reads the body, measured in one run on this machine.
#
#   bash tests/ReviewBot.Benchmarks/ingest.sh [SECONDS [ROUNDS]]     # default 10 s per wrk run, 3 rounds
#
# Builds the service and this project in Release and starts, each on a free loopback port: (a) the floor (the `floor`
# verb), (b) the service in process, (c) the service with Redis (its own redis-server on a free port). After a 3 s
# warm-up each, every round drives each of the three in turn with wrk (1 thread, 32 connections, the 26 KB
# pull_request.opened example, a valid X-Hub-Signature-256 and a unique X-GitHub-Delivery per request: ingest.lua); then
# the `fixed-rate` verb sends 1,000 deliveries/s to each (open loop, latency from when each delivery was due). Prints
# each run and a table: median deliveries/s, its ratio to the floor's median, wrk's p99 and the p99 at 1,000/s.
# The service runs with its shipped logging settings (its console log goes to a file) and Jobs__Workers=0: deliveries
# are queued and never run. They all name the same pull request and head commit, so after the first each is coalesced
# into the one queued job, and the queue stays small however long the run. Needs bash, the .NET SDK, wrk, curl,
# redis-server, redis-cli and openssl.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

seconds="${1:-10}"
rounds="${2:-3}"
secret="bench-secret"
payload="tests/ReviewBot.Tests/Resources/webhooks/pull_request/opened.2.payload.json"
server_dll="src/ReviewBot/bin/Release/net10.0/ReviewBot.dll"
bench_dll="tests/ReviewBot.Benchmarks/bin/Release/net10.0/ReviewBot.Benchmarks.dll"
lua="tests/ReviewBot.Benchmarks/ingest.lua"
path="/api/github/webhooks"
for tool in wrk curl redis-server redis-cli openssl; do
    command -v "$tool" >/dev/null || { echo "ingest.sh needs $tool" >&2; exit 1; }
done

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/reviewbot-ingest.XXXXXX")"
pids=()
redis_port=""

# Stop what we started: the three targets (our children) and our redis-server.
# shellcheck disable=SC2317  # reached through the trap
cleanup() {
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null && { wait "$pid" 2>/dev/null || true; }
    done
    [[ -n "$redis_port" ]] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "building (Release)..."
for project in src/ReviewBot/ReviewBot.csproj tests/ReviewBot.Benchmarks/ReviewBot.Benchmarks.csproj; do
    dotnet build "$project" -c Release -v quiet -nologo >"$work_dir/build.log" 2>&1 || { cat "$work_dir/build.log"; exit 1; }
done

# A loopback port nothing accepts connections on. 16000-31999 stays below Linux's ephemeral range.
free_port() {
    local candidate
    for _ in $(seq 1 50); do
        candidate=$(( 16000 + RANDOM % 16000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return 0; fi
    done
    echo "no free port found" >&2
    return 1
}

# Starts "$@" as target NAME on a free port (recorded in $work_dir/NAME.port) and waits (at most 30 s) for GET /healthz.
start_target() {
    local name=$1 port
    shift
    port=$(free_port)
    echo "$port" >"$work_dir/$name.port"
    "$@" --urls "http://127.0.0.1:$port" >"$work_dir/$name.log" 2>&1 &
    pids+=("$!")
    echo "$!" >"$work_dir/$name.pid"
    for _ in $(seq 1 300); do
        if curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; then return 0; fi
        kill -0 "${pids[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    echo "$name did not become healthy; its output:" >&2
    cat "$work_dir/$name.log" >&2
    exit 1
}

url() { echo "http://127.0.0.1:$(cat "$work_dir/$1.port")$path"; }

signature="sha256=$(openssl dgst -sha256 -hmac "$secret" -r "$payload" | cut -d' ' -f1)"

# Field NAME of the `result ...` line(s) in FILE, one per line.
field() { sed -n "s/^result .*\b$2=\([^ ]*\).*/\1/p" "$1"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

service=(env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production GitHub__WebhookSecret="$secret"
    Jobs__Workers=0 Jobs__MaxQueuedJobs=1000000)

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
    --logfile "$work_dir/redis.log" --dir "$work_dir" >/dev/null
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

# All three run for the whole measurement (an idle one costs nothing), so the rounds can alternate between them and a
# burst of other work on the machine lands on all three alike.
start_target floor dotnet "$bench_dll" floor --path "$path"
start_target in-process "${service[@]}" dotnet "$server_dll"
start_target with-redis "${service[@]}" ConnectionStrings__Redis="127.0.0.1:$redis_port" dotnet "$server_dll"
# /healthz answers before the background Redis connection is up; /readyz's redis check says when it is.
for _ in $(seq 1 100); do
    curl -s "http://127.0.0.1:$(cat "$work_dir/with-redis.port")/readyz" | grep -q '"redis":{"status":"Healthy"' && break
    sleep 0.1
done

targets=(floor in-process with-redis)
for name in "${targets[@]}"; do
    wrk -t1 -c32 -d3s -s "$lua" "$(url "$name")" -- "$payload" "$signature" >/dev/null
done
# CPU time (user + system, in clock ticks) of process PID, or 0 without one.
cpu_ticks() { [[ -n "${1:-}" ]] && awk '{ print $14 + $15 }' "/proc/$1/stat" || echo 0; }
ticks=$(getconf CLK_TCK)
redis_pid=$(redis-cli -p "$redis_port" info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p')
for round in $(seq 1 "$rounds"); do
    for name in "${targets[@]}"; do
        # The CPU each delivery costs the target (and its Redis) holds still when other work shares the machine, where
        # the rate does not.
        target_pid=$(cat "$work_dir/$name.pid")
        own=$(cpu_ticks "$target_pid") store=$(cpu_ticks "$redis_pid")
        result=$(wrk -t1 -c32 -d"${seconds}s" -s "$lua" "$(url "$name")" -- "$payload" "$signature" | tee -a "$work_dir/$name.wrk" | sed -n 's/^result //p')
        requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result")
        cpu_us=$(awk "BEGIN { printf \"%.0f\", ($(cpu_ticks "$target_pid") - $own) * 1e6 / $ticks / $requests }")
        redis_us=$(awk "BEGIN { printf \"%.0f\", ($(cpu_ticks "$redis_pid") - $store) * 1e6 / $ticks / $requests }")
        echo "result cpu_us=$cpu_us redis_us=$redis_us" >>"$work_dir/$name.cpu"
        echo "round $round $name: $result cpu_us=$cpu_us redis_us=$redis_us"
    done
done
for name in "${targets[@]}"; do
    dotnet "$bench_dll" fixed-rate --url "$(url "$name")" --secret "$secret" --payload "$payload" --rate 1000 \
        --seconds "$seconds" >"$work_dir/$name.fixed" || true
    sed -n "s/^result /$name at 1,000\/s: /p" "$work_dir/$name.fixed"
done

failed=0
for name in "${targets[@]}"; do
    if [[ "$(field "$work_dir/$name.wrk" errors | sort -u)" != 0 || "$(field "$work_dir/$name.fixed" failures)" != 0 ]]; then
        echo "$name: some requests failed or were not answered 2xx; the end of its log:" >&2
        tail -n 20 "$work_dir/$name.log" >&2
        failed=1
    fi
done

floor_rate=$(field "$work_dir/floor.wrk" rate | median)
echo
echo "ingest, $(date -u +%Y-%m-%d) on $(nproc) cores: median of $rounds rounds of wrk -t1 -c32 -d${seconds}s; p99 at 1,000/s from fixed-rate"
echo "| | deliveries/s | ratio to the floor | CPU per delivery (its Redis) | wrk p99 (32 connections) | p99 at 1,000/s |"
echo "|---|---|---|---|---|---|"
for name in "${targets[@]}"; do
    rate=$(field "$work_dir/$name.wrk" rate | median)
    cpu="$(field "$work_dir/$name.cpu" cpu_us | median) µs"
    [[ "$name" == with-redis ]] && cpu="$cpu (+$(field "$work_dir/$name.cpu" redis_us | median) µs)"
    printf '| %s | %s | %.2f× | %s | %s ms | %s ms |\n' "$name" "$rate" "$(awk "BEGIN { print $rate / $floor_rate }")" "$cpu" \
        "$(field "$work_dir/$name.wrk" p99_ms | median)" "$(field "$work_dir/$name.fixed" p99_ms)"
done
echo "service console log over the run: $(wc -l <"$work_dir/in-process.log") lines in process, $(wc -l <"$work_dir/with-redis.log") with Redis"
exit "$failed"
