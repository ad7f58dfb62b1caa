#!/usr/bin/env bash
# Time `carport capps` against a floor and a naive baseline on one generated repository.
#
#   bench/run_capps.sh [--variant corpus|datamapper] [--copies N] [--rounds R] [--jobs N]
#                      [--skip-naive] [--work DIR]
#
#   --variant     repository to generate with make_repo.sh (default corpus)
#   --copies N    replicas (default 30 for corpus = 4,620 CApps; 400 for datamapper
#                 = 11 x 400 + 5 golden = 4,405 CApps, a comparable count)
#   --rounds R    interleaved rounds (default 5); the median is reported
#   --jobs N      carport -j value (default 2, the machine's core count)
#   --skip-naive  do not run the (slow) naive baseline
#   --naive-tmp D parent dir for the naive loop's temp dirs (default WORK/tmp, same disk as
#                 the outputs; e.g. /dev/shm to take the disk out of it). A private subdir is
#                 made in it and removed at exit.
#   --work DIR    work dir (default bench/work, gitignored): repos/, out/, tmp/, results/
#
# Environment: CARPORT  binary to time (default <repo>/build/release/carport)
#              CARPORT_CORPUS  corpus dir (default <repo>/../shared/corpus)
#
# Each round runs every tool once on the same repository, in a rotated order
# (round 1: carport floor naive, round 2: floor naive carport, ...), each into an output dir
# deleted beforehand, after a `sync` (both untimed). The repository is generated once and
# reused (stamp file repos/<name>.done); its files are pre-read once so all tools see a warm
# page cache. Wall time and peak RSS come from /usr/bin/time -f '%e %M'.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
CARPORT=${CARPORT:-$REPO_ROOT/build/release/carport}

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}
die() { printf 'run_capps.sh: error: %s\n' "$*" >&2; exit 2; }
note() { printf '%s\n' "$*" >&2; }

