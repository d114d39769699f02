#!/usr/bin/env bash
# Proves the BOM works for an application: installs the library into an empty temporary local repository,
# then resolves a consumer pom that imports ONLY speakr-token-bom and declares every artifact the BOM lists
# without a version. Passes when each resolves at the project's version and the installed BOM carries no
# parent and no third-party version.
#
# Usage, from anywhere in the repository:    scripts/check-bom-consumer.sh
#   SPEAKR_MODULES=speakr-token-core,speakr-token-testkit scripts/check-bom-consumer.sh   (a subset)
# Third-party artifacts are copied from ~/.m2/repository (or SPEAKR_SEED_REPO) when there, else from Central;
# ~/.m2 itself is not written to.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seed="${SPEAKR_SEED_REPO:-$HOME/.m2/repository}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/repo"

version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
# Every artifact the BOM manages, in its order.
mapfile -t managed < <(sed -n '/^  <dependencyManagement>/,/^  <\/dependencyManagement>/p' "$root/speakr-token-bom/pom.xml" \
  | sed -n 's:.*<artifactId>\(.*\)</artifactId>.*:\1:p')
if [ -n "${SPEAKR_MODULES:-}" ]; then
  IFS=, read -r -a wanted <<< "$SPEAKR_MODULES"
else
  wanted=("${managed[@]}")
fi
echo "version $version; BOM lists: ${managed[*]}; checking: ${wanted[*]}"

cat > "$work/settings.xml" <<XML
<settings>
  <profiles>
    <profile>
      <id>seed</id>
      <repositories>
        <repository><id>seed</id><url>file://$seed</url><snapshots><enabled>false</enabled></snapshots></repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository><id>seed</id><url>file://$seed</url><snapshots><enabled>false</enabled></snapshots></pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>seed</activeProfile></activeProfiles>
</settings>
XML
mvn_tmp() { mvn -B -q -s "$work/settings.xml" -Dmaven.repo.local="$repo" "$@"; }

modules="speakr-token-bom,$(IFS=,; echo "${wanted[*]}")"
echo "installing $modules into $repo"
(cd "$root" && mvn_tmp -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl "$modules" -am install)

bom="$repo/org/speakr/speakr-token-bom/$version/speakr-token-bom-$version.pom"
if grep -q '<parent>' "$bom"; then echo "FAIL: installed BOM has a <parent>: $bom" >&2; exit 1; fi
foreign="$(sed -n '/^  <dependencyManagement>/,/^  <\/dependencyManagement>/p' "$bom" | grep '<groupId>' | grep -v '<groupId>org.speakr</groupId>' || true)"
if [ -n "$foreign" ]; then echo "FAIL: installed BOM manages third-party artifacts:$foreign" >&2; exit 1; fi

mkdir -p "$work/consumer"
{
  cat <<XML
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
  <artifactId>bom-consumer</artifactId>
  <version>1</version>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.speakr</groupId>
        <artifactId>speakr-token-bom</artifactId>
        <version>$version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
XML
  for a in "${wanted[@]}"; do
    printf '    <dependency><groupId>org.speakr</groupId><artifactId>%s</artifactId></dependency>\n' "$a"
  done
  echo '  </dependencies>'
  echo '</project>'
} > "$work/consumer/pom.xml"

(cd "$work/consumer" && mvn_tmp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list \
  -DoutputFile="$work/deps.txt" -DincludeGroupIds=org.speakr -DoutputAbsoluteArtifactFilename=false)
echo "consumer resolved:"
grep 'org.speakr:' "$work/deps.txt" | sed 's/^ */  /'
fail=0
for a in "${wanted[@]}"; do
  if ! grep -q "org.speakr:$a:jar:$version:compile" "$work/deps.txt"; then
    echo "FAIL: $a not resolved at $version" >&2
    fail=1
  fi
done
others="$(grep 'org.speakr:' "$work/deps.txt" | grep -v ":$version:" || true)"
if [ -n "$others" ]; then echo "FAIL: org.speakr artifacts at another version: $others" >&2; fail=1; fi
[ "$fail" -eq 0 ] && echo "OK: ${#wanted[@]} artifacts resolved through the BOM alone, all at $version"
exit "$fail"
