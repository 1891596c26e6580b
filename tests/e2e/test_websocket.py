"""End-to-end tests of /v1/ws and TLS: `fitctl serve` as a process, talked to with Debian's
python3-websockets (a real WebSocket client), urllib and Python's ssl module; across processes on
a throwaway PostgreSQL cluster.

Notifications are caused by a password change (POST /v1/me/password, or `fitctl auth password
change`), which sends the `password_changed` security notice to the user.
"""

import asyncio
import email
import email.policy
import json
import pathlib
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.request
import warnings

import websockets
import websockets.exceptions

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from pg_cluster import PgCluster  # noqa: E402
from serve import FITCTL, Server, fitctl_env  # noqa: E402

PASSWORD = "long enough running password 42"
NEW_PASSWORD = "another long running password 43"
APP_ORIGIN = "https://app.example.org"


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


class Fixture(unittest.TestCase):
    """A folder, an environment for fitctl, and servers that are stopped whatever happens."""

    @classmethod
    def make_env(cls, db=None):
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fitkit-ws-"))
        cls.env = fitctl_env(cls.tmp, db)
        cls.servers = []
        cls.users = 0

    @classmethod
    def start(cls, *args):
        server = Server(cls.env, *args)
        cls.servers.append(server)
        return server

    @classmethod
    def tearDownClass(cls):
        problems = []
        for server in cls.servers:
            code = server.stop()
            if code != 0 or "Sanitizer" in server.stderr or "runtime error" in server.stderr:
                problems.append(f"serve exited {code}: {server.stderr[-2000:]}")
        shutil.rmtree(cls.tmp, ignore_errors=True)
        if problems:
            raise AssertionError("\n".join(problems))

    def fitctl(self, *args, stdin=None):
        return subprocess.run([FITCTL, *args], input=stdin, capture_output=True, text=True, env=self.env, timeout=60)

    def request(self, base, method, path, body=None, token=None, context=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=10, context=context) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def new_user(self, base, context=None):
        """A fresh active user (created with fitctl) signed in over HTTP: (user id, access token)."""
        type(self).users += 1
        email = f"user{type(self).users}@example.com"
        created = self.fitctl("--as", "system", "--format", "json", "users", "create", "--email", email,
                              "--password", "-", stdin=PASSWORD + "\n")
        self.assertEqual(created.returncode, 0, created.stderr)
        status, tokens = self.request(base, "POST", "/v1/auth/login", {"email": email, "password": PASSWORD},
                                      context=context)
        self.assertEqual(status, 200, tokens)
        return json.loads(created.stdout)["id"], tokens["access_token"]

    def change_password(self, base, token, context=None):
        status, body = self.request(base, "POST", "/v1/me/password",
                                    {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, token, context)
        self.assertEqual(status, 200, body)


async def connect(url, token=None, origin=None, context=None):
    headers = [("Authorization", f"Bearer {token}")] if token else []
    return await websockets.connect(url, extra_headers=headers, origin=origin, ssl=context, ping_interval=None,
                                    open_timeout=10, close_timeout=5)


async def receive(ws, seconds=10):
    return json.loads(await asyncio.wait_for(ws.recv(), seconds))


async def nothing_within(ws, seconds):
    try:
        message = await asyncio.wait_for(ws.recv(), seconds)
    except asyncio.TimeoutError:
        return True
    raise AssertionError(f"unexpected message {message}")


async def close_code(ws):
    """Reads until the server closes the connection; its close code."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), 10)
    except websockets.exceptions.ConnectionClosed:
        return ws.close_code


async def refusal_status(url, **kwargs):
    try:
        ws = await connect(url, **kwargs)
    except websockets.exceptions.InvalidStatusCode as e:
        return e.status_code
    await ws.close()
    return 101


class WebSocketTest(Fixture):
    @classmethod
    def setUpClass(cls):
        cls.make_env()
        cls.server = cls.start("--allow-origin", APP_ORIGIN)

    def test_notification_reaches_its_user_only_by_header_or_first_message(self):
        base = self.server.url
        ann_id, ann_token = self.new_user(base)
        bob_id, bob_token = self.new_user(base)

        async def scenario():
            ann = await connect(self.server.ws_url, ann_token)
            ready = await receive(ann)
            self.assertEqual((ready["type"], ready["data"]["user_id"]), ("ready", ann_id))
            bob = await connect(self.server.ws_url)
            await bob.send(json.dumps({"type": "auth", "token": bob_token}))
            self.assertEqual((await receive(bob))["data"]["user_id"], bob_id)

            # A refused change writes nothing and sends nothing.
            status, _ = self.request(base, "POST", "/v1/me/password",
                                     {"current_password": "wrong password", "new_password": NEW_PASSWORD}, ann_token)
            self.assertEqual(status, 400)
            await nothing_within(ann, 0.5)

            await asyncio.get_running_loop().run_in_executor(None, self.change_password, base, ann_token)
            note = await receive(ann)
            self.assertEqual((note["type"], note["data"]["type"]), ("notification", "password_changed"))
            _, listed = self.request(base, "GET", "/v1/notifications", token=ann_token)
            self.assertEqual(note["data"]["id"], listed["items"][0]["id"])
            await nothing_within(bob, 0.5)
            await ann.close()
            await bob.close()

        run(scenario())

    def test_bad_tokens_are_refused(self):
        async def scenario():
            self.assertEqual(await refusal_status(self.server.ws_url, token="forged.token.value"), 401)
            ws = await connect(self.server.ws_url)
            await ws.send(json.dumps({"type": "auth", "token": "forged.token.value"}))
            self.assertEqual(await close_code(ws), 4401)

        run(scenario())

    def test_origin_is_checked_before_the_upgrade(self):
        _, token = self.new_user(self.server.url)

        async def scenario():
            self.assertEqual(await refusal_status(self.server.ws_url, token=token, origin="https://evil.example"), 403)
            self.assertEqual(await refusal_status(self.server.ws_url, token=token, origin=APP_ORIGIN), 101)
            self.assertEqual(await refusal_status(self.server.ws_url, token=token, origin=self.server.url), 101)
            self.assertEqual(await refusal_status(self.server.ws_url, token=token), 101)  # no Origin: not a browser

        run(scenario())

    def test_a_too_large_message_closes_with_1009(self):
        _, token = self.new_user(self.server.url)

        async def scenario():
            ws = await connect(self.server.ws_url, token)
            await receive(ws)
            await ws.send(json.dumps({"type": "ping", "pad": "x" * 70000}))
            self.assertEqual(await close_code(ws), 1009)

        run(scenario())

    def test_too_many_messages_close_with_1008(self):
        _, token = self.new_user(self.server.url)

        async def scenario():
            ws = await connect(self.server.ws_url, token)
            await receive(ws)
            try:
                for _ in range(100):
                    await ws.send(json.dumps({"type": "ping"}))
            except websockets.exceptions.ConnectionClosed:
                pass
            self.assertEqual(await close_code(ws), 1008)

        run(scenario())

    def test_ping_frames_and_ping_messages_are_answered(self):
        _, token = self.new_user(self.server.url)

        async def scenario():
            ws = await connect(self.server.ws_url, token)
            await receive(ws)
            pong = await ws.ping(b"are you there")
            await asyncio.wait_for(pong, 5)
            await ws.send(json.dumps({"type": "ping"}))
            self.assertEqual((await receive(ws))["type"], "pong")
            await ws.close()

        run(scenario())

    def test_not_a_websocket_request(self):
        status, problem = self.request(self.server.url, "GET", "/v1/ws")
        self.assertEqual((status, problem["code"]), (426, "upgrade_required"))


def make_certificate(folder, name):
    """A throwaway self-signed certificate for 127.0.0.1 and localhost: (cert path, key path)."""
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


class TlsTest(Fixture):
    @classmethod
    def setUpClass(cls):
        cls.make_env()
        cls.cert, cls.key = make_certificate(cls.tmp, "server")
        cls.server = cls.start("--tls-cert", str(cls.cert), "--tls-key", str(cls.key))
        cls.context = ssl.create_default_context(cafile=str(cls.cert))

    def test_https_and_wss_with_a_verified_certificate(self):
        self.assertTrue(self.server.url.startswith("https://"))
        status, health = self.request(self.server.url, "GET", "/healthz", context=self.context)
        self.assertEqual(status, 200, health)
        ann_id, token = self.new_user(self.server.url, self.context)

        async def scenario():
            ws = await connect(self.server.ws_url, token, context=self.context)
            self.assertEqual((await receive(ws))["data"]["user_id"], ann_id)
            await asyncio.get_running_loop().run_in_executor(None, self.change_password, self.server.url, token,
                                                             self.context)
            self.assertEqual((await receive(ws))["data"]["type"], "password_changed")
            await ws.close()

        run(scenario())

    def test_plain_http_on_the_tls_port_gets_a_clear_400(self):
        port = int(self.server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            while chunk := s.recv(4096):
                answer += chunk
        self.assertTrue(answer.startswith(b"HTTP/1.1 400 "), answer)
        self.assertIn(b"https://", answer)
        # ... and the server serves TLS clients on.
        self.assertEqual(self.request(self.server.url, "GET", "/healthz", context=self.context)[0], 200)

    def test_old_protocols_and_an_unknown_certificate_are_refused(self):
        port = int(self.server.url.rsplit(":", 1)[1])
        old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        old.load_verify_locations(str(self.cert))
        with warnings.catch_warnings():  # naming TLS 1.1 is deprecated, which is the point
            warnings.simplefilter("ignore", DeprecationWarning)
            old.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
            old.maximum_version = ssl.TLSVersion.TLSv1_1
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            with self.assertRaises(ssl.SSLError):
                old.wrap_socket(s, server_hostname="127.0.0.1")
        with self.assertRaises(urllib.error.URLError):  # the default trust store does not know it
            urllib.request.urlopen(self.server.url + "/healthz", timeout=10, context=ssl.create_default_context())

    def test_bad_tls_settings_fail_at_start(self):
        other_cert, other_key = make_certificate(self.tmp, "other")
        garbage = self.tmp / "garbage.pem"
        garbage.write_text("not a certificate\n")
        cases = [
            (["--tls-cert", str(self.cert), "--tls-key", str(other_key)], "does not belong to the certificate"),
            (["--tls-cert", str(self.cert)], "needs its key"),
            (["--tls-key", str(self.key)], "needs its certificate"),
            (["--tls-cert", str(garbage), "--tls-key", str(self.key)], "holds no PEM certificate"),
            (["--tls-cert", str(self.cert), "--tls-key", str(garbage)], "holds no PEM private key"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                r = self.fitctl("serve", "--port", "0", *args)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(message, r.stderr)
                self.assertEqual(r.stdout, "")  # no URL: nothing listened


class AcrossProcessesTest(Fixture):
    """Two `fitctl serve` on one PostgreSQL database: what happens through one reaches sockets on both."""

    @classmethod
    def setUpClass(cls):
        cls.cluster = PgCluster().__enter__()
        try:
            cls.make_env(cls.cluster.create_database())
            migrated = subprocess.run([FITCTL, "db", "migrate"], capture_output=True, text=True, env=cls.env,
                                      timeout=60)
            if migrated.returncode != 0:
                raise RuntimeError(migrated.stderr)
            cls.a = cls.start()
            cls.b = cls.start()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            if hasattr(cls, "servers"):
                super().tearDownClass()
        finally:
            cls.cluster.__exit__(None, None, None)

    def new_user(self, base, context=None):
        """Registered over HTTP and verified by the mailed link (--as system is for SQLite only)."""
        type(self).users += 1
        address = f"user{type(self).users}@example.com"
        status, _ = self.request(base, "POST", "/v1/auth/register", {"email": address, "password": PASSWORD})
        self.assertEqual(status, 200)
        status, user = self.request(base, "POST", "/v1/auth/verify-email", {"token": self.mailed_token(address)})
        self.assertEqual(status, 200, user)
        status, tokens = self.request(base, "POST", "/v1/auth/login", {"email": address, "password": PASSWORD})
        self.assertEqual(status, 200, tokens)
        return user["id"], tokens["access_token"]

    def mailed_token(self, recipient):
        mail_dir = self.tmp / "data" / "mail"
        for _ in range(100):  # a dispatcher of either server delivers within about a second
            for path in sorted(mail_dir.glob("*.eml")) if mail_dir.exists() else []:
                message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                body = message.get_body(preferencelist=("plain",)).get_content()
                found = re.search(r"token=([A-Za-z0-9_\-]+)", body)
                if recipient in str(message["To"]) and found:
                    return found.group(1)
            subprocess.run(["sleep", "0.1"])
        self.fail(f"no mail for {recipient}")

    def test_a_notification_caused_through_a_reaches_a_socket_on_b(self):
        ann_id, ann_token = self.new_user(self.a.url)
        _, bob_token = self.new_user(self.a.url)

        async def scenario():
            on_b = await connect(self.b.ws_url, ann_token)
            on_a = await connect(self.a.ws_url, ann_token)
            bob_on_b = await connect(self.b.ws_url, bob_token)
            for ws in (on_b, on_a, bob_on_b):
                self.assertEqual((await receive(ws))["type"], "ready")
            await asyncio.get_running_loop().run_in_executor(None, self.change_password, self.a.url, ann_token)
            for ws in (on_b, on_a):
                note = await receive(ws)
                self.assertEqual((note["type"], note["data"]["type"]), ("notification", "password_changed"))
            await nothing_within(bob_on_b, 0.5)

            # A third process, fitctl itself, publishes through the database too.
            changed = await asyncio.get_running_loop().run_in_executor(
                None, lambda: self.fitctl("--token", ann_token, "auth", "password", "change", "--current-password",
                                          "-", "--new-password", "-", stdin=f"{NEW_PASSWORD}\n{PASSWORD}\n"))
            self.assertEqual(changed.returncode, 0, changed.stderr)
            note = await receive(on_b)
            self.assertEqual((note["data"]["type"], note["data"]["count"]), ("password_changed", 2))
            for ws in (on_b, on_a, bob_on_b):
                await ws.close()

        run(scenario())


if __name__ == "__main__":
    unittest.main()
