"""A minimal Python client for aisched's schedd: connect with a token, submit, list the queue, cancel.

    from aisched_client import Client
    with Client.connect() as schedd:          # AISCHED_SERVER / AISCHED_TOKEN or ~/.config/aisched/config
        job = schedd.submit(["python3", "train.py"], gpus_per_node=8, time_limit_seconds=3600)
        print([j.state for j in schedd.queue(job_ids=[job])])
        schedd.cancel(job)

The messages are generated from the same aisched.proto as the Swift code (aisched_pb2, by
scripts/generate-protocol.sh)."""
from . import aisched_pb2
from .client import Client, __version__
from .config import resolve
from .errors import AischedError, ConfigError
from .frames import FrameError

__all__ = ["Client", "AischedError", "ConfigError", "FrameError", "aisched_pb2", "resolve", "__version__"]
