"""fitctl choosing its payment provider from the environment: FITKIT_PAYMENTS=stripe and its settings."""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
from serve import fitctl_env  # noqa: E402

FITCTL = os.environ.get("FITCTL", "fitctl")


class PaymentsConfigTest(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fitctl-payments-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def run_fitctl(self, **settings):
        env = fitctl_env(self.tmp)
        env.update(settings)
        return subprocess.run([FITCTL, "--as", "system", "users", "list", "--format", "json"], env=env,
                              capture_output=True, text=True, timeout=60)

    def test_local_is_the_default_and_can_be_named(self):
        self.assertEqual(self.run_fitctl().returncode, 0)
        self.assertEqual(self.run_fitctl(FITKIT_PAYMENTS="local").returncode, 0)

    def test_stripe_with_a_key_starts(self):
        done = self.run_fitctl(FITKIT_PAYMENTS="stripe", FITKIT_STRIPE_SECRET_KEY="sk_test_123",
                               FITKIT_STRIPE_WEBHOOK_SECRET="whsec_1", FITKIT_STRIPE_API_URL="http://127.0.0.1:9")
        self.assertEqual(done.returncode, 0, done.stderr)

    def test_stripe_without_a_key_is_a_usage_error(self):
        done = self.run_fitctl(FITKIT_PAYMENTS="stripe")
        self.assertEqual(done.returncode, 2)
        self.assertIn("FITKIT_STRIPE_SECRET_KEY", done.stderr)

    def test_a_plain_http_api_url_elsewhere_is_refused_without_showing_the_key(self):
        done = self.run_fitctl(FITKIT_PAYMENTS="stripe", FITKIT_STRIPE_SECRET_KEY="sk_test_hidden",
                               FITKIT_STRIPE_API_URL="http://api.example.com")
        self.assertEqual(done.returncode, 2)
        self.assertIn("https://", done.stderr)
        self.assertNotIn("sk_test_hidden", done.stderr)

    def test_an_unknown_provider_is_a_usage_error(self):
        done = self.run_fitctl(FITKIT_PAYMENTS="paypal")
        self.assertEqual(done.returncode, 2)
        self.assertIn("local or stripe", done.stderr)


if __name__ == "__main__":
    unittest.main()
