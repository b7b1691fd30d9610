#!/usr/bin/env bash
# Coverage-guided fuzzing of the package parsers (CSAR archive, TOSCA.meta, manifest, descriptors) and the usage
# policy parser with Jazzer: each *FuzzTest of packages/ and ledger/ fuzzes for SECONDS (default 300), one JVM at a
# time, with a bounded heap and RSS and a per-input timeout (pom.xml: vnfx.fuzz.*). `mvn verify` does the same for
# 8 s a target; this is the long run.
#
#   scripts/fuzz.sh [SECONDS-PER-TARGET] [TEST-PATTERN]      e.g. scripts/fuzz.sh 600 ManifestFuzzTest
#
# A finding (an exception other than the parser's own refusal, a hang, an out-of-memory) fails the run; Jazzer
# saves the input as crash-<sha1> in the test's <TestClass>Inputs/<method>/ folder under src/test/resources, where
# every later `mvn verify` replays it: fix the parser, keep the input. The corpus each run grows is kept in
# packages/.cifuzz-corpus and ledger/.cifuzz-corpus (not committed) so that the next run starts from it.
# MVN_ARGS passes options to Maven (e.g. MVN_ARGS="-o -Dmaven.repo.local=/tmp/m2").
set -euo pipefail
seconds=${1:-300}
tests=${2:-*FuzzTest}
cd "$(dirname "$0")/.."
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} install -DskipTests -pl packages,ledger -am
status=0
log=target-fuzz.log   # libFuzzer writes to the JVM's stderr itself, so its statistics are in Maven's output
# -fae: a finding in one module does not stop the other's targets; -Pfuzz: the fuzzing execution; -Dtest=none: no unit test (it also keeps the profile from switching itself off)
# shellcheck disable=SC2086
mvn -B -fae ${MVN_ARGS:-} verify -pl packages,ledger -Pfuzz -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dvnfx.fuzz.seconds="$seconds" -Dvnfx.fuzz.tests="$tests" -Dvnfx.fuzz.verbosity=1 2>&1 | tee "$log" || status=$?   # pipefail: Maven's status
# One line per target: runs and seconds, then coverage (edges, features), corpus, executions per second, peak RSS.
echo
echo "== fuzzing summary ($seconds s a target; the whole log: $log)"
awk '/\[INFO\] Running org\.vnfx/ { target = $3 }
     /^#[0-9]+[ \t]+DONE/ { sub(/^#[0-9]+[ \t]+DONE +/, ""); last[target] = $0 }
     /^Done [0-9]+ runs/ { print target ": " $0 " | " last[target] }
     /== Java Exception|ERROR: libFuzzer|Test unit written|Tests run:.*(Failures: [1-9]|Errors: [1-9])/ { print target ": " $0 }' "$log"
exit $status
