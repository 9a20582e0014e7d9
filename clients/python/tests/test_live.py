"""The Python client against a real schedd on loopback: handshake, submit, list, cancel, and the errors a user
sees. scripts/test.sh runs it after the Swift build with AISCHED_BIN_DIR set to the built executables:

    AISCHED_BIN_DIR=$(swift build --show-bin-path) python3 -m unittest discover -s clients/python/tests -v
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from aisched_client import AischedError, Client, ConfigError  # noqa: E402
from aisched_client import aisched_pb2 as pb  # noqa: E402


def bin_dir() -> str:
    # AISCHED_BIN_DIR as scripts/test.sh sets it, else the debug build of this checkout (`.build/debug` is SwiftPM's
    # link to it), where the Swift integration tests look too.
    repository = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
    path = os.environ.get("AISCHED_BIN_DIR") or os.path.join(repository, ".build", "debug")
    if not os.access(os.path.join(path, "schedd"), os.X_OK):
        raise RuntimeError(f"no schedd in {path}: set AISCHED_BIN_DIR to the folder with the built schedd "
                           "(`swift build` first; scripts/test.sh sets it)")
    return path


class LiveScheddTests(unittest.TestCase):
    """One schedd for the class, with a fresh state directory, killed at the end."""

    @classmethod
    def setUpClass(cls):
        cls.bin = bin_dir()
        cls.root = tempfile.mkdtemp(prefix="aisched-python-")
        cls.state = os.path.join(cls.root, "state")
        cls.log = open(os.path.join(cls.root, "schedd.log"), "wb")
        cls.schedd = subprocess.Popen([os.path.join(cls.bin, "schedd"), "--state-dir", cls.state,
                                       "--listen", "127.0.0.1:0", "--heartbeat-seconds", "1"],
                                      stdout=cls.log, stderr=subprocess.STDOUT)
        address_file = os.path.join(cls.state, "schedd.addr")
        deadline = time.monotonic() + 30
        cls.server = None
        while time.monotonic() < deadline and cls.schedd.poll() is None:
            if os.path.exists(address_file):
                text = open(address_file, encoding="utf-8").read()
                if text.endswith("\n"):
                    cls.server = text.strip()
                    break
            time.sleep(0.05)
        if cls.server is None:
            cls.tearDownClass()
            raise RuntimeError("schedd did not start; its log:\n" + open(os.path.join(cls.root, "schedd.log")).read())
        cls.user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
        cls.token = cls.issue(cls.user, "user")
        cls.admin_token = cls.issue("root-admin", "admin")

    @classmethod
    def issue(cls, user: str, role: str) -> str:
        result = subprocess.run([os.path.join(cls.bin, "schedd"), "token", "issue", "--state-dir", cls.state,
                                 "--user", user, "--role", role], capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"schedd token issue failed: {result.stderr}")
        return result.stdout.strip()

    @classmethod
    def tearDownClass(cls):
        cls.schedd.terminate()
        try:
            cls.schedd.wait(timeout=10)
        except subprocess.TimeoutExpired:
            cls.schedd.kill()
            cls.schedd.wait()
        cls.log.close()
        shutil.rmtree(cls.root, ignore_errors=True)

    def connect(self, token=None) -> Client:
        return Client.connect(server=self.server, token=token or self.token, timeout=10)

    def test_handshake_says_who_the_token_is(self):
        with self.connect() as schedd:
            self.assertEqual(schedd.user, self.user)
            self.assertEqual(schedd.role, "user")
            self.assertTrue(schedd.server_version)

    def test_submit_list_and_cancel_a_job(self):
        with self.connect() as schedd:
            job = schedd.submit(["sleep", "600"], name="from-python", workdir=self.root, hold=True,
                                cpus_per_node=1, time_limit_seconds=600)
            self.assertGreater(job, 0)
            listed = {j.id: j for j in schedd.queue()}
            self.assertIn(job, listed)
            self.assertEqual(listed[job].state, "PENDING")
            self.assertEqual(listed[job].name, "from-python")
            self.assertEqual(listed[job].user, self.user)
            self.assertTrue(listed[job].held)

            results = schedd.cancel(job)
            self.assertEqual([(r.job_id, r.ok) for r in results], [(job, True)])
            after = schedd.queue(job_ids=[job], include_finished=True)
            self.assertEqual([(j.id, j.state) for j in after], [(job, "CANCELLED")])
            # A cancelled job is no longer in the live queue's default listing (non-terminal states only).
            self.assertNotIn(job, [j.id for j in schedd.queue()])

    def test_a_listing_of_many_jobs_comes_back_whole(self):
        with self.connect() as schedd:
            jobs = [schedd.submit(["true"], workdir=self.root, hold=True) for _ in range(5)]
            self.assertTrue(set(jobs) <= {j.id for j in schedd.queue()})
            self.assertEqual({r.job_id for r in schedd.cancel(*jobs) if r.ok}, set(jobs))

    def test_errors_come_back_with_code_and_hint(self):
        with self.connect() as schedd:
            with self.assertRaises(AischedError) as refused:
                schedd.submit([], workdir=self.root)  # neither a command nor a script
            self.assertEqual(refused.exception.code, "INVALID_REQUEST")
            with self.assertRaises(AischedError) as missing:
                schedd.queue(job_ids=[987654])
            self.assertEqual(missing.exception.code, "NOT_FOUND")
            self.assertIn("aisubmit queue", missing.exception.hint)
            # Other users' jobs are not this token's to see, let alone cancel.
            with Client.connect(server=self.server, token=self.admin_token, timeout=10) as admin:
                other = admin.submit(["true"], workdir=self.root, hold=True)
            results = schedd.cancel(other)
            self.assertFalse(results[0].ok)

    def test_a_bad_token_is_refused(self):
        with self.assertRaises(AischedError) as refused:
            self.connect(token="not-a-token")
        self.assertEqual(refused.exception.code, "UNAUTHENTICATED")

    def test_server_and_token_come_from_the_environment_as_for_aisubmit(self):
        token_file = os.path.join(self.root, "token")
        with open(token_file, "w", encoding="utf-8") as f:
            f.write(self.token + "\n")
        saved = {k: os.environ.get(k) for k in ("AISCHED_SERVER", "AISCHED_TOKEN", "AISCHED_TOKEN_FILE", "XDG_CONFIG_HOME")}
        try:
            os.environ.pop("AISCHED_TOKEN", None)
            os.environ["AISCHED_SERVER"] = self.server
            os.environ["AISCHED_TOKEN_FILE"] = token_file
            with Client.connect(timeout=10) as schedd:
                self.assertEqual(schedd.user, self.user)
            os.environ.pop("AISCHED_SERVER")
            os.environ["XDG_CONFIG_HOME"] = os.path.join(self.root, "no-config-here")
            with self.assertRaises(ConfigError) as missing:
                Client.connect()
            self.assertIn("AISCHED_SERVER", str(missing.exception))
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


if __name__ == "__main__":
    unittest.main()
