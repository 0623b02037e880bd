# shellcheck shell=bash
# Sourced by bin/pinpipe and bin/pinpipe-bench: the JVM flags a runner jar needs.
#   runner_jvm_opts <direct|flink|spark> [command]   sets the array RUNNER_JVM_OPTS
# PINPIPE_JAVA_OPTS, placed after these by the callers, overrides any of them.

# shellcheck source=SCRIPTDIR/spark-add-opens.sh
. "$(dirname "${BASH_SOURCE[0]}")/spark-add-opens.sh"

runner_jvm_opts() {
  RUNNER_JVM_OPTS=()
  if [[ "$1" == spark ]]; then
    RUNNER_JVM_OPTS=("${SPARK_ADD_OPENS[@]}")
  fi
  if [[ "${2:-}" == demo ]]; then
    # The demo is over in seconds: the C2 compiler's work (measured: ~30 of its 36 CPU seconds on
    # two cores) costs more than the faster code it would bring. C1 alone halves the demo's CPU.
    RUNNER_JVM_OPTS+=(-XX:TieredStopAtLevel=1)
  fi
}
