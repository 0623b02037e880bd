# shellcheck shell=bash
# Endpoints of the local stack started by bin/pinpipe-stack. Source it:
#
#   . stack/env.sh
#
# Every port can be changed by setting its variable before sourcing this file (or before running
# bin/pinpipe-stack, which sources it too, so the two always agree). Only loopback addresses are
# used: point every client at 127.0.0.1.

export PINPIPE_KAFKA_PORT="${PINPIPE_KAFKA_PORT:-19092}"
export PINPIPE_KAFKA_CONTROLLER_PORT="${PINPIPE_KAFKA_CONTROLLER_PORT:-19093}"
export PINPIPE_S3_PORT="${PINPIPE_S3_PORT:-19000}"
export PINPIPE_KINESIS_PORT="${PINPIPE_KINESIS_PORT:-4568}"          # plain HTTP: the one clients use
export PINPIPE_KINESIS_TLS_PORT="${PINPIPE_KINESIS_TLS_PORT:-4567}"  # TLS: opened by the mock, not used
export PINPIPE_MARIADB_PORT="${PINPIPE_MARIADB_PORT:-3306}"
export PINPIPE_POSTGRES_PORT="${PINPIPE_POSTGRES_PORT:-5432}"
export PINPIPE_ICEBERG_PORT="${PINPIPE_ICEBERG_PORT:-19120}"           # Iceberg REST catalog
# The PostgreSQL database of the REST catalog's JDBC backend: a stack with its own S3Proxy (another
# state dir) needs its own database, or its catalog would name metadata files the other one holds.
export PINPIPE_ICEBERG_DB="${PINPIPE_ICEBERG_DB:-iceberg_catalog}"
# Optional members (bin/pinpipe-stack up --with-flink --with-spark, or up flink spark):
export PINPIPE_FLINK_RPC_PORT="${PINPIPE_FLINK_RPC_PORT:-16123}"       # JobManager RPC
export PINPIPE_FLINK_REST_PORT="${PINPIPE_FLINK_REST_PORT:-18081}"     # REST + web UI: what --flinkMaster names
export PINPIPE_FLINK_BLOB_PORT="${PINPIPE_FLINK_BLOB_PORT:-16124}"
export PINPIPE_FLINK_TM_RPC_PORT="${PINPIPE_FLINK_TM_RPC_PORT:-16125}" # TaskManager RPC
export PINPIPE_FLINK_TM2_RPC_PORT="${PINPIPE_FLINK_TM2_RPC_PORT:-16126}" # the second TaskManager's RPC
export PINPIPE_SPARK_MASTER_PORT="${PINPIPE_SPARK_MASTER_PORT:-17077}"
export PINPIPE_SPARK_MASTER_UI_PORT="${PINPIPE_SPARK_MASTER_UI_PORT:-18080}"
export PINPIPE_SPARK_WORKER_UI_PORT="${PINPIPE_SPARK_WORKER_UI_PORT:-18082}"

export PINPIPE_KAFKA_BOOTSTRAP="127.0.0.1:${PINPIPE_KAFKA_PORT}"
export PINPIPE_S3_ENDPOINT="http://127.0.0.1:${PINPIPE_S3_PORT}"
export PINPIPE_KINESIS_ENDPOINT="http://127.0.0.1:${PINPIPE_KINESIS_PORT}"
export PINPIPE_MARIADB_JDBC_URL="jdbc:mariadb://127.0.0.1:${PINPIPE_MARIADB_PORT}/pinterest_data"
export PINPIPE_POSTGRES_JDBC_URL="jdbc:postgresql://127.0.0.1:${PINPIPE_POSTGRES_PORT}/pinterest_data"
export PINPIPE_FLINK_MASTER="127.0.0.1:${PINPIPE_FLINK_REST_PORT}"
export PINPIPE_SPARK_MASTER="spark://127.0.0.1:${PINPIPE_SPARK_MASTER_PORT}"
export PINPIPE_ICEBERG_URI="http://127.0.0.1:${PINPIPE_ICEBERG_PORT}"
export PINPIPE_ICEBERG_WAREHOUSE="s3://warehouse/"                   # bucket "warehouse" on the stack's S3Proxy

# Dummy credentials of the local S3Proxy: they only guard a server on 127.0.0.1 and are not
# secrets. kinesis-mock accepts any signature (a 12-digit access key id selects the account).
export PINPIPE_S3_ACCESS_KEY="${PINPIPE_S3_ACCESS_KEY:-local-identity}"
export PINPIPE_S3_SECRET_KEY="${PINPIPE_S3_SECRET_KEY:-local-credential}"
