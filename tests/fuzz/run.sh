#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 60) under ASan+UBSan, with seed corpora made
# from samples/ (and ../shared/corpus when present), and prints one summary line per target.
# Usage: tests/fuzz/run.sh [SECONDS]      (build first: cmake --preset fuzz && cmake --build --preset fuzz)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
bin=build/fuzz/tests/fuzz
work=build/fuzz/work
[[ -x $bin/archive_fuzz ]] || { echo "build the fuzz preset first: cmake --preset fuzz && cmake --build --preset fuzz" >&2; exit 2; }
mkdir -p "$work"/{archive,datamapper,document,apidef,artifacts}

# Seeds: the sample CApps, their XML entries, and small JSON/YAML/GraphQL/WSDL documents.
cp samples/capps/*.car samples/capps/*/*.car "$work/archive/" 2>/dev/null || true
for car in samples/capps/*.car; do
  for entry in $(unzip -Z1 "$car" | grep -E '\.xml$'); do
    unzip -p "$car" "$entry" > "$work/datamapper/$(basename "$car" .car)_$(echo "$entry" | tr / _)"
  done
done
printf '{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{"/a/{id}":{"get":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}}}}' > "$work/document/a.json"
printf 'swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    get:\n      responses:\n        200: {description: ok}\ndefinitions:\n  A: &a {type: object}\n  B: *a\n' > "$work/document/b.yaml"
for f in "$work"/document/*; do { printf '\x00'; cat "$f"; } > "$work/apidef/$(basename "$f")"; done
printf '\x02type Query { a: Int }\n' > "$work/apidef/c.graphql"
printf '\x03<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"><portType name="p"/><binding name="b" type="tns:p"/></definitions>' > "$work/apidef/d.wsdl"
if [[ -d ../shared/corpus/apidefs/oai-examples ]]; then
  find ../shared/corpus/apidefs/oai-examples -type f -size -64k -exec cp {} "$work/document/" \;
fi

# Inputs that once crashed a target are replayed first (tests/fuzz/regressions/<target>/).
for target in archive datamapper document apidef; do
  regressions=(tests/fuzz/regressions/"$target"/*)
  if [[ -e ${regressions[0]} ]]; then
    "$bin/${target}_fuzz" "${regressions[@]}" >"$work/$target.regressions.log" 2>&1 || {
      echo "$target: a regression input fails again, see $work/$target.regressions.log" >&2; exit 1; }
  fi
done

total=0
for target in archive datamapper document apidef; do
  log="$work/$target.log"
  "$bin/${target}_fuzz" "$work/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=262144 \
    -timeout=10 -artifact_prefix="$work/artifacts/${target}-" -print_final_stats=1 >"$log" 2>&1 || {
    echo "$target: CRASH or failure, see $log and $work/artifacts/" >&2; tail -30 "$log" >&2; exit 1; }
  runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  total=$((total + runs))
  echo "$target: ${runs} executions in ${seconds}s, no crash"
done
echo "total: ${total} executions, no crash"
