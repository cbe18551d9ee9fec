#!/usr/bin/env bash
# By-hand fuzz run: 10,000 mutated signed webhook deliveries (or the count given) against the service as its own process,
# with workers on and the fake GitHub. Prints the status counts, RSS before, every 1,000 deliveries and after, and the
# log's line and stack-trace counts. The suite runs the same test with 2,000 (tests/ReviewBot.Tests/Webhooks/WebhookFuzzTests.cs).
#
#   bash tests/ReviewBot.Benchmarks/fuzz.sh [COUNT]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 REVIEWBOT_FUZZ_DELIVERIES="${1:-10000}"
dotnet build tests/ReviewBot.Tests -c Release -v quiet -nologo >/dev/null
dotnet test tests/ReviewBot.Tests -c Release --no-build --filter "FullyQualifiedName~WebhookFuzzTests" \
    --logger "console;verbosity=detailed" | grep -E "^ ?statuses|Passed!|Failed!|^\s+(Failed|Passed) "
