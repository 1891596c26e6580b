"""End-to-end over real HTTP: request ids, ETag and If-Match, idempotency keys across a
restart, budgets, CORS and the access log of `fitctl serve`, with raw http.client requests."""

import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from serve import FITCTL, Server, fitctl_env  # noqa: E402

PASSWORD = "long enough running password 42"
ORIGIN = "https://app.example.org"


class HttpSemanticsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fitkit-http-sem-"))
        cls.env = fitctl_env(cls.tmp)
        cls.log = cls.tmp / "access.log"
        cls.flags = ["--access-log", str(cls.log), "--allow-origin", ORIGIN, "--rate-limit", "auth.login=3/1m"]
        cls.server = Server(cls.env, *cls.flags)
        # A signed-in user, made with fitctl on the same database.
        subprocess.run([FITCTL, "--as", "system", "users", "create", "--email", "sem@example.com",
                        "--password", "-"], input=PASSWORD, text=True, env=cls.env, check=True,
                       capture_output=True)
        status, _, body = cls.server.call("POST", "/v1/auth/login", {"email": "sem@example.com", "password": PASSWORD})
        if status != 200:
            cls.tearDownClass()
            raise RuntimeError(f"login failed: {status} {body}")
        cls.token = body["access_token"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def auth(self, **more):
        return {"Authorization": f"Bearer {self.token}", **more}

    def test_request_ids(self):
        status, headers, body = self.server.call("GET", "/v1/nowhere", headers={"X-Request-Id": "e2e-trace-1"})
        self.assertEqual((status, headers["X-Request-Id"], body["request_id"]), (404, "e2e-trace-1", "e2e-trace-1"))
        _, headers, _ = self.server.call("GET", "/healthz", headers={"X-Request-Id": "bad id!"})
        self.assertRegex(headers["X-Request-Id"], r"^[0-9a-f]{32}$")

    def test_etag_and_if_match(self):
        status, headers, _ = self.server.call("GET", "/v1/me", headers=self.auth())
        self.assertEqual(status, 200)
        tag = headers["ETag"]
        status, headers, body = self.server.call("GET", "/v1/me", headers=self.auth(**{"If-None-Match": tag}))
        self.assertEqual((status, headers["ETag"], body), (304, tag, None))
        status, _, _ = self.server.call("PATCH", "/v1/me", {"city": "Narva"}, headers=self.auth(**{"If-Match": tag}))
        self.assertEqual(status, 200)
        status, headers, body = self.server.call("PATCH", "/v1/me", {"city": "Pärnu"},
                                                 headers=self.auth(**{"If-Match": tag}))
        self.assertEqual((status, body["code"]), (412, "precondition_failed"))
        self.assertNotEqual(headers["ETag"], tag)
        _, _, me = self.server.call("GET", "/v1/me", headers=self.auth())
        self.assertEqual(me["profile"]["city"], "Narva")

    def test_idempotency_key_survives_a_restart(self):
        key = str(uuid.uuid4())
        body = {"email": "idem-e2e@example.com", "password": PASSWORD}
        status, headers, first = self.server.call("POST", "/v1/auth/register", body, {"Idempotency-Key": key})
        self.assertEqual(status, 200)
        self.assertIsNone(headers["Idempotency-Replayed"])
        other = Server(self.env)  # a second process on the same database
        try:
            status, headers, again = other.call("POST", "/v1/auth/register", body, {"Idempotency-Key": key})
            self.assertEqual((status, headers["Idempotency-Replayed"], again), (200, "true", first))
            status, _, problem = other.call("POST", "/v1/auth/register", {**body, "nickname": "changed"},
                                            {"Idempotency-Key": key})
            self.assertEqual((status, problem["code"]), (422, "idempotency_key_reused"))
        finally:
            other.stop()

    def test_budgets(self):
        status, headers, _ = self.server.call("GET", "/v1/me", headers=self.auth())
        self.assertIn('"default";q=600;w=60', headers["RateLimit-Policy"])
        self.assertRegex(headers["RateLimit"], r'^"default";r=\d+;t=\d+$')
        statuses = []
        for _ in range(4):
            status, headers, body = self.server.call("POST", "/v1/auth/login",
                                                     {"email": "nobody@example.com", "password": "not the password"})
            statuses.append(status)
        # setUpClass signed in once: the budget of 3 allows two more, then 429 with Retry-After.
        self.assertEqual(statuses[-1], 429)
        self.assertEqual(body["code"], "rate_limited")
        self.assertGreaterEqual(int(headers["Retry-After"]), 1)
        self.assertIn('"auth.login";q=3;w=60', headers["RateLimit-Policy"])

    def test_cors(self):
        status, headers, _ = self.server.call("OPTIONS", "/v1/me", headers={
            "Origin": ORIGIN, "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization, if-match"})
        self.assertEqual((status, headers["Access-Control-Allow-Origin"]), (204, ORIGIN))
        self.assertIn("If-Match", headers["Access-Control-Allow-Headers"])
        status, headers, _ = self.server.call("OPTIONS", "/v1/me", headers={
            "Origin": "https://evil.example.org", "Access-Control-Request-Method": "PATCH"})
        self.assertEqual((status, headers["Access-Control-Allow-Origin"]), (403, None))
        _, headers, _ = self.server.call("GET", "/v1/me", headers=self.auth(Origin=ORIGIN))
        self.assertEqual(headers["Access-Control-Allow-Origin"], ORIGIN)
        self.assertIn("ETag", headers["Access-Control-Expose-Headers"])

    def test_access_log(self):
        self.server.call("GET", "/v1/me?secret=hunter2", headers=self.auth(**{"X-Request-Id": "log-line-1"}))
        for _ in range(50):
            text = self.log.read_text() if self.log.exists() else ""
            if "log-line-1" in text:
                break
            subprocess.run(["sleep", "0.1"])
        line = next(l for l in text.splitlines() if "log-line-1" in l)
        fields = line.split(" ")
        self.assertEqual(len(fields), 9)
        self.assertEqual(fields[1:5], ["127.0.0.1", "GET", "/v1/me", "400"])
        self.assertEqual(fields[7], "log-line-1")
        self.assertTrue(fields[8].startswith("usr_"))
        self.assertNotIn("hunter2", text)
        self.assertNotIn(self.token, text)

    def test_bad_rate_limit_flag_is_a_usage_error(self):
        result = subprocess.run([FITCTL, "serve", "--port", "0", "--rate-limit", "auth.login=ten/1m"],
                                env=self.env, capture_output=True, text=True, timeout=20)
        self.assertEqual(result.returncode, 2)
        self.assertIn("OP=N/WINDOW", result.stderr)


if __name__ == "__main__":
    unittest.main()
