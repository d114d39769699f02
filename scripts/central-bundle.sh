#!/usr/bin/env bash
# Builds the bundle for the Central Portal (https://central.sonatype.com) without contacting it:
# mvn -Prelease deploy stages every published artifact (parent, bom, core, servlet, jdbc, testkit: jar,
# -sources, -javadoc, pom, CycloneDX SBOM, .md5/.sha1, and .asc when a key is named) in target/staging-deploy;
# this script zips that repository layout, without maven-metadata files, into target/central-bundle.zip.
# Upload it by hand in the Portal ("Publish Component"); nothing here reaches the internet.
#
# Usage: scripts/central-bundle.sh [-Dgpg.keyname=KEYID] [other Maven flags]   (SPEAKR_MODULES=a,b for a subset)
# The Portal accepts release versions only: a -SNAPSHOT bundle is for checking the contents.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rm -rf target/staging-deploy target/central-bundle.zip
modules="${SPEAKR_MODULES:-speakr-token-bom,speakr-token-core,speakr-token-testkit,speakr-token-servlet,speakr-token-jdbc}"
mvn -B -q -Prelease -DskipTests "$@" -pl "$modules" -am deploy
(cd target/staging-deploy && zip -q -r ../central-bundle.zip . -x '*maven-metadata*')
unzip -l target/central-bundle.zip
