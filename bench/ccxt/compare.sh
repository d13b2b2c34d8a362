#!/usr/bin/env bash
# Binance order signing + request building: our adapter (JMH, io.nija.bench.SigningBenchmark) against ccxt's
# binance.sign() on node (sign-bench.mjs), the same fixed order, one after the other in one run; prints both and
# the ratio. Needs bench/target/benchmarks.jar (./mvnw -o package -pl bench -am -DskipTests) and
# `npm install` in bench/ccxt (node_modules is not committed).
# Usage: bench/ccxt/compare.sh [output.md]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
java_home=${JAVA_HOME:-$("$root/bin/find-java")}
jar="$root/bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "missing $jar: build it first" >&2; exit 1; }
[ -d "$here/node_modules/ccxt" ] || (cd "$here" && npm install --no-audit --no-fund >&2)

json=$(mktemp)
trap 'rm -f "$json"' EXIT
"$java_home/bin/java" -jar "$jar" SigningBenchmark -f 1 -wi 10 -i 5 -w 1s -r 1s -bm avgt -tu ns -rf json -rff "$json" >&2
ours_cpu=$("$java_home/bin/java" -cp "$jar" io.nija.bench.SigningBenchmark 300000 300000 | sed -n 's/^cpuNsPerOp=\([0-9.]*\).*/\1/p')
ours=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(r[0].primaryMetric.score.toFixed(1))' "$json")
ccxt_line=$(cd "$here" && node sign-bench.mjs 1 5)
theirs=$(node -e 'console.log(JSON.parse(process.argv[1]).medianNsPerOp.toFixed(1))' "$ccxt_line")
theirs_cpu=$(node -e 'console.log(JSON.parse(process.argv[1]).cpuNsPerOp.toFixed(1))' "$ccxt_line")
ratio=$(node -e 'console.log((Number(process.argv[1])/Number(process.argv[2])).toFixed(4))' "$ours" "$theirs")
ratio_cpu=$(node -e 'console.log((Number(process.argv[1])/Number(process.argv[2])).toFixed(4))' "$ours_cpu" "$theirs_cpu")

report="## Binance order signing + request building, $(date -u +%FT%TZ)
- machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $("$java_home/bin/java" -version 2>&1 | head -1); node $(node --version)
- ours (JMH avgt, SigningBenchmark.signedOrder): **${ours} ns/op**
- ccxt $(node -p 'require("'"$here"'/node_modules/ccxt/package.json").version') binance.sign() (median of 5 x 1 s after 2 s warm-up): **${theirs} ns/op**
- ratio ours / ccxt, wall time: **${ratio}** (target <= 0.1)
- in process CPU time (300 000 ours after 300 000 warm-up; 100 000 ccxt after its rounds): ours **${ours_cpu} ns/op**,
  ccxt **${theirs_cpu} ns/op**, ratio **${ratio_cpu}**
- ccxt detail: ${ccxt_line}"
echo "$report"
if [ $# -ge 1 ]; then echo "$report" >> "$1"; fi
