#!/usr/bin/env bash
# One bounded AFL++ run of one target: fuzz/run.sh <target> <seconds> [--report FILE]
# Seeds: fuzz/corpus/<target> and fuzz/regressions/<target>; dictionaries: fuzz/dictionaries (see targets below).
# Prints executions, corpus and edges covered, crashes and hangs; copies every crash or hang input to fuzz/findings/<target>/
# beside a .txt with the command that replays it (and what the replay printed). --report FILE appends one line of
# key=value fields for fuzz/ci.sh and the perf reports. Exit 0: no crash, no hang; 1: crashes or hangs; 2: could not run.
# REFLOW_FUZZ_BIN: a folder fuzz/build.sh made (ci.sh shares one); otherwise this run builds and instruments its own.
# REFLOW_FUZZ_TIMEOUT_MS: AFL's time limit for one input (default 2000: the machine is shared, a GC or JIT pause must
# not count as a hang; a real hang is unbounded).
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { echo "usage: fuzz/run.sh <target> <seconds> [--report FILE]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1 seconds=$2; shift 2
report=""
while [ $# -gt 0 ]; do
    case "$1" in
        --report) [ $# -ge 2 ] || usage; report=$2; shift 2 ;;
        *) usage ;;
    esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || { echo "fuzz/run.sh: <seconds> must be a whole number over 0, not '$seconds'" >&2; exit 2; }

case "$target" in
    fbp) dicts=(fbp.dict) ;;
    reflow-json|noflo-json) dicts=(json.dict graph-json.dict) ;;
    toml) dicts=(toml.dict) ;;
    message-binary) dicts=() ;;
    message-frame) dicts=(message-frame.dict) ;;
    tagged-json) dicts=(json.dict tagged-json.dict) ;;
    fbp-protocol) dicts=(json.dict fbp-protocol.dict) ;;
    remote-edge-frame) dicts=(remote-edge-frame.dict) ;;
    *) echo "fuzz/run.sh: '$target' is not a target (fbp reflow-json noflo-json toml message-binary message-frame tagged-json fbp-protocol remote-edge-frame)" >&2; exit 2 ;;
esac

bash "$repo/fuzz/afl-deps.sh" || exit 2

stamp=$(date -u +%Y%m%dT%H%M%SZ)
run="$repo/fuzz/.out/runs/$target-$stamp-$$"
mkdir -p "$run/in"
bin="${REFLOW_FUZZ_BIN:-}"
if [ -z "$bin" ]; then
    bin=$(bash "$repo/fuzz/build.sh" "$run/bin") || exit 2
fi
[ -x "$bin/Reflow.Fuzz" ] || { echo "fuzz/run.sh: $bin/Reflow.Fuzz is missing (REFLOW_FUZZ_BIN must be a folder fuzz/build.sh made)" >&2; exit 2; }

# AFL takes no empty seed; the regressions seed the paths near past bugs.
for dir in "$repo/fuzz/corpus/$target" "$repo/fuzz/regressions/$target"; do
    [ -d "$dir" ] && find "$dir" -maxdepth 1 -type f -size +0 -exec cp {} "$run/in/" \;
done
[ -n "$(ls -A "$run/in")" ] || { echo "fuzz/run.sh: no seed under fuzz/corpus/$target" >&2; exit 2; }

dict_args=()
for d in "${dicts[@]}"; do dict_args+=(-x "$repo/fuzz/dictionaries/$d"); done

# What AFL++ needs on these machines (fuzz/README.md): dotnet is not an AFL-compiled binary (SKIP_BIN_CHECK); no
# terminal (NO_UI); the CPU governor and core_pattern cannot be changed in a container (SKIP_CPUFREQ, I_DONT_CARE_...);
# two cores shared with other work, so no pinning (NO_AFFINITY); the runtime's start can take seconds under load
# (FORKSRV_INIT_TMOUT); a regression that still crashes is skipped as a seed (the tests replay it) rather than abort.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
       AFL_FORKSRV_INIT_TMOUT=60000 AFL_SKIP_CRASHES=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
timeout_ms=${REFLOW_FUZZ_TIMEOUT_MS:-2000}

# -V stops fuzzing after <seconds>; the outer timeout bounds the start and the seeds' calibration too.
timeout -k 30 -s INT $((seconds + 120)) afl-fuzz -i "$run/in" -o "$run/out" -t "$timeout_ms" -m none -V "$seconds" \
    "${dict_args[@]}" -- "$bin/Reflow.Fuzz" "$target" > "$run/afl.log" 2>&1
afl_rc=$?

stats="$run/out/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
    echo "fuzz $target: afl-fuzz did not run (exit code $afl_rc); the end of $run/afl.log:" >&2
    sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' "$run/afl.log" | tail -25 >&2
    [ -n "$report" ] && echo "target=$target seconds=$seconds status=error afl_exit=$afl_rc log=$run/afl.log" >> "$report"
    exit 2
fi
stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
execs=$(stat execs_done) run_time=$(stat run_time) corpus=$(stat corpus_count) found=$(stat corpus_found)
edges=$(stat edges_found) cvg=$(stat bitmap_cvg) stability=$(stat stability)
crashes=$(stat saved_crashes) hangs=$(stat saved_hangs)
rate=$(awk -v e="$execs" -v t="$run_time" 'BEGIN { printf "%.0f", (t > 0 ? e / t : 0) }')

echo "fuzz $target: ${run_time} s, $execs executions ($rate/s), corpus $corpus ($found new), $edges edges ($cvg of the map, stability $stability), $crashes crashes, $hangs hangs"

findings="$repo/fuzz/findings/$target"
shown=0
for kind in crashes hangs; do
    for input in "$run/out/default/$kind"/id:*; do
        [ -f "$input" ] || continue
        mkdir -p "$findings"
        name="$kind-$stamp-$(basename "$input" | sed 's/^id:\([0-9]*\).*/\1/')"
        cp "$input" "$findings/$name.bin"
        replay="dotnet run -c Release --project fuzz/Reflow.Fuzz -- $target fuzz/findings/$target/$name.bin"
        {
            echo "AFL's name: $(basename "$input")"
            echo "Replay (from the repository's root): $replay"
            echo "Keep it as a regression test: move the .bin to fuzz/regressions/$target/ once fixed."
            echo "What the replay printed:"
            (cd "$repo" && timeout 60 dotnet "fuzz/Reflow.Fuzz/bin/Release/net10.0/Reflow.Fuzz.dll" "$target" "$findings/$name.bin" 2>&1 | head -40)
        } > "$findings/$name.txt"
        shown=$((shown + 1))
        # Each one is saved; the first few are printed (AFL keeps many variants of one bug).
        [ "$shown" -le 5 ] && echo "  $kind: fuzz/findings/$target/$name.bin — $(sed -n '5p' "$findings/$name.txt" | cut -c1-300)"
    done
done
[ "$shown" -gt 5 ] && echo "  … and $((shown - 5)) more under fuzz/findings/$target/"

[ -n "$report" ] && echo "target=$target seconds=$run_time execs=$execs execs_per_sec=$rate corpus=$corpus new=$found edges=$edges map=$cvg stability=$stability crashes=$crashes hangs=$hangs run=$run" >> "$report"
[ "${crashes:-0}" -eq 0 ] && [ "${hangs:-0}" -eq 0 ]
