# shellcheck shell=bash
# Sourced by bin/pinpipe and bin/pinpipe-bench: the JVM flags a runner jar needs.
#   runner_jvm_opts <direct|flink|spark>   sets the array RUNNER_JVM_OPTS

# shellcheck source=SCRIPTDIR/spark-add-opens.sh
. "$(dirname "${BASH_SOURCE[0]}")/spark-add-opens.sh"

runner_jvm_opts() {
  RUNNER_JVM_OPTS=()
  if [[ "$1" == spark ]]; then
    RUNNER_JVM_OPTS=("${SPARK_ADD_OPENS[@]}")
  fi
}
