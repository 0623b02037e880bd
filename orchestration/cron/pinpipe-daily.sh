#!/usr/bin/env bash
# pinpipe's daily batch job without Airflow: land, then clean + analytics.
#
# crontab -e, then (every day at 02:15, output to a log):
#   15 2 * * * /opt/pinpipe/orchestration/cron/pinpipe-daily.sh >> /var/log/pinpipe-daily.log 2>&1
#
# Settings come from the environment (or /etc/default/pinpipe, sourced when present); AWS uses its
# default credential chain, a database password comes from PINPIPE_JDBC_PASSWORD.
set -euo pipefail

[[ -f /etc/default/pinpipe ]] && . /etc/default/pinpipe
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runner=${PINPIPE_RUNNER:-DirectRunner}
kafka=${PINPIPE_KAFKA_BOOTSTRAP:-127.0.0.1:19092}
landing=${PINPIPE_LANDING_ROOT:?set PINPIPE_LANDING_ROOT, e.g. s3://pinpipe/landing}
lake=${PINPIPE_LAKE_ROOT:?set PINPIPE_LAKE_ROOT, e.g. s3://pinpipe/lake}
# shellcheck disable=SC2086 # PINPIPE_EXTRA_OPTIONS is a list of options
"$home/bin/pinpipe" land --mode=batch --kafkaBootstrap="$kafka" --output="$landing" --runner="$runner" ${PINPIPE_EXTRA_OPTIONS:-}
# shellcheck disable=SC2086
"$home/bin/pinpipe" batch --source=raw --input="$landing" --output="$lake" --runner="$runner" ${PINPIPE_EXTRA_OPTIONS:-}
