"""End-to-end tests of the organizer's panel and results as a federation runs them: fitctl with the
event's id unnamed (`fitctl events results import EVT results.csv --dry-run`), and `fitctl serve`
on the same database for the leaderboard and the exports over HTTP."""

import http.client
import pathlib
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from serve import Server, fitctl_env, json_as, run_as  # noqa: E402

PASSWORD = "long enough racing password 42"
ANN = "ann@example.com"


class ResultsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fitkit-results-"))
        cls.env = fitctl_env(cls.tmp)
        cls.server = None
        try:
            for email in (ANN, "bob@example.com", "cat@example.com"):
                json_as(cls.env, "system", "users", "create", "--email", email, "--password", PASSWORD)
            cls.server = Server(cls.env)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def cli(self, *args, who=ANN):
        return json_as(self.env, who, *args)

    def test_panel_import_leaderboard_and_exports(self):
        event = self.cli("events", "create", "--title", "River Run", "--type", "race", "--starts-at",
                         "2030-05-01T08:00:00Z", "--ends-at", "2030-05-01T12:00:00Z", "--time-zone", "UTC")["id"]
        contest = self.cli("events", "contests", "add", event, "--name", "10 km", "--bib-from", "1", "--bib-to", "99",
                           "--sport", "run", "--distance-m", "10000",
                           "--categories", '[{"code":"M35","gender":"male","min_age":35,"max_age":39}]')["id"]
        for status in ("published", "registration_open"):
            self.cli("events", "status", "set", event, "--status", status)
        for who, name, gender in (("bob@example.com", "Bob", "male"), ("cat@example.com", "Cat", "female")):
            self.cli("events", "register", event, "--contest-id", contest, "--given-name", name, "--family-name",
                     "Stone", "--gender", gender, "--birth-date", "1993-01-01", who=who)
        self.cli("events", "participants", "add", event, "--contest-id", contest, "--given-name", "=Eve",
                 "--family-name", "Guest", "--gender", "male", "--birth-date", "1992-02-02")
        self.assertEqual(self.cli("events", "contests", "bibs", "assign", contest)["assigned"], 3)

        # The panel: a filter, and an export written to a file; a participant may not.
        listed = self.cli("events", "participants", "list", event, "--query", "cat")
        self.assertEqual([p["given_name"] for p in listed["items"]], ["Cat"])
        out = self.tmp / "list.csv"
        r = run_as(self.env, ANN, "events", "participants", "export", event, "--columns", "bib,given_name,email",
                   "-o", str(out))
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = out.read_text().splitlines()
        self.assertEqual(lines[0], "bib,given_name,email")
        self.assertIn("3,'=Eve,", lines)  # a formula is neutralised
        r = run_as(self.env, "bob@example.com", "events", "participants", "list", event)
        self.assertEqual(r.returncode, 4, r.stderr)

        # Results: a dry run, then the import, from a file named unnamed.
        self.cli("events", "status", "set", event, "--status", "in_progress")
        results = self.tmp / "results.csv"
        results.write_text("Bib,Time\n1,0:41:20\n2,0:39:00\n3,0:45:10\n9,0:50:00\n")
        report = self.cli("events", "results", "import", event, str(results), "--dry-run")
        self.assertEqual((report["created"], report["unmatched_count"], report["applied"]), (3, 1, False))
        r = run_as(self.env, ANN, "events", "results", "import", event, str(self.tmp / "missing.csv"))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("cannot read", r.stderr)
        r = run_as(self.env, ANN, "events", "results", "import", event, str(results))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("line 5", r.stderr)
        self.assertTrue(self.cli("events", "results", "import", event, str(results), "--skip-unmatched")["applied"])

        # The leaderboard as CSV through fitctl's output, and over HTTP for anyone.
        r = run_as(self.env, ANN, "--format", "csv", "events", "leaderboard", event, "--category", "M35")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = r.stdout.splitlines()
        self.assertTrue(rows[0].startswith("position,place,bib,given_name"), rows[0])
        self.assertEqual([row.split(",")[3] for row in rows[1:]], ["Bob", "'=Eve"])
        status, _, board = self.server.call("GET", f"/v1/events/{event}/leaderboard?gender=female")
        self.assertEqual(status, 200, board)
        self.assertEqual([(s["given_name"], s["place"], s["result"]) for s in board["items"]],
                         [("Cat", 1, "0:39:00")])
        self.assertFalse(board["official"])
        self.cli("events", "results", "publish", event)
        status, _, board = self.server.call("GET", f"/v1/events/{event}/leaderboard")
        self.assertTrue(board["official"])

        # The IOF ResultList over HTTP, as a file.
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("GET", f"/v1/events/{event}/results/export?format=iof")
            response = conn.getresponse()
            body = response.read().decode()
            self.assertEqual(response.status, 200)
            self.assertIn("xml", response.getheader("Content-Type"))
        finally:
            conn.close()
        self.assertIn('<ResultList', body)
        self.assertIn('status="Complete"', body)
        self.assertIn("<Given>Bob</Given>", body)

        # My events, for Bob.
        mine = self.cli("events", "mine", "--when", "current", who="bob@example.com")
        self.assertEqual([(m["place"], m["result"]) for m in mine["events"]], [(2, "0:41:20")])
        bob_registration = mine["events"][0]["registration_id"]

        # Bob's first 10 km is his personal best, linked to his race records.
        bob = next(s for s in board["items"] if s["given_name"] == "Bob")
        self.assertTrue(bob["personal_best"])
        self.assertEqual(bob["records_path"], f"/v1/users/{bob['user_id']}/race-records")
        records = self.cli("users", "race-records", bob["user_id"], who="bob@example.com")["records"]
        self.assertEqual([(r["time"], r["event_id"]) for r in records], [("0:41:20", event)])

        # A photo of Bob at the finish, added with fitctl from a file and read back over HTTP.
        jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        (self.tmp / "finish.jpg").write_bytes(jpeg)
        photo = self.cli("events", "results", "photos", "add", event, str(self.tmp / "finish.jpg"),
                         "--registration-id", bob_registration, "--caption", "Bob at the finish")
        self.assertEqual(photo["content_type"], "image/jpeg")
        status, _, listed = self.server.call(
            "GET", f"/v1/events/{event}/results/photos?registration_id={bob_registration}")
        self.assertEqual((status, [p["caption"] for p in listed["items"]]), (200, ["Bob at the finish"]))
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("GET", photo["file_path"])
            response = conn.getresponse()
            self.assertEqual((response.status, response.getheader("Content-Type")), (200, "image/jpeg"))
            self.assertEqual(response.read(), jpeg)
        finally:
            conn.close()
        # A participant may not add one; a GIF is no photo.
        (self.tmp / "anim.gif").write_bytes(b"GIF89a\x01\x00\x01\x00")
        r = run_as(self.env, "bob@example.com", "events", "results", "photos", "add", event,
                   str(self.tmp / "finish.jpg"))
        self.assertEqual(r.returncode, 4, r.stderr)
        r = run_as(self.env, ANN, "events", "results", "photos", "add", event, str(self.tmp / "anim.gif"))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("PNG, JPEG or WebP", r.stderr)


if __name__ == "__main__":
    unittest.main()
