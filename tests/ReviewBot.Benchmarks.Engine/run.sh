#!/usr/bin/env bash
# By-hand measurements of the review engine (not timed tests): builds in Release and runs one verb.
#
#   bash tests/ReviewBot.Benchmarks.Engine/run.sh engine-time --files 20 [--runs 5]
#   bash tests/ReviewBot.Benchmarks.Engine/run.sh publish-calls --files 300
#   bash tests/ReviewBot.Benchmarks.Engine/run.sh context-bench --repos tests/ReviewBot.Benchmarks.Engine/repositories.txt [--per-repo 8] [--only OWNER/NAME@COMMIT] | --smoke
#   bash tests/ReviewBot.Benchmarks.Engine/run.sh context-cost --generate /work/bench-100k [--files 100000] [--changed 169] [--seed 11]
#   bash tests/ReviewBot.Benchmarks.Engine/run.sh context-cost --repo /work/bench-100k --base A --head B [--cold-warm] [--index DIR] [--budget 16000]
#   bash tests/ReviewBot.Benchmarks.Engine/run.sh context-recall --list tests/ReviewBot.Benchmarks.Engine/bugfix-commits.txt [--budget 16000]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build tests/ReviewBot.Benchmarks.Engine -c Release -v quiet -nologo > /dev/null
exec dotnet tests/ReviewBot.Benchmarks.Engine/bin/Release/net10.0/ReviewBot.Benchmarks.Engine.dll "$@"
