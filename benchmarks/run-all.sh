#!/usr/bin/env bash
# Runs every measurement of benchmarks/RESULTS.md in sequence (about 20 minutes on 2 cores) and keeps the
# logs in benchmarks/target/results/. Not part of CI. Needs wrk (apt-get install -y wrk).
# Usage, from the repository root: benchmarks/run-all.sh [repeats=3]
# JMH runs are repeated as separate single-fork invocations, so that each repeat measures the benchmark and
# its baseline within about a minute of each other; RESULTS.md takes the median and range of the repeats.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-3}"
out=benchmarks/target/results
mvn -B -q -pl benchmarks -am package -DskipTests
mkdir -p "$out"
jar=benchmarks/target/benchmarks.jar
{ date -u; cat /proc/loadavg; java -version 2>&1; nproc; grep -m1 'model name' /proc/cpuinfo; } > "$out/machine.txt"

for i in $(seq "$repeats"); do
  java -jar "$jar" '\.AuthenticateBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc 2>&1 | tee "$out/authenticate-$i.txt"
done
java -jar "$jar" CreateBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc 2>&1 | tee "$out/create.txt"
for i in $(seq 2); do
  java -jar "$jar" UncachedAuthenticateBenchmark -f 1 -wi 6 -w 2s -i 5 -r 2s 2>&1 | tee "$out/uncached-$i.txt"
done
java -Xms2g -Xmx2g -cp "$jar" org.speakr.token.benchmarks.HttpLoadComparison 5 10 16 5 2>&1 | tee "$out/http.txt"
java -Xms2g -Xmx2g -cp "$jar" org.speakr.token.benchmarks.BootLoadComparison 8 10 16 60 2>&1 | tee "$out/boot.txt"
java -Xms1g -Xmx1g -cp "$jar" org.speakr.token.benchmarks.LastUsedUnderLoad 30 5 2>&1 | tee "$out/last-used.txt"
java -Xms2g -Xmx2g -cp "$jar" org.speakr.token.benchmarks.CacheFootprint 5 2>&1 | tee "$out/footprint.txt"
{ date -u; cat /proc/loadavg; } >> "$out/machine.txt"
