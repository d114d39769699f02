#!/usr/bin/env bash
# Compares the public API of this working tree with another commit's, module by module, with japicmp
# (profile api-local of the parent pom). Until 0.1.0 is on Maven Central this is the API check; after it,
# use the api-baseline profile (see CONTRIBUTING.md).
#
# Usage: scripts/api-diff.sh <git-ref> [module,...]     e.g. scripts/api-diff.sh HEAD~3
#   -Dspeakr.api.failOnBreak=true in SPEAKR_API_ARGS makes an incompatible change fail the run.
# The old commit is built in a temporary clone (package only: nothing is installed into ~/.m2); only
# modules present in both trees are compared. Reports: <module>/target/japicmp/api-local.{diff,html,md}.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ref="${1:?usage: scripts/api-diff.sh <git-ref> [module,...]}"
modules="${2:-speakr-token-core,speakr-token-testkit,speakr-token-servlet,speakr-token-jdbc}"
sha="$(git -C "$root" rev-parse --verify "$ref^{commit}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git clone -q --no-checkout "$root" "$work/old"
git -C "$work/old" checkout -q "$sha"
present=()
IFS=, read -r -a wanted <<< "$modules"
for m in "${wanted[@]}"; do
  if [ -f "$work/old/$m/pom.xml" ] && [ -f "$root/$m/pom.xml" ]; then present+=("$m"); else echo "skipping $m (not in both trees)"; fi
done
[ "${#present[@]}" -gt 0 ] || { echo "no module in both trees" >&2; exit 1; }
list="$(IFS=,; echo "${present[*]}")"

echo "building ${sha:0:12} ($ref): $list"
(cd "$work/old" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl "$list" -am package)
mkdir -p "$work/jars"
for m in "${present[@]}"; do
  jar="$(find "$work/old/$m/target" -maxdepth 1 -name "$m-*.jar" ! -name '*-sources.jar' ! -name '*-javadoc.jar' ! -name '*-tests.jar' | head -1)"
  cp "$jar" "$work/jars/$m.jar"
done

echo "comparing with the working tree"
(cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Papi-local \
  -Dspeakr.api.oldDir="$work/jars" ${SPEAKR_API_ARGS:-} -pl "$list" -am verify)
for m in "${present[@]}"; do
  report="$root/$m/target/japicmp/api-local.diff"
  echo "== $m: $report"
  if [ -f "$report" ]; then head -40 "$report"; else echo "(no report written)"; fi
done
