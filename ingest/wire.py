"""The sandbox's wire format: JSON, never pickle.

The child process parses hostile files; if a parser were ever exploited, a
pickle sent back to the parent would execute code there. JSON carries only data.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from contract.records import Document, Part


def encode_job(job: dict[str, Any]) -> bytes:
    body = dict(job)
    body["data"] = base64.b64encode(job["data"]).decode("ascii")
    return json.dumps(body).encode("utf-8")


def decode_job(frame: bytes) -> dict[str, Any]:
    job = json.loads(frame)
    job["data"] = base64.b64decode(job["data"])
    return job


def encode_jobs(jobs: list[dict[str, Any]]) -> bytes:
    """Several jobs in one frame: one round trip, one child for the lot.

    See ingest.extraction_child.
    """
    bodies = [{**job, "data": base64.b64encode(job["data"]).decode("ascii")} for job in jobs]
    return json.dumps({"jobs": bodies}).encode("utf-8")


def decode_jobs(frame: bytes) -> list[dict[str, Any]]:
    """The jobs of a frame from `encode_jobs`, or the one job of a frame from `encode_job`."""
    body = json.loads(frame)
    jobs = body.get("jobs", [body])
    for job in jobs:
        job["data"] = base64.b64decode(job["data"])
    return jobs


def encode_answer(status: str, value: object) -> bytes:
    if isinstance(value, Document):
        payload: object = asdict(value)
        if value.received is not None:
            payload["received"] = value.received.isoformat()  # type: ignore[index]
    else:
        payload = str(value)
    return json.dumps({"status": status, "value": payload}).encode("utf-8")


def decode_answer(frame: bytes) -> tuple[str, object]:
    answer = json.loads(frame)
    status, value = answer["status"], answer["value"]
    if status == "ok":
        received = value.get("received")
        value = Document(
            **{
                **value,
                "received": datetime.fromisoformat(received) if received else None,
                "headers": tuple(tuple(pair) for pair in value.get("headers", ())),
                "parts": tuple(Part(**part) for part in value.get("parts", ())),
            }
        )
    return status, value
