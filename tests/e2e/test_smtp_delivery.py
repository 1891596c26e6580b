"""fitctl delivering its mail through a real SMTP server (Debian's aiosmtpd), configured by environment."""

import email
import email.policy
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

FITCTL = os.environ.get("FITCTL", "fitctl")
SOURCE = pathlib.Path(os.environ.get("FITKIT_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SINK = SOURCE / "tests" / "support" / "smtp_sink.py"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpDeliveryTest(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fitctl-smtp-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.port = free_port()
        self.inbox = self.tmp / "inbox"
        self.inbox.mkdir()
        self.sink = subprocess.Popen(["/usr/bin/python3", str(SINK), "--port", str(self.port), "--maildir",
                                      str(self.inbox), "--auth-user", "mailer", "--auth-password", "s3cret-pass"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(self.stop_sink)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            self.fail("the SMTP sink did not start")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("FITKIT_")}
        self.env.update(FITKIT_ARGON2="m=1024,t=1,p=1", HOME=str(self.tmp), XDG_CONFIG_HOME=str(self.tmp / "c"),
                        FITKIT_DB=f"sqlite:{self.tmp}/fitkit.db", FITKIT_DATA_DIR=str(self.tmp / "data"),
                        FITKIT_SMTP_URL=f"smtp://127.0.0.1:{self.port}", FITKIT_SMTP_USERNAME="mailer",
                        FITKIT_MAIL_FROM="fitkit <no-reply@fitkit.example>")

    def stop_sink(self):
        self.sink.terminate()
        try:
            self.sink.wait(5)
        except subprocess.TimeoutExpired:
            self.sink.kill()
            self.sink.wait()

    def fitctl(self, *args, password="s3cret-pass"):
        return subprocess.run([FITCTL, *args], capture_output=True, text=True, timeout=60,
                              env={**self.env, "FITKIT_SMTP_PASSWORD": password})

    def test_verification_mail_goes_through_smtp_with_auth(self):
        r = self.fitctl("auth", "register", "--email", "runner@example.com", "--password",
                        "long enough running password 42")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.fitctl("--format", "json", "worker", "--once")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('"delivered": 1', r.stdout)
        files = list(self.inbox.glob("*.eml"))
        self.assertEqual(len(files), 1)
        message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
        self.assertEqual(message["X-Sink-Rcpt-To"], "runner@example.com")
        self.assertEqual(message["X-Sink-Auth"], "mailer")
        self.assertIn("token=", message.get_body(preferencelist=("plain",)).get_content())
        # Nothing was written to the local mail folder: SMTP replaced it.
        self.assertFalse((self.tmp / "data" / "mail").exists())

    def test_a_wrong_smtp_password_leaves_the_mail_queued_for_retry(self):
        self.fitctl("auth", "register", "--email", "runner@example.com", "--password",
                    "long enough running password 42")
        r = self.fitctl("--format", "json", "worker", "--once", password="wrong")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('"retried": 1', r.stdout)
        self.assertNotIn("wrong", r.stdout + r.stderr)
        self.assertEqual(list(self.inbox.glob("*.eml")), [])


if __name__ == "__main__":
    unittest.main()
