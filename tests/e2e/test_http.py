"""End-to-end over real HTTP: `fitctl serve` as a process on 127.0.0.1, talked to with urllib."""

import email
import email.policy
import json
import pathlib
import re
import shutil
import subprocess
import sys
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from serve import FITCTL, serve_in_temp_dir  # noqa: E402

PASSWORD = "long enough running password 42"


class HttpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.env, cls.server = serve_in_temp_dir("fitkit-http-")
        cls.base = cls.server.url

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def request(self, method, path, body=None, token=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.headers, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, e.headers, json.loads(e.read() or b"null")

    def mailed_token(self, recipient):
        mail_dir = self.tmp / "data" / "mail"
        for _ in range(100):  # the dispatcher thread delivers within about a second
            for path in sorted(mail_dir.glob("*.eml")) if mail_dir.exists() else []:
                message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                body = message.get_body(preferencelist=("plain",)).get_content()
                found = re.search(r"token=([A-Za-z0-9_\-]+)", body)
                if recipient in str(message["To"]) and found:
                    path.unlink()
                    return found.group(1)
            subprocess.run(["sleep", "0.1"])
        self.fail(f"no mail for {recipient}")

    def test_account_flow(self):
        status, _, body = self.request("POST", "/v1/auth/register", {"email": "ann@example.com", "password": PASSWORD})
        self.assertEqual((status, body["status"]), (200, "pending"))
        status, _, user = self.request("POST", "/v1/auth/verify-email", {"token": self.mailed_token("ann@example.com")})
        self.assertEqual((status, user["status"]), (200, "active"))
        status, headers, tokens = self.request("POST", "/v1/auth/login", {"email": "ann@example.com", "password": PASSWORD})
        self.assertEqual(status, 200)
        self.assertEqual(tokens["token_type"], "Bearer")
        self.assertEqual(headers["Cache-Control"], "no-store")
        status, _, me = self.request("GET", "/v1/me", token=tokens["access_token"])
        self.assertEqual((status, me["email"]), (200, "ann@example.com"))
        self.assertEqual(list(me)[0], "id")  # fields keep their order
        status, _, me = self.request("PATCH", "/v1/me", {"city": "Kazan"}, token=tokens["access_token"])
        self.assertEqual((status, me["profile"]["city"]), (200, "Kazan"))
        status, _, fresh = self.request("POST", "/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]})
        self.assertEqual(status, 200)
        status, _, _ = self.request("POST", "/v1/auth/logout", {}, token=fresh["access_token"])
        self.assertEqual(status, 200)
        status, headers, problem = self.request("GET", "/v1/me", token=fresh["access_token"])
        self.assertEqual((status, problem["code"]), (401, "unauthenticated"))
        self.assertIn("Bearer", headers["WWW-Authenticate"])

    def test_errors_are_problem_json(self):
        status, headers, problem = self.request("POST", "/v1/auth/register", {"email": "nope", "password": PASSWORD})
        self.assertEqual(status, 400)
        self.assertTrue(headers["Content-Type"].startswith("application/problem+json"))
        self.assertEqual((problem["code"], problem["field"]), ("invalid_argument", "email"))
        status, _, problem = self.request("GET", "/v1/users", token="forged.token.value")
        self.assertEqual(status, 401)
        status, _, problem = self.request("GET", "/v1/no-such-thing")
        self.assertEqual((status, problem["status"]), (404, 404))

    def test_lists_page_with_cursor_and_limit(self):
        def fitctl(*args):
            return subprocess.run([FITCTL, "--format", "json", "--as", "system", *args], capture_output=True,
                                  text=True, env=self.env, check=True).stdout
        fitctl("users", "create", "--email", "page.admin@example.com", "--password", PASSWORD, "--roles", "admin")
        for i in range(5):
            fitctl("users", "create", "--email", f"page{i}@example.com", "--password", PASSWORD)
        _, _, tokens = self.request("POST", "/v1/auth/login", {"email": "page.admin@example.com", "password": PASSWORD})
        admin = tokens["access_token"]
        seen, cursors, query = [], [], "/v1/users?email_prefix=page&limit=2"
        while True:
            status, _, page = self.request("GET", query, token=admin)
            self.assertEqual(status, 200)
            seen += [u["email"] for u in page["items"]]
            if page["next_cursor"] is None:
                break
            cursors.append(page["next_cursor"])
            self.assertRegex(page["next_cursor"], r"^[A-Za-z0-9_-]+$")  # safe in a query as is
            query = f"/v1/users?email_prefix=page&limit=2&cursor={page['next_cursor']}"
        self.assertEqual(seen, ["page.admin@example.com"] + [f"page{i}@example.com" for i in range(5)])
        for bad, field in [("cursor=garbage", "cursor"), ("cursor=", "cursor"), ("limit=0", "limit"),
                           ("limit=201", "limit"), ("limit=99999999999999999999", "limit"), ("after=usr_x", "after")]:
            status, _, problem = self.request("GET", f"/v1/users?{bad}", token=admin)
            self.assertEqual((status, problem["code"], problem["field"]), (400, "invalid_argument", field), bad)
        _, _, user = self.request("POST", "/v1/auth/login", {"email": "page0@example.com", "password": PASSWORD})
        status, _, problem = self.request("GET", f"/v1/users?limit=1&cursor={cursors[0]}", token=user["access_token"])
        self.assertEqual((status, problem["code"]), (403, "permission_denied"))

    def test_openapi_names_every_operation(self):
        status, _, doc = self.request("GET", "/openapi.json")
        self.assertEqual(status, 200)
        ids = {op["operationId"] for path in doc["paths"].values() for op in path.values()}
        listed = subprocess.run([FITCTL, "--format", "json", "ops", "list"], capture_output=True, text=True,
                                env=self.env, check=True).stdout
        names = {op["name"] for op in json.loads(listed)["items"]}
        self.assertTrue(names)
        self.assertEqual(names - ids, set())


if __name__ == "__main__":
    unittest.main()
