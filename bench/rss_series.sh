#!/usr/bin/env bash
# Show that carport's peak RSS stays flat as the number of CApps grows.
#
#   bench/rss_series.sh [--sizes 200,2000,20000] [--jobs N] [--work DIR] [--clean]
#
#   --sizes   comma-separated CApp counts (default 200,2000,20000); each repository is
#             make_repo.sh --variant corpus --count K (the corpus replicated, then cut at K)
#   --jobs N  carport -j value (default 2)
#   --work    work dir (default bench/work, gitignored); repositories are kept in
#             repos/count_K and reused (stamp repos/count_K.done)
#   --clean   delete each generated repository and output after its run
#             (20000 CApps is about 1.6 GB of input, and as much output)
#
# Environment: CARPORT (default <repo>/build/release/carport), CARPORT_CORPUS.
#
# carport runs once per size: `$CARPORT capps -j N -q -o OUT REPO`, OUT removed and `sync`
# run first (untimed), input pre-read into the page cache. Wall time and peak RSS come from
# /usr/bin/time -f '%e %M'. Flat RSS = the last/first RSS ratio stays near 1 while the
# CApp count grows 100x.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
CARPORT=${CARPORT:-$REPO_ROOT/build/release/carport}

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}
die() { printf 'rss_series.sh: error: %s\n' "$*" >&2; exit 2; }
note() { printf '%s\n' "$*" >&2; }

sizes="200,2000,20000"
jobs=2
work="$SCRIPT_DIR/work"
clean=0

while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) [[ $# -ge 2 ]] || die "--sizes needs a value"; sizes=$2; shift 2 ;;
        --jobs)  [[ $# -ge 2 ]] || die "--jobs needs a value"; jobs=$2; shift 2 ;;
        --work)  [[ $# -ge 2 ]] || die "--work needs a value"; work=$2; shift 2 ;;
        --clean) clean=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

IFS=, read -r -a size_list <<<"$sizes"
[[ ${#size_list[@]} -gt 0 ]] || die "--sizes is empty"
for k in "${size_list[@]}"; do
    [[ "$k" =~ ^[1-9][0-9]*$ ]] || die "--sizes: not a positive integer: '$k'"
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer"

for tool in find awk sync cat; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool not found: $tool"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (install the 'time' package)"
if [[ ! -e "$CARPORT" ]]; then
    die "carport binary not found: $CARPORT
  build it:  cmake --preset release && cmake --build --preset release
  or point CARPORT at a binary:  CARPORT=/path/to/carport bench/rss_series.sh ..."
fi
[[ -f "$CARPORT" && -x "$CARPORT" ]] || die "CARPORT is not an executable file: $CARPORT"
CARPORT=$(cd "$(dirname "$CARPORT")" && pwd)/$(basename "$CARPORT")

mkdir -p "$work"
work=$(cd "$work" && pwd)
mkdir -p "$work/repos" "$work/out" "$work/tmp" "$work/results"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$work/results/rss_series_${stamp}.tsv"
printf 'capps\tinput_bytes\trc\twall_s\tmaxrss_kb\tn_out\n' >"$results"

cat <<EOF
== carport RSS series ==
date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')
machine   $(nproc) cores, $(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo), $(awk '/^MemTotal/{printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)
carport   $CARPORT ($(date -u -r "$CARPORT" '+mtime %Y-%m-%d %H:%M UTC'), $(stat -c %s "$CARPORT") bytes)
load      $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; RSS does not depend on it, wall does)
command   $(printf '%q ' "$CARPORT" capps -j "$jobs" -q -o "$work/out/series_K" "$work/repos/count_K" | sed 's/ $//')
          (K = ${size_list[*]}; output removed and \`sync\` run before each, untimed)

EOF

for k in "${size_list[@]}"; do
    repo="$work/repos/count_$k"
    if [[ ! -f "$repo.done" ]]; then
        note "generating $repo ..."
        rm -rf "$repo"
        "$SCRIPT_DIR/make_repo.sh" --variant corpus --count "$k" --out "$repo"
        touch "$repo.done"
    else
        note "reusing $repo (delete $repo.done to regenerate)"
    fi
    n_in=$(find "$repo" -type f -name '*.car' | wc -l)
    (( n_in == k )) || die "$repo holds $n_in .car files, expected $k (delete $repo.done)"
    bytes_in=$(find "$repo" -type f -name '*.car' -printf '%s\n' | awk '{s+=$1} END{print s+0}')
    find "$repo" -type f -name '*.car' -exec cat {} + >/dev/null

    out="$work/out/series_$k"
    rm -rf "$out"
    sync
    tfile="$work/tmp/time.series"
    log="$work/results/rss_series_${stamp}.$k.log"
    rc=0
    /usr/bin/time -f '%e %M' -o "$tfile" "$CARPORT" capps -j "$jobs" -q -o "$out" "$repo" >"$log" 2>&1 || rc=$?
    read -r wall rss < <(tail -n 1 "$tfile")
    [[ "$wall" =~ ^[0-9.]+$ && "$rss" =~ ^[0-9]+$ ]] || {
        cat "$tfile" >&2; die "could not parse /usr/bin/time output (log: $log)"; }
    if (( rc > 1 )); then
        tail -n 20 "$log" >&2
        die "carport exited with status $rc at K=$k. Log: $log"
    fi
    (( rc == 0 )) || note "warning: carport exited $rc (some item failed) at K=$k; timing kept. Log: $log"
    n_out=$(find "$out" -type f -name '*.car' 2>/dev/null | wc -l)
    (( n_out == n_in )) || note "warning: carport wrote $n_out .car files for $n_in inputs"
    [[ -s "$log" ]] || rm -f "$log"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "$bytes_in" "$rc" "$wall" "$rss" "$n_out" >>"$results"
    note "  K=$k  ${wall} s  $(awk -v r="$rss" 'BEGIN{printf "%.1f", r/1024}') MB  rc=$rc  out=$n_out"
    if (( clean )); then
        rm -rf "$out" "$repo" "$repo.done"
    fi
done

awk -F'\t' '
NR == 1 { next }
{ n++; k[n] = $1; b[n] = $2; rc[n] = $3; w[n] = $4; r[n] = $5; o[n] = $6 }
END {
    printf "%8s %10s %8s %12s %10s %8s %4s\n", "CApps", "input_MB", "wall_s", "peak_rss_MB", "CApps/s", "outputs", "rc"
    for (i = 1; i <= n; i++)
        printf "%8d %10.1f %8.2f %12.1f %10s %8d %4d\n", k[i], b[i] / 1048576, w[i], r[i] / 1024, \
            (w[i] > 0 ? sprintf("%.0f", k[i] / w[i]) : "inf"), o[i], rc[i]
    if (n > 1 && r[1] > 0)
        printf "\npeak RSS at %d CApps / at %d CApps = %.2f (flat = close to 1; CApps grew %.0fx)\n", \
            k[n], k[1], r[n] / r[1], k[n] / k[1]
}' "$results"
echo
echo "raw: $results"
