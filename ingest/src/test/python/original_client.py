"""A client written like the original project's user_posting_emulation.py clients.

One posting event at a time, one record per request, with the exact bodies and content types of
those clients: the Kafka batch client POSTs {"records": [{"value": row}]} to /topics/<prefix>.<table>
as application/vnd.kafka.json.v2+json, the streaming client PUTs {"StreamName", "Data",
"PartitionKey"} to /streams/streaming-<prefix>-<table>/record as application/json. Rows are dicts
with the source tables' column names; datetimes go through json.dumps(default=str) as there.

The originals used `requests`; PyPI is not reachable here, so this uses urllib from the standard
library with the same method, headers and body bytes.

    python3 original_client.py BASE_URL TOPIC_PREFIX STREAM_PREFIX EVENTS
    (the API key, if any, comes from the environment variable PINPIPE_API_KEY)

Prints the status code and the JSON answer of every request; exits 1 if any was not 200.
"""
import json
import os
import random
import sys
import urllib.error
import urllib.request
from datetime import datetime
from time import sleep

random.seed(100)


def pin_row(index):
    return {
        "index": index,
        "unique_id": "da8745a6-5160-46c8-8bba-7f2d5d4cf2a1",
        "title": "Ceramic painting ideas",
        "description": "No description available Story format",
        "poster_name": "Ünïcode Crafts",
        "follower_count": "124k",
        "tag_list": "Diy,Crafts,Painting",
        "is_image_or_video": "image",
        "image_src": "https://i.pinimg.com/originals/d4/12/78/d4127833023ca32600571ddca16f1556.jpg",
        "downloaded": 1,
        "save_location": "Local save in /data/diy-and-crafts",
        "category": "diy-and-crafts",
    }


def geo_row(index):
    return {
        "ind": index,
        "timestamp": datetime(2020, 8, 28, 3, 52, 47),
        "latitude": -89.9787,
        "longitude": -173.293,
        "country": "Antarctica (the territory South of 60 deg S)",
    }


def user_row(index):
    return {
        "ind": index,
        "first_name": "Abigail",
        "last_name": "Ali",
        "age": 20,
        "date_joined": datetime(2015, 10, 24, 11, 23, 51),
    }


def send(method, invoke_url, headers, payload):
    """requests.request(method, invoke_url, headers=headers, data=payload), with urllib."""
    key = os.environ.get("PINPIPE_API_KEY")
    if key:
        headers = dict(headers, **{"x-api-key": key})
    request = urllib.request.Request(invoke_url, data=payload.encode("utf-8"), headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode("utf-8"))


def post_to_kafka(base_url, topic_prefix, table, row):
    invoke_url = f"{base_url}/topics/{topic_prefix}.{table}"
    payload = json.dumps({"records": [{"value": row}]}, default=str)
    headers = {"Content-Type": "application/vnd.kafka.json.v2+json"}
    return send("POST", invoke_url, headers, payload)


def put_to_kinesis(base_url, stream_prefix, table, row):
    stream_name = f"streaming-{stream_prefix}-{table}"
    invoke_url = f"{base_url}/streams/{stream_name}/record"
    payload = json.dumps({"StreamName": stream_name, "Data": row, "PartitionKey": "partition-1"}, default=str)
    headers = {"Content-Type": "application/json"}
    return send("PUT", invoke_url, headers, payload)


def run_post_data_loop(base_url, topic_prefix, stream_prefix, events):
    failures = 0
    for _ in range(events):
        sleep(random.randrange(0, 2) / 100)
        random_row = random.randint(0, 11000)
        rows = {"pin": pin_row(random_row), "geo": geo_row(random_row), "user": user_row(random_row)}
        for table, row in rows.items():
            for status_code, answer in (post_to_kafka(base_url, topic_prefix, table, row),
                                        put_to_kinesis(base_url, stream_prefix, table, row)):
                print(status_code, json.dumps(answer))
                if status_code != 200:
                    failures += 1
    return failures


if __name__ == "__main__":
    base_url, topic_prefix, stream_prefix, events = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    sys.exit(1 if run_post_data_loop(base_url.rstrip("/"), topic_prefix, stream_prefix, events) else 0)
