"""A blocking client for schedd: one TCP (optionally TLS) connection, the `hello` handshake with a token, and the
requests a researcher's script needs most: submit, list the queue, cancel. Requests go one at a time; the reply
kind each expects is the one docs/PROTOCOL.md's table of kinds gives."""
import os
import socket
import ssl
from typing import Iterable, List, Optional

from . import aisched_pb2 as pb
from . import frames
from .config import resolve
from .errors import AischedError

__version__ = "0.1.0"

_ERROR_CODES = {value.number: name[len("ERROR_CODE_"):] for name, value in pb.ErrorCode.DESCRIPTOR.values_by_name.items()}


class Client:
    """A connection to schedd that has said hello. Use `Client.connect(...)`, and `close()` it (or use `with`)."""

    def __init__(self, sock: socket.socket, welcome: pb.Welcome, next_id: int):
        self._sock = sock
        self._next_id = next_id
        self.user = welcome.user
        self.role = welcome.role
        self.server_version = welcome.server_version

    @classmethod
    def connect(cls, server: Optional[str] = None, token: Optional[str] = None, token_file: Optional[str] = None,
                ca_file: Optional[str] = None, timeout: float = 30.0, client_name: str = f"aisched-python {__version__}"):
        """Connects and authenticates. Server and token come from the arguments, else from the environment and
        the config file as aisubmit reads them (see `aisched_client.config`). Raises `AischedError` when schedd
        refuses the token (UNAUTHENTICATED), `ConfigError` when no server or token is given."""
        settings = resolve(server=server, token=token, token_file=token_file, ca_file=ca_file)
        sock = socket.create_connection((settings.host, settings.port), timeout=timeout)
        try:
            if settings.ca_file:
                context = ssl.create_default_context(cafile=settings.ca_file)
                sock = context.wrap_socket(sock, server_hostname=settings.host)
            client = cls(sock, pb.Welcome(), 1)
            welcome = client._call(pb.MESSAGE_KIND_HELLO, pb.Hello(token=settings.token, client_name=client_name),
                                   pb.MESSAGE_KIND_WELCOME, pb.Welcome)
        except BaseException:
            sock.close()
            raise
        client.user, client.role, client.server_version = welcome.user, welcome.role, welcome.server_version
        return client

    def close(self):
        self._sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # Requests

    def submit(self, argv: Iterable[str] = (), script: str = "", name: str = "", workdir: Optional[str] = None,
               **fields) -> int:
        """Submits a job and returns its id. `argv` is a command to run, or the arguments of `script` (a batch
        script run by its #! interpreter). `workdir` is where it runs on the nodes, by default this process's
        current directory (as for aisubmit: schedd refuses a path that is not absolute). Any other `JobSubmission`
        field may be given by name, e.g. `gpus_per_node=8, time_limit_seconds=3600, hold=True`."""
        submission = pb.JobSubmission(argv=list(argv), script=script, name=name,
                                      workdir=os.getcwd() if workdir is None else workdir, **fields)
        reply = self._call(pb.MESSAGE_KIND_SUBMIT_JOB, submission, pb.MESSAGE_KIND_SUBMIT_JOB_REPLY, pb.SubmitJobReply)
        return reply.job_id

    def queue(self, job_ids: Iterable[int] = (), states: Iterable[str] = (), all_users: bool = False,
              include_finished: bool = False) -> List[pb.JobInfo]:
        """The live jobs this token may see (squeue), every page of them, in id order: its own, or everyone's with
        `all_users` (admins). `job_ids` and `states` filter; `include_finished` also lists ended jobs still live."""
        jobs: List[pb.JobInfo] = []
        after = 0
        while True:
            request = pb.QueryJobs(job_ids=list(job_ids), states=list(states), all_users=all_users,
                                   include_finished=include_finished, after_job_id=after, summary=True)
            page = self._call(pb.MESSAGE_KIND_QUERY_JOBS, request, pb.MESSAGE_KIND_JOB_LIST, pb.JobList)
            jobs.extend(page.jobs)
            if not page.more or not page.jobs:
                return jobs
            after = page.jobs[-1].id

    def cancel(self, *job_ids: int, tasks: Iterable[str] = ()) -> List[pb.JobActionResult]:
        """Cancels jobs (and array tasks named "ARRAYID_TASK"); one result per job, with `ok` and why not."""
        request = pb.JobIDList(job_ids=list(job_ids), tasks=list(tasks))
        reply = self._call(pb.MESSAGE_KIND_CANCEL_JOBS, request, pb.MESSAGE_KIND_CANCEL_JOBS_REPLY, pb.JobActionReply)
        return list(reply.results)

    # Frames

    def _call(self, kind: int, message, reply_kind: int, reply_type):
        request_id = self._next_id
        self._next_id += 1
        payload = message.SerializeToString()
        if len(payload) > frames.MAX_PAYLOAD:
            raise frames.FrameError(f"the request is {len(payload)} bytes, over the server's "
                                    f"{frames.MAX_PAYLOAD}-byte maximum")
        self._sock.sendall(frames.encode(kind, request_id, payload))
        while True:
            got_kind, got_id, payload = self._read_frame()
            if got_id == request_id or got_id == 0:
                break
            # Anything else is a push for another request of this connection; this client has none waiting.
        if got_kind == pb.MESSAGE_KIND_ERROR:
            error = pb.ErrorReply.FromString(payload)
            # An unknown code counts as INTERNAL, as the protocol says.
            raise AischedError(_ERROR_CODES.get(error.error_code, "INTERNAL"), error.message, error.hint)
        if got_kind != reply_kind:
            raise frames.FrameError(f"schedd answered kind {got_kind} where kind {reply_kind} was expected")
        return reply_type.FromString(payload)

    def _read_frame(self):
        kind, request_id, length = frames.decode_header(self._read_exactly(frames.HEADER_SIZE))
        return kind, request_id, self._read_exactly(length)

    def _read_exactly(self, count: int) -> bytes:
        chunks = []
        while count > 0:
            chunk = self._sock.recv(min(count, 1 << 16))
            if not chunk:
                raise ConnectionError("schedd closed the connection")
            chunks.append(chunk)
            count -= len(chunk)
        return b"".join(chunks)
