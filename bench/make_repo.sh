#!/usr/bin/env bash
# Generate a large synthetic repository of CApps (.car files) for benchmarking.
#
#   bench/make_repo.sh --variant corpus|datamapper [--copies N] [--count K] --out DIR
#                      [--corpus DIR] [--force]
#
# corpus      every valid .car of <corpus>/capps/*.car (not invalid/), replicated N times:
#             DIR/rep_0001/<stem>__r0001.car, DIR/rep_0002/<stem>__r0002.car, ...
# datamapper  only the corpus CApps that contain a *_xsltStyleSheet.xml entry (found with
#             `unzip -Z1`), replicated N times the same way, plus the golden inputs
#             <corpus>/datamapper-golden/input/*.car once, in DIR/golden/.
#
# --count K   stop after K .car files in total (golden inputs included). Without --copies,
#             as many replicas as needed are made (the RSS series uses 200, 2000, 20000).
#             With --copies, it is an error if N replicas hold fewer than K files.
#
# Files are real, distinct copies (cp), never hard links or symlinks: the benchmark must read
# real files (the page cache will still hold them after generation; run_capps.sh pre-reads
# them so every tool sees the same warm cache).
#
# The corpus is read in place (default: <repo>/../shared/corpus); nothing is copied into
# the project tree unless --out points there (use bench/work/, which is gitignored).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

die() { printf 'make_repo.sh: error: %s\n' "$*" >&2; exit 2; }

variant=""
copies=""
count=""
out=""
corpus="${CARPORT_CORPUS:-$REPO_ROOT/../shared/corpus}"
force=0

while [[ $# -gt 0 ]]; do
    case "$1" in
        --variant) [[ $# -ge 2 ]] || die "--variant needs a value"; variant=$2; shift 2 ;;
        --copies)  [[ $# -ge 2 ]] || die "--copies needs a value"; copies=$2; shift 2 ;;
        --count)   [[ $# -ge 2 ]] || die "--count needs a value"; count=$2; shift 2 ;;
        --out)     [[ $# -ge 2 ]] || die "--out needs a value"; out=$2; shift 2 ;;
        --corpus)  [[ $# -ge 2 ]] || die "--corpus needs a value"; corpus=$2; shift 2 ;;
        --force)   force=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

case "$variant" in
    corpus|datamapper) ;;
    "") die "--variant is required (corpus|datamapper)" ;;
    *) die "--variant must be corpus or datamapper, not '$variant'" ;;
esac
[[ -n "$out" ]] || die "--out is required"
[[ -z "$copies" || "$copies" =~ ^[1-9][0-9]*$ ]] || die "--copies must be a positive integer"
[[ -z "$count" || "$count" =~ ^[1-9][0-9]*$ ]] || die "--count must be a positive integer"
[[ -n "$copies" || -n "$count" ]] || die "give --copies N and/or --count K"
[[ -n "$copies" && "$copies" -gt 9999 ]] && die "--copies must be <= 9999"

for tool in cp unzip grep mkdir chmod stat awk; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool not found: $tool"
done

capps_dir="$corpus/capps"
golden_dir="$corpus/datamapper-golden/input"
[[ -d "$capps_dir" ]] || die "corpus not found: $capps_dir (set --corpus or CARPORT_CORPUS)"

# Output directory: must be absent or empty, unless --force (then it is wiped, below).
wipe=0
if [[ -e "$out" ]]; then
    [[ -d "$out" ]] || die "--out exists and is not a directory: $out"
    if [[ -n "$(ls -A "$out")" ]]; then
        [[ $force -eq 1 ]] || die "--out is not empty: $out (use --force to replace it)"
        wipe=1
    fi
fi

# ---- source list ----------------------------------------------------------------------------
shopt -s nullglob
sources=()
for f in "$capps_dir"/*.car; do
    [[ -f "$f" ]] || continue
    if [[ "$variant" == datamapper ]]; then
        # unzip -Z1 exits 1 on mere warnings (e.g. extra leading bytes): use its listing anyway.
        listing=$(unzip -Z1 "$f" 2>/dev/null || true)
        grep -q '_xsltStyleSheet\.xml$' <<<"$listing" || continue
    fi
    sources+=("$f")
done
[[ ${#sources[@]} -gt 0 ]] || die "no source .car files found in $capps_dir"

golden=()
if [[ "$variant" == datamapper ]]; then
    for f in "$golden_dir"/*.car; do
        [[ -f "$f" ]] && golden+=("$f")
    done
    [[ ${#golden[@]} -gt 0 ]] || die "no golden inputs found in $golden_dir"
fi
shopt -u nullglob

per_rep=${#sources[@]}
if [[ -n "$count" ]]; then
    need=$(( count - ${#golden[@]} ))
    (( need < 0 )) && need=0
    min_reps=$(( (need + per_rep - 1) / per_rep ))
    if [[ -z "$copies" ]]; then
        copies=$min_reps
        (( copies > 9999 )) && die "--count $count needs more than 9999 replicas"
    elif (( copies < min_reps )); then
        die "--copies $copies x $per_rep sources (+${#golden[@]} golden) < --count $count"
    fi
fi

# ---- copy -----------------------------------------------------------------------------------
(( wipe )) && rm -rf "$out"
mkdir -p "$out"
written=0
limit=${count:-0}   # 0 = no limit
bytes=0

declare -A size=()
for f in "${sources[@]}" "${golden[@]}"; do
    size[$f]=$(stat -c %s -- "$f")
done

copy_one() {  # src dst
    cp -- "$1" "$2"
    written=$(( written + 1 ))
    bytes=$(( bytes + size[$1] ))
}

full() { [[ $limit -gt 0 && $written -ge $limit ]]; }

if [[ ${#golden[@]} -gt 0 ]]; then
    mkdir -p "$out/golden"
    for f in "${golden[@]}"; do
        full && break
        copy_one "$f" "$out/golden/${f##*/}"
    done
fi

for (( r = 1; r <= copies; r++ )); do
    full && break
    tag=$(printf 'r%04d' "$r")
    dir="$out/rep_${tag#r}"
    mkdir -p "$dir"
    for f in "${sources[@]}"; do
        full && break
        name=${f##*/}
        copy_one "$f" "$dir/${name%.car}__${tag}.car"
    done
done

# The corpus files are read-only; make the copies writable so rm -rf/--force never trip.
chmod -R u+w "$out"

printf 'make_repo.sh: variant=%s sources=%d copies=%d golden=%d -> %d .car files, %d bytes (%.1f MB) in %s\n' \
    "$variant" "$per_rep" "$copies" "${#golden[@]}" "$written" "$bytes" \
    "$(awk -v b="$bytes" 'BEGIN{print b/1048576}')" "$out" >&2
