#!/usr/bin/env bash
# Runs every fuzz target for TIME_PER_TARGET seconds, one after another and
# one process at a time (niced), then prints what each did: executions,
# executions per second, coverage (cov: edges, ft: features) and corpus
# size, from libFuzzer's final lines.
#
#   fuzz/run.sh 600                  # every target, 10 minutes each
#   fuzz/run.sh 60 serve_exec        # only the targets named
#
# Seed corpora are built here, at run time, under fuzz/corpus/TARGET/
# (git-ignored): the page targets get every page form of the test fixtures
# (tests/data/forms/*.txt) and the sample pages (assets/*.txt); the serve
# targets get a few command lines, keystrokes and window sizes. Inputs the
# fuzzer finds are kept there, so a second run goes on from the first.
# Logs go to fuzz/logs/TARGET.log, failures to fuzz/artifacts/TARGET/.
#
# Environment: TOOLCHAIN (default +nightly), RSS_LIMIT_MB (default 1024).

set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 TIME_PER_TARGET_SECONDS [TARGET...]" >&2
    exit 2
fi
time_per_target=$1
shift

fuzz_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz_dir")
toolchain=${TOOLCHAIN-+nightly}
rss_limit=${RSS_LIMIT_MB:-1024}
all_targets=(parse_page layout_page serve_input serve_resize serve_exec)
targets=("${@:-${all_targets[@]}}")

# Per target: the longest input, the seconds one input may take, the
# dictionary.
options() {
    case $1 in
        parse_page) echo "-max_len=4096 -timeout=2 -dict=$fuzz_dir/dict/labels.dict" ;;
        layout_page) echo "-max_len=4096 -timeout=2 -dict=$fuzz_dir/dict/labels.dict" ;;
        serve_input) echo "-max_len=1024 -timeout=5 -dict=$fuzz_dir/dict/serve.dict" ;;
        serve_resize) echo "-max_len=108 -timeout=5" ;;
        serve_exec) echo "-max_len=4096 -timeout=5 -dict=$fuzz_dir/dict/serve.dict" ;;
        *) echo "unknown target: $1" >&2; exit 2 ;;
    esac
}

seed() {
    local target=$1 dir=$fuzz_dir/corpus/$1
    mkdir -p "$dir"
    case $target in
        parse_page | layout_page)
            for page in "$root"/tests/data/forms/*.txt "$root"/assets/*.txt; do
                cp "$page" "$dir/seed-$(basename "$page")"
            done
            ;;
        serve_input)
            # First byte: the chunk length; then keystrokes.
            printf '\x00jjk\r\x1b[B\x1b[A\t\x1b' >"$dir/seed-keys"
            printf '\x03/harj\r\r' >"$dir/seed-search"
            printf '\x05\x1b[<0;10;5M\x1b[<64;10;5M\x1b[200~paste\x1b[201~' >"$dir/seed-mouse"
            printf '\x01?\x1bf\tjjjj\x1b[1;5C\x1b[5~\x1b[6~G' >"$dir/seed-help"
            printf '\x0foecy\r\x1b' >"$dir/seed-overlays"
            ;;
        serve_resize)
            # Records: columns, rows (u32, little end first), one key.
            printf '\x01\x00\x00\x00\x05\x00\x00\x00\r\x50\x00\x00\x00\x18\x00\x00\x00j' >"$dir/seed-narrow"
            printf '\xff\xff\xff\xff\xff\xff\xff\xff\x8d\x00\x00\x00\x00\x00\x00\x00\x00\x8d' >"$dir/seed-extremes"
            printf '\x28\x00\x00\x00\x0a\x00\x00\x00\t\x02\x00\x00\x00\x02\x00\x00\x00\r' >"$dir/seed-tab"
            ;;
        serve_exec)
            local line n=0
            for line in 'list' 'show 001_a16e8f42b249ee6d' 'stats' 'list --help' \
                "list --region 'Mellersta Norrland'" 'show --json 000_d9d2908fd1222df0' \
                'list --sort title --reverse --format json' 'stats --format json --fund ESF' \
                'list -q härj --with-text' 'list --text "arbete och"' 'show "a\\ b' \
                'list --version' 'browse' 'list x.txt' 'man' 'config --path'; do
                printf '%s' "$line" >"$dir/seed-$n"
                n=$((n + 1))
            done
            ;;
    esac
}

mkdir -p "$fuzz_dir/logs"
cd "$root"
echo "building ${targets[*]}…" >&2
nice cargo $toolchain fuzz build -s none

summary=()
for target in "${targets[@]}"; do
    seed "$target"
    log=$fuzz_dir/logs/$target.log
    echo "== $target: ${time_per_target}s" >&2
    start=$(date +%s)
    status=0
    # shellcheck disable=SC2046
    nice cargo $toolchain fuzz run -s none "$target" "$fuzz_dir/corpus/$target" -- \
        -max_total_time="$time_per_target" -rss_limit_mb="$rss_limit" \
        -print_final_stats=1 $(options "$target") >"$log" 2>&1 || status=$?
    seconds=$(($(date +%s) - start))
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*' || echo '?')
    ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*' || echo '?')
    corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' <<<"$last" | cut -d' ' -f2 || echo '?')
    result=ok
    if [[ $status -ne 0 ]]; then
        result="FAILED (status $status; see $log and fuzz/artifacts/$target/)"
    fi
    line=$(printf '%-13s %6ss %12s execs %7s exec/s  cov: %-6s ft: %-6s corpus: %-12s %s' \
        "$target" "$seconds" "$runs" "$speed" "$cov" "$ft" "$corp" "$result")
    echo "$line" >&2
    summary+=("$line")
done

echo
printf '%s\n' "${summary[@]}"
total=0
for line in "${summary[@]}"; do
    total=$((total + $(awk '{print $3}' <<<"$line")))
done
echo "total executions: $total"
