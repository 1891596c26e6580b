"""End-to-end tests of organisations and events: fitctl as a process (an organisation and its
organizers, an event with its nested parts given as JSON, contests, the status steps, the
catalogue, exit codes), and the same event read and searched over HTTP with `fitctl serve`."""

import json
import pathlib
import shutil
import sys
import unittest
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from serve import json_as, run_as, serve_in_temp_dir  # noqa: E402

PASSWORD = "long enough racing password 42"


class EventsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.env, cls.server = serve_in_temp_dir("fitkit-events-")
        try:
            cls.ids = {}
            for email in ("ann@example.com", "bob@example.com", "cat@example.com"):
                cls.ids[email] = cls.json_of("users", "create", "--email", email, "--password", PASSWORD,
                                             who="system")["id"]
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def run_cli(cls, *args, who):
        return run_as(cls.env, who, *args)

    @classmethod
    def json_of(cls, *args, who):
        return json_as(cls.env, who, *args)

    def get(self, path, **query):
        url = self.server.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def test_a_federation_runs_an_event_from_the_command_line(self):
        org = self.json_of("orgs", "create", "--name", "Volga Federation", "--kind", "federation",
                           who="ann@example.com")
        self.json_of("orgs", "members", "set", "--org-id", org["id"], "--user-id", self.ids["bob@example.com"],
                     "--role", "organizer", who="ann@example.com")
        # Bob organizes for the federation; Cat, not a member, may not.
        r = self.run_cli("events", "create", "--org-id", org["id"], "--title", "X", "--type", "race",
                         "--starts-at", "2030-05-01T08:00:00Z", "--ends-at", "2030-05-01T12:00:00Z",
                         "--time-zone", "UTC", who="cat@example.com")
        self.assertEqual(r.returncode, 4, r.stderr)
        event = self.json_of(
            "events", "create", "--org-id", org["id"], "--title", "Volga Marathon", "--type", "race",
            "--starts-at", "2030-05-01T08:00:00+03:00", "--ends-at", "2030-05-01T14:00:00+03:00",
            "--time-zone", "Europe/Moscow", "--currency", "EUR", "--categories", '["running"]',
            "--place", json.dumps({"name": "Embankment", "latitude": 55.79, "longitude": 49.12}),
            "--audience", json.dumps({"min_age": 18}), who="bob@example.com")
        self.assertEqual(event["organizer"]["name"], "Volga Federation")
        self.assertEqual(event["starts_at"], "2030-05-01T05:00:00.000Z")
        contest = self.json_of("events", "contests", "add", "--event-id", event["id"], "--name", "42 km",
                               "--capacity", "3000", "--fee-minor", "4500", "--distance-m", "42195",
                               who="bob@example.com")
        self.assertEqual(contest["places_left"], 3000)
        # A bad nested part names its field, with the usage exit code.
        r = self.run_cli("events", "update", "--event-id", event["id"], "--place", '{"latitude": 99, "longitude": 1}',
                         who="bob@example.com")
        self.assertEqual(r.returncode, 2)
        self.assertIn("place.latitude", r.stderr)
        # A draft is not in the catalogue; published, it is, over HTTP too.
        status, page = self.get("/v1/events", search="volga")
        self.assertEqual((status, page["items"]), (200, []))
        self.json_of("events", "status", "set", "--event-id", event["id"], "--status", "published",
                     who="bob@example.com")
        r = self.run_cli("events", "status", "set", "--event-id", event["id"], "--status", "finished",
                         who="bob@example.com")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("steps", r.stderr)
        status, page = self.get("/v1/events", search="marath volga", near_latitude="55.8", near_longitude="49.1",
                                radius_km="10")
        self.assertEqual(status, 200, page)
        self.assertEqual([e["title"] for e in page["items"]], ["Volga Marathon"])
        status, got = self.get(f"/v1/events/{event['id']}")
        self.assertEqual(status, 200)
        self.assertEqual(got["contests"][0]["name"], "42 km")
        self.assertNotIn("link_token", got)
        # A table on stdout when piped: one row per event, tab-separated.
        r = self.run_cli("events", "search", "--search", "volga", who="cat@example.com")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(r.stdout.strip().splitlines()), 1)
        self.assertIn("Volga Marathon", r.stdout)

    def test_an_unlisted_event_needs_its_link(self):
        event = self.json_of("events", "create", "--title", "Secret Trail", "--type", "race", "--visibility", "unlisted",
                             "--starts-at", "2030-06-01T08:00:00Z", "--ends-at", "2030-06-01T12:00:00Z",
                             "--time-zone", "UTC", who="ann@example.com")
        self.json_of("events", "contests", "add", "--event-id", event["id"], "--name", "20 km", who="ann@example.com")
        self.json_of("events", "status", "set", "--event-id", event["id"], "--status", "published",
                     who="ann@example.com")
        status, problem = self.get(f"/v1/events/{event['id']}")
        self.assertEqual(status, 404, problem)
        status, got = self.get(f"/v1/events/{event['id']}", link_token=event["link_token"])
        self.assertEqual((status, got["title"]), (200, "Secret Trail"))
        r = self.run_cli("events", "get", "--event-id", event["id"], who="bob@example.com")
        self.assertEqual(r.returncode, 3, r.stderr)


if __name__ == "__main__":
    unittest.main()
