"""pinpipe's daily batch job for Apache Airflow.

Lands yesterday's Kafka records in the landing zone, then runs the batch job (clean + analytics) on
the runner named by the Airflow Variable ``pinpipe_runner`` (DirectRunner, FlinkRunner or
SparkRunner). Every path and endpoint comes from Airflow Variables, so no credentials live here:
AWS uses its default credential chain on the worker; a database password, if any, comes from the
worker's environment (PINPIPE_JDBC_PASSWORD).

Install: copy this file into the DAGs folder of an Airflow 2.x deployment whose workers have a
checkout of pinpipe at the Variable ``pinpipe_home`` (Java 17 and Maven present).
"""

import shlex
import subprocess
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.models import Variable
from airflow.operators.python import PythonOperator

PINPIPE_HOME = Variable.get("pinpipe_home", default_var="/opt/pinpipe")
RUNNER = Variable.get("pinpipe_runner", default_var="DirectRunner")
KAFKA = Variable.get("pinpipe_kafka_bootstrap", default_var="127.0.0.1:19092")
LANDING = Variable.get("pinpipe_landing_root", default_var="s3://pinpipe/landing")
LAKE = Variable.get("pinpipe_lake_root", default_var="s3://pinpipe/lake")
EXTRA = Variable.get("pinpipe_extra_options", default_var="")  # e.g. --awsRegion=eu-west-1

# The exact commands the tests run (see orchestration/cron/pinpipe-daily.sh and OrchestrationTest).
LAND = (
    f"{PINPIPE_HOME}/bin/pinpipe land --mode=batch --kafkaBootstrap={KAFKA} "
    f"--output={LANDING} --runner={RUNNER} {EXTRA}"
)
BATCH = (
    f"{PINPIPE_HOME}/bin/pinpipe batch --source=raw --input={LANDING} "
    f"--output={LAKE} --runner={RUNNER} {EXTRA}"
)

# pinpipe's exit codes: 0 done, 1 failed (worth a retry: a server away, a lost connection),
# 2 refused (a bad option, a wrong or empty input, a run over less input than the current tables):
# the same command would be refused again, so the task fails at once, without retries.
REFUSED = 2


def run_pinpipe(command):
    exit_code = subprocess.run(shlex.split(command), check=False).returncode
    if exit_code == REFUSED:
        raise AirflowFailException(f"pinpipe refused the run (exit 2); its one-line reason is in the log: {command}")
    if exit_code != 0:
        raise AirflowException(f"pinpipe failed with exit code {exit_code}: {command}")


with DAG(
    dag_id="pinpipe_daily",
    description="Kafka -> landing zone -> curated tables -> the eight batch questions",
    schedule="@daily",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["pinpipe"],
) as dag:
    land = PythonOperator(task_id="land", python_callable=run_pinpipe, op_args=[LAND])
    batch = PythonOperator(task_id="batch", python_callable=run_pinpipe, op_args=[BATCH])
    land >> batch
