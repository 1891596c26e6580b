"""Workouts end to end: fitctl imports a file and a folder and writes exports to files; HTTP takes
uploads as multipart/form-data and as raw bodies, refuses oversize ones with 413, answers files
as themselves, and keeps one user's workouts from another."""

import http.client
import json
import pathlib
import shutil
import socket
import subprocess
import sys
import unittest
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from serve import FITCTL, serve_in_temp_dir  # noqa: E402

PASSWORD = "long enough running password 42"


def gpx_run(day, seconds=600, name="Run"):
    points = []
    for i in range(seconds + 1):
        points.append(f'<trkpt lat="{59.9 + i * 3 / 111320:.7f}" lon="30.3"><ele>{20 + i % 7}</ele>'
                      f'<time>2025-12-{day:02d}T08:{i // 60:02d}:{i % 60:02d}Z</time></trkpt>')
    return ('<?xml version="1.0"?><gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1">'
            f'<trk><name>{name}</name><trkseg>{"".join(points)}</trkseg></trk></gpx>').encode()


class WorkoutsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.env, cls.server = serve_in_temp_dir("fitkit-workouts-", "--max-body-mib", "1")
        try:
            for who in ("ann", "eve"):
                cls.fitctl("users", "create", "--email", f"{who}@example.com", "--password", PASSWORD,
                           globals_=("--as", "system"))
            cls.ann = cls.login("ann@example.com")
            cls.eve = cls.login("eve@example.com")
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def fitctl(cls, *args, globals_=()):
        r = subprocess.run([FITCTL, "--format", "json", *globals_, *args], capture_output=True, env=cls.env,
                           timeout=120)
        if r.returncode != 0:
            raise AssertionError(f"fitctl {args} failed: {r.stderr.decode()}")
        return r

    @classmethod
    def login(cls, email):
        status, _, body = cls.server.call("POST", "/v1/auth/login", {"email": email, "password": PASSWORD})
        assert status == 200, body
        return body["access_token"]

    def send(self, method, path, body=b"", content_type=None, token=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            headers = {"Authorization": f"Bearer {token or self.ann}"}
            if content_type:
                headers["Content-Type"] = content_type
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            return r.status, r.headers, r.read()
        finally:
            conn.close()

    def test_fitctl_imports_a_file_and_a_folder_and_writes_exports(self):
        run = self.tmp / "morning.gpx"
        run.write_bytes(gpx_run(1))
        out = json.loads(self.fitctl("workouts", "import", "--file", str(run), globals_=("--as", "ann@example.com"))
                         .stdout)
        self.assertEqual((out["imported"], out["files"][0]["file_name"]), (1, "morning.gpx"))
        workout = out["files"][0]["workout_id"]
        folder = self.tmp / "watch"
        (folder / "2025").mkdir(parents=True)
        (folder / "2025" / "a.gpx").write_bytes(gpx_run(2))
        (folder / "b.gpx").write_bytes(gpx_run(3))
        (folder / "again.gpx").write_bytes(gpx_run(1))
        (folder / "readme.txt").write_text("not a workout")
        # The folder goes as a ZIP in a temporary file, which is gone afterwards.
        scratch = self.tmp / "scratch"
        scratch.mkdir()
        r = subprocess.run([FITCTL, "--format", "json", "--as", "ann@example.com", "workouts", "import", "--file",
                            str(folder)], capture_output=True, env={**self.env, "TMPDIR": str(scratch)}, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual((out["imported"], out["duplicates"], out["failed"]), (2, 1, 0))
        self.assertIn("watch:2025/a.gpx", [f["file_name"] for f in out["files"]])
        self.assertEqual(list(scratch.iterdir()), [])
        target = self.tmp / "out.gpx"
        self.fitctl("workouts", "export", "--workout-id", workout, "--format", "gpx", "--output", str(target),
                    globals_=("--as", "ann@example.com"))
        self.assertIn(b"<trkpt", target.read_bytes())
        original = self.fitctl("workouts", "original", "--workout-id", workout,
                               globals_=("--as", "ann@example.com")).stdout
        self.assertEqual(original, gpx_run(1))

    def test_http_uploads_multipart_and_raw_bodies(self):
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ride.gpx\"\r\n"
                "Content-Type: application/gpx+xml\r\n\r\n").encode() + gpx_run(10) + \
            (f"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"sport\"\r\n\r\nride\r\n"
             f"--{boundary}\r\nContent-Disposition: form-data; name=\"visibility\"\r\n\r\neveryone\r\n"
             f"--{boundary}--\r\n").encode()
        status, _, raw = self.send("POST", "/v1/workouts/import", body, f"multipart/form-data; boundary={boundary}")
        self.assertEqual(status, 200, raw)
        summary = json.loads(raw)
        self.assertEqual((summary["imported"], summary["files"][0]["file_name"]), (1, "ride.gpx"))
        workout = summary["files"][0]["workout_id"]

        status, _, raw = self.send("POST", "/v1/workouts/import?file_name=raw.gpx&visibility=only_me", gpx_run(11),
                                   "application/gpx+xml")
        self.assertEqual(status, 200, raw)
        private = json.loads(raw)["files"][0]["workout_id"]

        # Files come back as themselves.
        status, headers, svg = self.send("GET", f"/v1/workouts/{workout}/route.svg", token=self.eve)
        self.assertEqual((status, headers["Content-Type"]), (200, "image/svg+xml"))
        self.assertTrue(svg.startswith(b"<?xml"))
        status, headers, gpx = self.send("GET", f"/v1/workouts/{workout}/export?format=gpx", token=self.eve)
        self.assertEqual(status, 200)
        self.assertIn("attachment", headers["Content-Disposition"])
        self.assertIn(b"<gpx", gpx)

        # Another user: the private workout does not exist for them, nor the public one's original.
        for path in (f"/v1/workouts/{private}", f"/v1/workouts/{private}/route.svg",
                     f"/v1/workouts/{workout}/original"):
            status, _, raw = self.send("GET", path, token=self.eve)
            self.assertEqual(status, 404, path)
        status, _, _ = self.send("DELETE", f"/v1/workouts/{workout}", token=self.eve)
        self.assertEqual(status, 404)
        status, _, raw = self.send("GET", f"/v1/workouts/{workout}")
        self.assertEqual(status, 200)

    def test_bad_uploads_are_refused_clearly(self):
        # Refused on its declared length, before its body: the headers alone get the answer (sending
        # the body too would race the server closing the connection).
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as sock:
            sock.sendall((f"POST /v1/workouts/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          f"Authorization: Bearer {self.ann}\r\nContent-Type: application/octet-stream\r\n"
                          f"Content-Length: {2 << 20}\r\n\r\n").encode())
            status_line = sock.makefile("rb").readline().decode()
        self.assertIn(" 413 ", status_line)
        status, _, raw = self.send("POST", "/v1/workouts/import?file_name=bad.gpx", b"<gpx><trk>", "application/gpx+xml")
        self.assertEqual(status, 400)
        problem = json.loads(raw)
        self.assertIn("bad.gpx", problem["detail"])
        status, _, raw = self.send("POST", "/v1/workouts/import", b"--x\r\nno headers end", "multipart/form-data; boundary=x")
        self.assertEqual(status, 400, raw)
        status, _, raw = self.send("POST", "/v1/workouts/import", gpx_run(12), "application/gpx+xml", token="nope")
        self.assertEqual(status, 401)


if __name__ == "__main__":
    unittest.main()
