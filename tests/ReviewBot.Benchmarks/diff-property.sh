#!/usr/bin/env bash
# By hand: the diff parser's property check over a repository's history.
#
#   bash tests/ReviewBot.Benchmarks/diff-property.sh GIT-DIR [MAX-COMMITS]
#
# GIT-DIR is a work tree or a bare repository. For each non-merge commit on the first-parent line from HEAD (newest
# first, at most MAX-COMMITS), `git diff -M -C parent commit` is parsed and every hunk line is compared with the blobs
# (`git cat-file --batch`), and each file's counts with `git diff --numstat`. Prints commits, files, lines checked,
# failures (the first ones in full) and the time; exit code 0 only without failures. Needs bash, git and the .NET SDK.
set -euo pipefail

if (( $# < 1 || $# > 2 )); then
    echo "usage: $0 GIT-DIR [MAX-COMMITS]" >&2
    exit 2
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
git_dir="$(cd "$1" && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
dotnet build "$repo_root/tests/ReviewBot.Benchmarks/ReviewBot.Benchmarks.csproj" -c Release -v quiet -nologo >"$build_log" 2>&1 ||
    { cat "$build_log" >&2; exit 1; }

dotnet "$repo_root/tests/ReviewBot.Benchmarks/bin/Release/net10.0/ReviewBot.Benchmarks.dll" diff-property "$git_dir" "${@:2}"
