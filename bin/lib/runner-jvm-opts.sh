# Sourced by bin/pinpipe and bin/pinpipe-bench: the JVM flags a runner jar needs.
#   runner_jvm_opts <direct|flink|spark>   sets the array RUNNER_JVM_OPTS

runner_jvm_opts() {
  RUNNER_JVM_OPTS=()
  # Spark 3.5 on Java 17 reflects into JDK internals; the same list as spark.add-opens in runners/spark/pom.xml.
  if [[ "$1" == spark ]]; then
    local package
    for package in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
        java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
      RUNNER_JVM_OPTS+=("--add-opens=java.base/$package=ALL-UNNAMED")
    done
  fi
}
