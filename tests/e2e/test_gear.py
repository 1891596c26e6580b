"""End-to-end tests of gear: fitctl as a process (create, list, the wear bar on a terminal, the
photo as a file, reviews and the public catalogue, exit codes), and the same over HTTP with
`fitctl serve` on 127.0.0.1."""

import base64
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from serve import FITCTL, fitctl_env, serve_in_temp_dir  # noqa: E402
from terminal import run_on_terminal  # noqa: E402

PASSWORD = "long enough running password 42"
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"


def make_user(env, email):
    r = subprocess.run([FITCTL, "--as", "system", "--format", "json", "users", "create", "--email", email,
                        "--password", PASSWORD], capture_output=True, text=True, env=env, timeout=60)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    return json.loads(r.stdout)["id"]


class GearCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fitkit-gear-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.env = fitctl_env(self.tmp)
        self.env.pop("NO_COLOR", None)
        make_user(self.env, "ann@example.com")
        make_user(self.env, "bob@example.com")

    def run_cli(self, *args, who="ann@example.com"):
        argv = [FITCTL] + (["--as", who] if who else []) + list(args)
        return subprocess.run(argv, capture_output=True, text=True, env=self.env, timeout=60)

    def json_of(self, *args, who="ann@example.com"):
        r = self.run_cli("--format", "json", *args, who=who)
        self.assertEqual(r.returncode, 0, f"{args}: {r.stderr}")
        return json.loads(r.stdout)

    def on_terminal(self, *args):
        """fitctl with stdout on a pseudo-terminal; what it wrote there."""
        code, out, err = run_on_terminal([FITCTL, "--as", "ann@example.com", *args], self.env)
        self.assertEqual(code, 0, err)
        return out

    def test_create_list_and_wear_bar(self):
        item = self.json_of("gear", "create", "--category", "clothing", "--brand", "Gore", "--model", "Shakedry",
                            "--collections", "For running,Winter", "--custom-fields", '{"colour": "black"}')
        self.assertTrue(item["id"].startswith("gear_"))
        self.assertEqual(item["name"], "Gore Shakedry")
        self.assertEqual(item["collections"], ["For running", "Winter"])
        self.json_of("gear", "limits", "set", "--gear-id", item["id"], "--metric", "counter", "--counter", "washes",
                     "--amount", "10")
        self.json_of("gear", "usage", "log", "--gear-id", item["id"], "--counter", "washes", "--count", "8")
        page = self.json_of("gear", "list", "--collection", "Winter")
        self.assertEqual([i["id"] for i in page["items"]], [item["id"]])
        self.assertEqual(page["items"][0]["wear_percent"], 80.0)
        self.assertEqual(page["items"][0]["status"], "needs_attention")
        # Piped: the plain number in the wear_percent column.
        lines = self.run_cli("gear", "list").stdout.splitlines()
        self.assertEqual(len(lines), 1)
        columns = list(page["items"][0])
        self.assertEqual(lines[0].split("\t")[columns.index("wear_percent")], "80.0")
        # On a terminal: a bar.
        out = self.on_terminal("gear", "list")
        self.assertIn("WEAR PERCENT", out.splitlines()[0])
        self.assertIn("\u2588" * 8 + "\u2591" * 2 + " 80%", out)
        # The notice at 80 % is in Ann's notifications.
        notices = self.json_of("notifications", "list")["items"]
        self.assertEqual([n["type"] for n in notices], ["gear_wear_attention"])
        self.assertIn("Gore Shakedry has reached 8 washes of 10 washes", notices[0]["body"])

    def test_photo_file_in_and_out(self):
        item = self.json_of("gear", "create", "--category", "shoes", "--name", "Racers")
        photo = self.tmp / "shoes.png"
        photo.write_bytes(PNG)
        self.assertTrue(self.json_of("gear", "photo", "set", "--gear-id", item["id"], "--photo", str(photo))["has_photo"])
        out = self.tmp / "back.png"
        r = self.run_cli("gear", "photo", "get", "--gear-id", item["id"], "--output", str(out))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(out.read_bytes(), PNG)
        gif = self.tmp / "x.gif"
        gif.write_bytes(b"GIF89a\x01\0\x01\0\x80\0\0")
        self.assertEqual(self.run_cli("gear", "photo", "set", "--gear-id", item["id"], "--photo", str(gif)).returncode, 2)

    def test_reviews_catalogue_and_who_may_see_what(self):
        item = self.json_of("gear", "create", "--category", "shoes", "--brand", "Nike", "--model", "Pegasus 40")
        bobs = self.json_of("gear", "create", "--category", "shoes", "--brand", "NIKE", "--model", "pegasus 40",
                            who="bob@example.com")
        self.json_of("gear", "reviews", "set", "--gear-id", item["id"], "--rating", "5", "--text", "Great")
        self.json_of("gear", "reviews", "set", "--gear-id", bobs["id"], "--rating", "3", who="bob@example.com")
        catalogue = self.json_of("gear", "catalogue", who=None)  # anonymous
        self.assertEqual(len(catalogue["items"]), 1)
        entry = catalogue["items"][0]
        self.assertEqual((entry["rating_count"], entry["rating_average"]), (2, 4.0))
        self.assertEqual([r["text"] for r in entry["recent_reviews"]], ["Great"])
        self.assertNotIn("usr_", json.dumps(catalogue))
        self.assertNotIn("gear_", json.dumps(catalogue))
        # Someone else's item is not found (exit 3); without an identity, unauthenticated (exit 5).
        self.assertEqual(self.run_cli("gear", "get", "--gear-id", item["id"], who="bob@example.com").returncode, 3)
        self.assertEqual(self.run_cli("gear", "list", who=None).returncode, 5)
        r = self.run_cli("gear", "create", "--category", "boat", "--name", "Dinghy")
        self.assertEqual(r.returncode, 2)
        self.assertIn("category", r.stderr)
        self.assertEqual(len(self.json_of("gear", "list")["items"]), 1)


class GearHttpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.env, cls.server = serve_in_temp_dir("fitkit-gear-http-")
        try:
            make_user(cls.env, "ann@example.com")
            make_user(cls.env, "bob@example.com")
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def request(self, method, path, body=None, token=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.server.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                raw = r.read()
                return r.status, r.headers, json.loads(raw) if r.headers.get_content_type().endswith("json") else raw
        except urllib.error.HTTPError as e:
            return e.code, e.headers, json.loads(e.read() or b"null")

    def token(self, email):
        status, _, tokens = self.request("POST", "/v1/auth/login", {"email": email, "password": PASSWORD})
        self.assertEqual(status, 200, tokens)
        return tokens["access_token"]

    def test_create_list_review_over_http(self):
        ann, bob = self.token("ann@example.com"), self.token("bob@example.com")
        status, _, item = self.request("POST", "/v1/gear", {"category": "bike", "brand": "Canyon",
                                                            "model": "Grail", "price": "2499.00",
                                                            "currency": "EUR"}, token=ann)
        self.assertEqual(status, 200, item)
        self.assertEqual(item["price"], "2499.00")
        status, _, page = self.request("GET", "/v1/gear?category=bike", token=ann)
        self.assertEqual((status, [i["id"] for i in page["items"]]), (200, [item["id"]]))
        status, _, review = self.request("PUT", f"/v1/gear/{item['id']}/review", {"rating": 4, "text": "Fast"},
                                         token=ann)
        self.assertEqual((status, review["rating"]), (200, 4))
        status, _, photo = self.request("PUT", f"/v1/gear/{item['id']}/photo",
                                        {"photo": base64.b64encode(PNG).decode()}, token=ann)
        self.assertEqual((status, photo["has_photo"]), (200, True))
        status, headers, body = self.request("GET", f"/v1/gear/{item['id']}/photo", token=ann)
        self.assertEqual((status, headers.get_content_type(), body), (200, "image/png", PNG))

        status, _, catalogue = self.request("GET", "/v1/gear/catalogue?brand=canyon")
        self.assertEqual(status, 200)
        self.assertEqual([(e["brand"], e["model"], e["rating_count"]) for e in catalogue["items"]],
                         [("Canyon", "Grail", 1)])
        self.assertNotIn("usr_", json.dumps(catalogue))
        # Bob, and a caller without a token, do not reach Ann's bike.
        status, _, problem = self.request("GET", f"/v1/gear/{item['id']}", token=bob)
        self.assertEqual((status, problem["code"]), (404, "not_found"))
        status, _, problem = self.request("DELETE", f"/v1/gear/{item['id']}", token=bob)
        self.assertEqual((status, problem["code"]), (404, "not_found"))
        status, _, problem = self.request("GET", "/v1/gear")
        self.assertEqual((status, problem["code"]), (401, "unauthenticated"))
        status, _, problem = self.request("POST", "/v1/gear", {"category": "boat", "name": "x"}, token=ann)
        self.assertEqual((status, problem["code"]), (400, "invalid_argument"))
        status, _, same = self.request("GET", f"/v1/gear/{item['id']}", token=ann)
        self.assertEqual((status, same["has_photo"]), (200, True))


if __name__ == "__main__":
    unittest.main()
