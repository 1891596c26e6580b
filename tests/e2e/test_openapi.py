"""The /openapi.json of a real `fitctl serve` passes the pinned OpenAPI linter (@redocly/cli in
tests/openapi, rules in tests/openapi/redocly.yaml) with no error and no warning, names every
operation of the registry with its method and path, and tells the truth about which operations
need a token.

The linter comes from tests/openapi/node_modules, which scripts/install-test-deps.sh fills
(`make test` runs it); this test never downloads anything. Without node it fails, unless
FITKIT_SKIP_NODE_TESTS=1 says to skip it."""

import copy
import hashlib
import json
import os
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

SOURCE = pathlib.Path(os.environ.get("FITKIT_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
LINT_DIR = SOURCE / "tests" / "openapi"
REDOCLY = LINT_DIR / "node_modules" / "@redocly" / "cli" / "bin" / "cli.js"
SKIP_NODE = os.environ.get("FITKIT_SKIP_NODE_TESTS") == "1"
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def find_node():
    """The node binary, or a failure that says what to do."""
    node = shutil.which("node")
    if node is None:
        raise AssertionError("node is not installed: the OpenAPI lint needs it (scripts/install-deps.sh installs "
                             "nodejs and npm); set FITKIT_SKIP_NODE_TESTS=1 to skip this test")
    stamp = LINT_DIR / "node_modules" / ".fitkit-lock-sha256"
    lock = hashlib.sha256((LINT_DIR / "package-lock.json").read_bytes()).hexdigest()
    if not REDOCLY.exists() or not stamp.exists() or stamp.read_text().strip() != lock:
        raise AssertionError(f"{LINT_DIR / 'node_modules'} is missing or older than package-lock.json: "
                             "run scripts/install-test-deps.sh (make test does)")
    return node


class OpenApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.env, cls.server = serve_in_temp_dir("fitkit-openapi-")
        cls.base = cls.server.url
        try:
            with urllib.request.urlopen(cls.base + "/openapi.json", timeout=10) as r:
                cls.raw = r.read()
            cls.doc = json.loads(cls.raw)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def lint(self, doc, name):
        """Runs the pinned linter over `doc` with the project's rules: (totals, problems)."""
        node = find_node()
        path = self.tmp / name
        path.write_text(json.dumps(doc, indent=1))
        env = dict(self.env, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true", NO_COLOR="1")
        run = subprocess.run([node, str(REDOCLY), "lint", "--config", str(LINT_DIR / "redocly.yaml"),
                              "--format", "json", str(path)],
                             capture_output=True, text=True, env=env, timeout=300, cwd=self.tmp)
        try:
            report = json.loads(run.stdout)
        except json.JSONDecodeError:
            self.fail(f"redocly lint gave no JSON report (exit {run.returncode}):\n{run.stdout}\n{run.stderr}")
        return run.returncode, report["totals"], report["problems"]

    @staticmethod
    def describe(problems):
        lines = []
        for p in problems:
            where = ", ".join(loc.get("pointer", "?") for loc in p.get("location", []))
            lines.append(f"{p['severity']} {p['ruleId']}: {p['message']} at {where}")
        return "\n".join(lines)

    @unittest.skipIf(SKIP_NODE, "FITKIT_SKIP_NODE_TESTS=1")
    def test_lint_is_clean(self):
        code, totals, problems = self.lint(self.doc, "openapi.json")
        self.assertEqual((totals["errors"], totals["warnings"]), (0, 0), "\n" + self.describe(problems))
        self.assertEqual(code, 0)

    @unittest.skipIf(SKIP_NODE, "FITKIT_SKIP_NODE_TESTS=1")
    def test_lint_catches_a_broken_document(self):
        # The rules bite: each break below is reported by the rule named beside it.
        doc = copy.deepcopy(self.doc)
        ops = [(path, method, op) for path, item in doc["paths"].items() for method, op in item.items()]
        path, method, first = ops[0]
        ops[1][2]["operationId"] = first["operationId"]
        first["responses"] = {"200": first["responses"]["200"]}
        del first["responses"]["200"]["headers"]["X-Request-Id"]
        doc["tags"][0].pop("description")
        ops[2][2]["security"] = [{"apikey": []}]
        code, _, problems = self.lint(doc, "broken.json")
        rules = {p["ruleId"] for p in problems}
        self.assertLessEqual({"operation-operationId-unique", "operation-4xx-response", "response-contains-header",
                              "tag-description", "security-defined"}, rules, "\n" + self.describe(problems))
        self.assertNotEqual(code, 0)

    def test_every_operation_is_described(self):
        listed = subprocess.run([FITCTL, "--format", "json", "ops", "list"], capture_output=True, text=True,
                                env=self.env, check=True).stdout
        ops = json.loads(listed)["items"]
        self.assertTrue(ops)
        served = [op for op in ops if op["path"]]
        for op in served:
            with self.subTest(op=op["name"]):
                self.assertIn(op["method"], METHODS)
                item = self.doc["paths"].get(op["path"])
                self.assertIsNotNone(item, f"{op['path']} is not in the document")
                described = item.get(op["method"].lower())
                self.assertIsNotNone(described, f"{op['method']} {op['path']} is not in the document")
                self.assertEqual(described["operationId"], op["name"])
        # Nothing else, but the server's own two endpoints.
        ids = [o["operationId"] for item in self.doc["paths"].values() for o in item.values()]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(set(ids) - {op["name"] for op in served}, {"healthz", "openapi"})

    def test_operations_that_need_a_token_refuse_a_caller_without_one(self):
        # What the document says about security is what the server does: every operation that
        # does not allow an empty security requirement answers 401 with a bearer challenge.
        checked = 0
        for path, item in self.doc["paths"].items():
            for method, op in item.items():
                security = op.get("security", self.doc["security"])
                if security == [] or {} in security:
                    continue
                self.assertEqual(security, [{"bearer": []}], op["operationId"])
                url = self.base + re.sub(r"\{[a-z_]+\}", "x", path)
                data = b"{}" if method in ("post", "put", "patch") else None
                req = urllib.request.Request(url, data=data, method=method.upper())
                if data is not None:
                    req.add_header("Content-Type", "application/json")
                with self.subTest(op=op["operationId"]):
                    with self.assertRaises(urllib.error.HTTPError) as raised:
                        urllib.request.urlopen(req, timeout=10)
                    self.assertEqual(raised.exception.code, 401)
                    self.assertIn("Bearer", raised.exception.headers["WWW-Authenticate"])
                    raised.exception.close()
                checked += 1
        self.assertGreater(checked, 10)
        # And the open ones are served to anyone.
        for path in ("/healthz", "/openapi.json"):
            self.assertEqual(self.doc["paths"][path]["get"]["security"], [])
            with urllib.request.urlopen(self.base + path, timeout=10) as r:
                self.assertEqual(r.status, 200)

    def test_the_document_is_the_same_every_time(self):
        with urllib.request.urlopen(self.base + "/openapi.json", timeout=10) as r:
            self.assertEqual(r.read(), self.raw)
            etag = r.headers["ETag"]
        self.assertTrue(etag)
        req = urllib.request.Request(self.base + "/openapi.json", headers={"If-None-Match": etag})
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(req, timeout=10)
        self.assertEqual(raised.exception.code, 304)
        raised.exception.close()


if __name__ == "__main__":
    unittest.main()
