"""End-to-end tests of registration: fitctl and `fitctl serve` on one database with the Stripe
adapter pointed at tests/support/stripe_standin.py on 127.0.0.1. A paid registration waits for
Stripe's signed webhook, posted over HTTP as Stripe posts it (the raw JSON body and its
Stripe-Signature header); the same webhook twice changes nothing; a forged one is refused. Then
the e-ticket checks in once, and a full contest waitlists."""

import hashlib
import hmac
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from serve import Server, fitctl_env, json_as, run_as  # noqa: E402

PASSWORD = "long enough racing password 42"
SECRET_KEY = "sk_test_registrations_e2e"
WEBHOOK_SECRET = "whsec_registrations_e2e"
STANDIN = pathlib.Path(__file__).resolve().parent.parent / "support" / "stripe_standin.py"


def signed(event_id, kind, obj, age_s=0):
    """A Stripe event as Stripe sends it: (body bytes, Stripe-Signature header)."""
    t = int(time.time()) - age_s
    body = json.dumps({"id": event_id, "object": "event", "created": t, "type": kind,
                       "data": {"object": obj}}).encode()
    mac = hmac.new(WEBHOOK_SECRET.encode(), str(t).encode() + b"." + body, hashlib.sha256).hexdigest()
    return body, f"t={t},v1={mac}"


class RegistrationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fitkit-registrations-"))
        cls.standin = subprocess.Popen(["/usr/bin/python3", str(STANDIN), "--key", SECRET_KEY,
                                        "--status", "1500=requires_payment_method"],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        cls.server = None
        try:
            port = int(cls.standin.stdout.readline().strip())
            cls.env = fitctl_env(cls.tmp)
            cls.env.update(FITKIT_PAYMENTS="stripe", FITKIT_STRIPE_SECRET_KEY=SECRET_KEY,
                           FITKIT_STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
                           FITKIT_STRIPE_API_URL=f"http://127.0.0.1:{port}")
            cls.server = Server(cls.env)
            for email in ("ann@example.com", "bob@example.com", "cat@example.com"):
                cls.json_of("users", "create", "--email", email, "--password", PASSWORD, who="system")
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.stop()
        cls.standin.terminate()
        cls.standin.wait(10)
        cls.standin.stdout.close()
        cls.standin.stderr.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def run_cli(cls, *args, who):
        return run_as(cls.env, who, *args)

    @classmethod
    def json_of(cls, *args, who):
        return json_as(cls.env, who, *args)

    def post_webhook(self, body, signature):
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("POST", "/v1/payments/webhook", body=body,
                         headers={"Content-Type": "application/json; charset=utf-8", "Stripe-Signature": signature})
            r = conn.getresponse()
            return r.status, json.loads(r.read() or b"null")
        finally:
            conn.close()

    def open_event(self, capacity):
        ann = "ann@example.com"
        event = self.json_of("events", "create", "--title", "Spring 10K", "--type", "race",
                             "--starts-at", "2030-05-01T08:00:00Z", "--ends-at", "2030-05-01T12:00:00Z",
                             "--time-zone", "UTC", "--currency", "EUR", who=ann)
        contest = self.json_of("events", "contests", "add", "--event-id", event["id"], "--name", "10 km",
                               "--capacity", str(capacity), "--fee-minor", "1500", who=ann)
        for status in ("published", "registration_open"):
            self.json_of("events", "status", "set", "--event-id", event["id"], "--status", status, who=ann)
        return event["id"], contest["id"]

    def register(self, event_id, contest_id, who, name):
        return self.json_of("events", "register", "--event-id", event_id, "--contest-id", contest_id,
                            "--given-name", name, "--family-name", "Runner", who=who)

    def test_a_paid_registration_waits_for_the_signed_webhook_then_checks_in(self):
        event_id, contest_id = self.open_event(capacity=1)
        bob = self.register(event_id, contest_id, "bob@example.com", "Bob")
        self.assertEqual(bob["status"], "awaiting_payment")
        self.assertIn("_secret_", bob["payment_client_secret"])
        cat = self.register(event_id, contest_id, "cat@example.com", "Cat")
        self.assertEqual(cat["status"], "waitlisted")
        self.assertEqual(cat["waitlist_position"], 1)

        intent = {"id": bob["payment_id"], "object": "payment_intent", "amount": 1500, "currency": "eur",
                  "status": "succeeded", "metadata": {"reference": bob["id"]}}
        body, signature = signed("evt_e2e_1", "payment_intent.succeeded", intent)
        # Forged and stale webhooks are refused with 401; nothing changes.
        status, problem = self.post_webhook(body, signature[:-1] + ("0" if signature[-1] != "0" else "1"))
        self.assertEqual(status, 401, problem)
        status, _ = self.post_webhook(*signed("evt_e2e_1", "payment_intent.succeeded", intent, age_s=600))
        self.assertEqual(status, 401)
        self.assertEqual(self.json_of("events", "registrations", "get", "--registration-id", bob["id"],
                                      who="bob@example.com")["status"], "awaiting_payment")

        status, answer = self.post_webhook(body, signature)
        self.assertEqual(status, 200, answer)
        self.assertEqual(answer["duplicate"], False)
        self.assertEqual(answer["registration_id"], bob["id"])
        status, answer = self.post_webhook(body, signature)
        self.assertEqual((status, answer["duplicate"]), (200, True))
        paid = self.json_of("events", "registrations", "get", "--registration-id", bob["id"], who="ann@example.com")
        self.assertEqual(paid["status"], "confirmed")

        ticket = self.json_of("events", "registrations", "ticket", "--registration-id", bob["id"],
                              who="bob@example.com")
        self.assertIn("<svg", ticket["qr_svg"])
        r = self.run_cli("events", "checkin", "--event-id", event_id, "--ticket", ticket["token"],
                         who="bob@example.com")
        self.assertEqual(r.returncode, 4, r.stderr)  # only organizers check people in
        checked = self.json_of("events", "checkin", "--event-id", event_id, "--ticket", ticket["token"],
                               who="ann@example.com")
        self.assertEqual(checked["status"], "checked_in")
        r = self.run_cli("events", "checkin", "--event-id", event_id, "--ticket", ticket["token"],
                         who="ann@example.com")
        self.assertEqual(r.returncode, 7, r.stderr)
        self.assertIn("already checked in", r.stderr)

    def test_someone_else_sees_nothing_of_a_registration(self):
        event_id, contest_id = self.open_event(capacity=10)
        cat = self.register(event_id, contest_id, "cat@example.com", "Cat")
        r = self.run_cli("events", "registrations", "get", "--registration-id", cat["id"], who="bob@example.com")
        self.assertEqual(r.returncode, 3, r.stderr)
        r = self.run_cli("events", "register", "--event-id", event_id, "--contest-id", contest_id,
                         "--given-name", "Cat", "--family-name", "Again", who="cat@example.com")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("already registered", r.stderr)


if __name__ == "__main__":
    unittest.main()
