#!/usr/bin/env bash
# The naive baseline timed by run_capps.sh: what people do by hand with stock tools.
#
#   bench/naive_baseline.sh REPO OUTDIR
#
# For every .car under REPO (sorted, sequential, one at a time): unzip it into a fresh temp
# dir, `zip -q -r -X` the tree back into OUTDIR/<same relative path>, delete the temp dir.
# Then write OUTDIR/SHA256SUMS over the outputs. No transformation is applied: this is the
# cost of a plain unpack/repack pass, a lower bound for any shell-script migration.
#
# unzip exit status 1 (warnings only, e.g. extra bytes before the zip) is accepted like a
# person would; a CApp whose unzip (status > 1) or zip fails is counted and skipped.
# Exit status: 0 all repacked, 1 some CApp failed, 2 usage error.
# Temp dirs go under $TMPDIR (default /tmp); run_capps.sh points it at its work dir.
set -uo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: naive_baseline.sh REPO OUTDIR" >&2
    exit 2
fi
repo=$1
out=$2
[[ -d "$repo" ]] || { echo "naive_baseline.sh: not a directory: $repo" >&2; exit 2; }
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd) || exit 2
cd "$repo" || exit 2

failed=0
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1))
    t=$(mktemp -d) || exit 2
    unzip -qq -o "$f" -d "$t"
    rc=$?
    if (( rc > 1 )); then
        echo "naive_baseline.sh: unzip failed ($rc): $f" >&2
        failed=$((failed + 1))
        rm -rf "$t"
        continue
    fi
    rel=${f#./}
    mkdir -p "$out/${f%/*}"   # f is ./a/b.car, so ${f%/*} is ./a or .
    if ! (cd "$t" && zip -q -r -X "$out/$rel" .); then
        echo "naive_baseline.sh: zip failed: $f" >&2
        failed=$((failed + 1))
    fi
    rm -rf "$t"
done < <(find . -type f -name '*.car' -print0 | sort -z)

cd "$out" || exit 2
find . -type f -name '*.car' -print0 | sort -z | xargs -0 -r sha256sum > SHA256SUMS || exit 1

echo "naive_baseline.sh: $n CApps, $failed failed" >&2
(( failed == 0 ))
