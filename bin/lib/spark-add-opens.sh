# shellcheck shell=bash
# The JVM flags Spark 3.5 needs on Java 17, where it reflects into JDK internals; without them:
#   IllegalAccessError: class org.apache.spark.storage.StorageUtils$ cannot access class sun.nio.ch.DirectBuffer
# Sourced by bin/pinpipe (the Spark driver) and bin/pinpipe-stack (master and worker). The same list is
# the spark.add-opens property of the parent pom.xml, for the tests: keep the two equal.
SPARK_ADD_OPENS=()
for _package in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
    java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  SPARK_ADD_OPENS+=("--add-opens=java.base/$_package=ALL-UNNAMED")
done
unset _package
