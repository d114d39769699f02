#!/usr/bin/env bash
# Proves the library build is reproducible: builds one commit twice, in two fresh clones at two different
# paths, with -DskipTests, and compares every jar (classes, -sources, -javadoc) and the BOM's flattened pom
# byte for byte. Exit 0 = identical. Takes about 2 x the package time of the modules (see CONTRIBUTING.md).
#
# Usage, from anywhere in the repository:
#   scripts/check-reproducible.sh [commit]          # default HEAD; uncommitted changes are not part of it
#   SPEAKR_MODULES=speakr-token-core,speakr-token-testkit scripts/check-reproducible.sh
# Both builds share ~/.m2 for third-party artifacts; `package` installs nothing there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
commit="${1:-HEAD}"
modules="${SPEAKR_MODULES:-speakr-token-bom,speakr-token-core,speakr-token-testkit,speakr-token-servlet,speakr-token-jdbc}"
sha="$(git -C "$root" rev-parse --verify "$commit^{commit}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for n in 1 2; do
  git clone -q --no-checkout "$root" "$work/build-$n"
  git -C "$work/build-$n" checkout -q "$sha"
  echo "build $n of ${sha:0:12} in $work/build-$n"
  (cd "$work/build-$n" && mvn -B -q -DskipTests -pl "$modules" -am package)
done

compared=0
differ=0
cd "$work/build-1"
while IFS= read -r f; do
  compared=$((compared + 1))
  if cmp -s "$f" "$work/build-2/$f"; then
    printf '  same     %s  %s\n' "$(sha256sum "$f" | cut -c1-16)" "$f"
  else
    differ=$((differ + 1))
    printf '  DIFFERS  %s\n' "$f"
    if [[ "$f" == *.jar ]]; then
      diff <(unzip -lv "$f" | awk '{print $7, $8}') <(unzip -lv "$work/build-2/$f" | awk '{print $7, $8}') | head -20 || true
    fi
  fi
done < <(find . -path ./.git -prune -o -path '*/target/*' \( -name '*.jar' -o -name '.flattened-pom.xml' \) -print | sort)

if [ "$compared" -eq 0 ]; then
  echo "no artifacts found: nothing was compared" >&2
  exit 1
fi
echo "$compared artifacts compared, $differ differ"
[ "$differ" -eq 0 ]
