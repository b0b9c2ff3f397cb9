#!/usr/bin/env bash
# Builds what the sandpit needs (quietly, skipping tests) and starts it. Arguments go to the sandpit: --help lists them.
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B -Dstyle.color=never -pl sandpit -am package -DskipTests
exec java -jar sandpit/target/nhs-login-sandpit.jar "$@"
