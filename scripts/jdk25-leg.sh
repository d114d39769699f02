#!/usr/bin/env bash
# CI's JDK 25 leg (called by .ci/run after the JDK 17 suite): the library modules rebuilt with javac 25
# (still --release 17, -Werror where speakr.strict is on) and their tests run on JDK 25. Prints per-module
# test counts, the leg's time and a closing "jdk25: N passed, N failed, N skipped" line.
# Sources, Javadoc and the examples are the JDK 17 leg's job; this one is about compiling and running.
# Usage: scripts/jdk25-leg.sh            (SPEAKR_JDK25_MODULES=a,b for a subset; JDK25_HOME for another JDK)
set -euo pipefail
cd "$(dirname "$0")/.."
jdk25="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jdk25_modules="${SPEAKR_JDK25_MODULES:-speakr-token-core,speakr-token-testkit,speakr-token-servlet,speakr-token-jdbc,speakr-token-spring-boot-starter}"
if [ ! -x "$jdk25/bin/java" ]; then
  echo "JDK 25 leg: $jdk25 is missing" >&2
  exit 1
fi
leg_start=$(date +%s)
JAVA_HOME="$jdk25" mvn -B -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl "$jdk25_modules" -am clean verify
leg_seconds=$(( $(date +%s) - leg_start ))

# Test counts of the JDK 25 leg, from the Surefire reports it just wrote: tests failures errors skipped.
suite_counts() {
  # Counted from <testcase> elements: a JUnit 5 class with @Nested classes reports tests="0" on its suite.
  local reports=("$1"/target/surefire-reports/TEST-*.xml)
  [ -e "${reports[0]}" ] || { echo 0 0 0 0; return; }
  echo "$(cat "${reports[@]}" | grep -o '<testcase ' | wc -l)" \
       "$(cat "${reports[@]}" | grep -oE '<failure[ >/]' | wc -l)" \
       "$(cat "${reports[@]}" | grep -oE '<error[ >/]' | wc -l)" \
       "$(cat "${reports[@]}" | grep -oE '<skipped[ >/]' | wc -l)"
}
total_pass=0; total_fail=0; total_skip=0
IFS=, read -r -a leg <<< "$jdk25_modules"
for m in "${leg[@]}"; do
  read -r t f e s < <(suite_counts "$m")
  pass=$(( t - f - e - s ))
  echo "JDK 25 $m: $t tests, $pass passed, $(( f + e )) failed, $s skipped"
  total_pass=$(( total_pass + pass )); total_fail=$(( total_fail + f + e )); total_skip=$(( total_skip + s ))
done
echo "JDK 25 leg took ${leg_seconds}s"
echo "jdk25: $total_pass passed, $total_fail failed, $total_skip skipped"