variant=corpus
copies=""
rounds=5
jobs=2
skip_naive=0
naive_tmp=""
work="$SCRIPT_DIR/work"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --variant) [[ $# -ge 2 ]] || die "--variant needs a value"; variant=$2; shift 2 ;;
        --copies)  [[ $# -ge 2 ]] || die "--copies needs a value"; copies=$2; shift 2 ;;
        --rounds)  [[ $# -ge 2 ]] || die "--rounds needs a value"; rounds=$2; shift 2 ;;
        --jobs)    [[ $# -ge 2 ]] || die "--jobs needs a value"; jobs=$2; shift 2 ;;
        --work)    [[ $# -ge 2 ]] || die "--work needs a value"; work=$2; shift 2 ;;
        --skip-naive) skip_naive=1; shift ;;
        --naive-tmp) [[ $# -ge 2 ]] || die "--naive-tmp needs a value"; naive_tmp=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

case "$variant" in
    corpus)     copies=${copies:-30} ;;
    datamapper) copies=${copies:-400} ;;
    *) die "--variant must be corpus or datamapper, not '$variant'" ;;
esac
[[ "$copies" =~ ^[1-9][0-9]*$ ]] || die "--copies must be a positive integer"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer"

# ---- preflight ------------------------------------------------------------------------------
for tool in cp sha256sum zip unzip find sort xargs awk sync mktemp; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool not found: $tool"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (install the 'time' package)"
if [[ ! -e "$CARPORT" ]]; then
    die "carport binary not found: $CARPORT
  build it:  cmake --preset release && cmake --build --preset release
  or point CARPORT at a binary:  CARPORT=/path/to/carport bench/run_capps.sh ..."
fi
[[ -f "$CARPORT" && -x "$CARPORT" ]] || die "CARPORT is not an executable file: $CARPORT"
CARPORT=$(cd "$(dirname "$CARPORT")" && pwd)/$(basename "$CARPORT")

mkdir -p "$work"
work=$(cd "$work" && pwd)
mkdir -p "$work/repos" "$work/out" "$work/tmp" "$work/results"
naive_tmp=${naive_tmp:-$work/tmp}
[[ -d "$naive_tmp" ]] || die "--naive-tmp: not a directory: $naive_tmp"
naive_tmp=$(mktemp -d "$(cd "$naive_tmp" && pwd)/carport-bench-naive.XXXXXX")
trap 'rm -rf "$naive_tmp"' EXIT

# ---- repository -----------------------------------------------------------------------------
name="${variant}_c${copies}"
repo="$work/repos/$name"
if [[ ! -f "$repo.done" ]]; then
    note "generating $repo ..."
    rm -rf "$repo"
    "$SCRIPT_DIR/make_repo.sh" --variant "$variant" --copies "$copies" --out "$repo"
    touch "$repo.done"
else
    note "reusing $repo (delete $repo.done to regenerate)"
fi
n_in=$(find "$repo" -type f -name '*.car' | wc -l)
bytes_in=$(find "$repo" -type f -name '*.car' -printf '%s\n' | awk '{s+=$1} END{print s+0}')
(( n_in > 0 )) || die "no .car files in $repo"
# Warm the page cache once so no tool pays for the first cold read.
find "$repo" -type f -name '*.car' -exec cat {} + >/dev/null

# ---- commands -------------------------------------------------------------------------------
out="$work/out"
q() { printf '%q' "$1"; }
cmd_carport=("$CARPORT" capps -j "$jobs" -q -o "$out/carport" "$repo")
floor_sh="cp -r $(q "$repo") $(q "$out/floor") && (cd $(q "$out/floor") && find . -type f -name '*.car' -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)"
cmd_floor=(bash -c "$floor_sh")
cmd_naive=(bash "$SCRIPT_DIR/naive_baseline.sh" "$repo" "$out/naive")

tools=(carport floor)
(( skip_naive )) || tools+=(naive)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$work/results/capps_${name}_${stamp}.tsv"
printf 'round\ttool\trc\twall_s\tmaxrss_kb\tn_out\tload1\n' >"$results"
load1() { awk '{print $1}' /proc/loadavg; }

cat <<EOF
== carport capps benchmark ==
date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')
machine   $(nproc) cores, $(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo), $(awk '/^MemTotal/{printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)
carport   $CARPORT ($(date -u -r "$CARPORT" '+mtime %Y-%m-%d %H:%M UTC'), $(stat -c %s "$CARPORT") bytes)
repo      $repo
          variant=$variant copies=$copies: $n_in CApps, $(awk -v b="$bytes_in" 'BEGIN{printf "%.1f MB", b/1048576}')
rounds    $rounds (interleaved, rotated order; median reported)
load      $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; above ~0.5 on 2 cores the timings are noisy)

commands (output dir removed and \`sync\` run before each, untimed):
  carport  $(printf '%q ' "${cmd_carport[@]}" | sed 's/ $//')
  floor    $floor_sh
EOF
if (( skip_naive )); then
    echo "  naive    (skipped)"
else
    printf '  naive    TMPDIR=%q %s\n' "$naive_tmp" "$(printf '%q ' "${cmd_naive[@]}" | sed 's/ $//')"
fi
echo
if awk '{exit !($1 > 1.0)}' /proc/loadavg; then
    note "warning: load average $(cut -d' ' -f1 /proc/loadavg) > 1 before starting: something else is running; timings will be noisy"
fi

# ---- rounds ---------------------------------------------------------------------------------
warned_carport_rc1=0
run_one() {  # tool round
    local tool=$1 r=$2 rc=0 tfile log wall rss n_out load
    local -a cmd
    case "$tool" in
        carport) cmd=("${cmd_carport[@]}") ;;
        floor)   cmd=("${cmd_floor[@]}") ;;
        naive)   cmd=("${cmd_naive[@]}") ;;
    esac
    rm -rf "${out:?}/$tool" "${naive_tmp:?}/"*
    sync
    load=$(load1)
    tfile="$work/tmp/time.$tool"
    log="$work/results/${name}_${stamp}.$tool.r$r.log"
    TMPDIR="$naive_tmp" /usr/bin/time -f '%e %M' -o "$tfile" "${cmd[@]}" >"$log" 2>&1 || rc=$?
    # On a non-zero exit GNU time writes "Command exited with non-zero status N" first.
    read -r wall rss < <(tail -n 1 "$tfile")
    [[ "$wall" =~ ^[0-9.]+$ && "$rss" =~ ^[0-9]+$ ]] || {
        cat "$tfile" >&2; die "$tool: could not parse /usr/bin/time output (log: $log)"; }
    if (( rc != 0 )); then
        if [[ "$tool" == carport && $rc -eq 1 ]]; then
            if (( ! warned_carport_rc1 )); then
                note "warning: carport exited 1 (some item failed); timing kept. Log: $log"
                warned_carport_rc1=1
            fi
        elif [[ "$tool" == naive && $rc -eq 1 ]]; then
            note "warning: naive baseline: some CApp failed; timing kept. Log: $log"
        else
            tail -n 20 "$log" >&2
            die "$tool exited with status $rc (round $r). Log: $log"
        fi
    fi
    n_out=$(find "$out/$tool" -type f -name '*.car' 2>/dev/null | wc -l)
    [[ -f "$out/$tool/SHA256SUMS" ]] || note "warning: $tool wrote no $out/$tool/SHA256SUMS"
    (( n_out == n_in )) || note "warning: $tool wrote $n_out .car files for $n_in inputs"
    [[ -s "$log" ]] || rm -f "$log"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$tool" "$rc" "$wall" "$rss" "$n_out" "$load" >>"$results"
    printf '  round %d/%d  %-8s %8.2f s  %8.1f MB  rc=%d  out=%d  load=%s\n' \
        "$r" "$rounds" "$tool" "$wall" "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$rc" "$n_out" "$load" >&2
}

nt=${#tools[@]}
for (( r = 1; r <= rounds; r++ )); do
    for (( i = 0; i < nt; i++ )); do
        run_one "${tools[$(( (i + r - 1) % nt ))]}" "$r"
    done
done

# ---- summary --------------------------------------------------------------------------------
echo
awk -F'\t' -v order="${tools[*]}" -v n_in="$n_in" '
NR == 1 { next }
{ w[$2] = w[$2] " " $4; if ($5 > rss[$2]) rss[$2] = $5; if ($3 != 0) bad[$2]++; nout[$2] = $6 }
function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    mn = a[1] + 0; mx = a[n] + 0
    return (n % 2) ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
    nt = split(order, t, " ")
    for (i = 1; i <= nt; i++) { med[t[i]] = median(w[t[i]]); lo[t[i]] = mn; hi[t[i]] = mx }
    printf "%-8s %10s %8s %8s %12s %10s %10s %8s\n", "tool", "median_s", "min_s", "max_s", "peak_rss_MB", "x_floor", "x_naive", "CApps/s"
    for (i = 1; i <= nt; i++) {
        k = t[i]
        xf = (med["floor"] > 0) ? sprintf("%.2f", med[k] / med["floor"]) : "n/a"
        xn = ("naive" in med && med["naive"] > 0) ? sprintf("%.3f", med[k] / med["naive"]) : "n/a"
        cps = (med[k] > 0) ? sprintf("%.0f", n_in / med[k]) : "inf"
        printf "%-8s %10.2f %8.2f %8.2f %12.1f %10s %10s %8s%s\n", k, med[k], lo[k], hi[k], rss[k] / 1024, xf, xn, cps, \
            (bad[k] ? sprintf("  (%d round(s) exit!=0)", bad[k]) : "")
    }
}' "$results"
echo
echo "x_floor / x_naive = median wall / median wall of floor / naive (lower is better)."
echo "peak_rss_MB = max over rounds of /usr/bin/time %M: for the floor and naive pipelines it is"
echo "the largest single process of the tree (e.g. cp, zip), not a sum."
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
echo "raw: $results"
echo "outputs of the last round: $out/{$(IFS=,; echo "${tools[*]}")}"
