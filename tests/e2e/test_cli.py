"""End-to-end tests of fitctl: the binary run as a process on a fresh database.

Run by ctest with FITCTL set to the binary; each test gets its own folder.
"""

import csv
import email
import email.policy
import io
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import tempfile
import sys
import unittest
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from terminal import run_on_terminal  # noqa: E402

FITCTL = os.environ.get("FITCTL", "fitctl")
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "correct horse battery staple 7"
USER_EMAIL = "runner@example.com"
USER_PASSWORD = "long enough running password 42"


class FitctlTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fitctl-test-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.db = f"sqlite:{self.tmp}/fitkit.db"
        self.data = self.tmp / "data"
        # A clean environment: no FITKIT_* of the caller, no config file of theirs.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("FITKIT_") and k != "NO_COLOR"}
        self.env.update(FITKIT_ARGON2="m=1024,t=1,p=1", HOME=str(self.tmp), XDG_CONFIG_HOME=str(self.tmp / "config"))

    # Runs fitctl with the test's database; `globals_` go before the command.
    def run_cli(self, *args, globals_=(), input=None, env=None, db=True, timeout=60):
        argv = [FITCTL]
        if db:
            argv += ["--db", self.db, "--data-dir", str(self.data)]
        argv += list(globals_) + list(args)
        return subprocess.run(argv, input=input, capture_output=True, text=True, timeout=timeout,
                              env={**self.env, **(env or {})})

    def ok(self, *args, **kwargs):
        r = self.run_cli(*args, **kwargs)
        self.assertEqual(r.returncode, 0, f"{args}: {r.stderr}")
        return r

    def json_of(self, *args, **kwargs):
        r = self.ok("--format", "json", *args, **kwargs)
        return json.loads(r.stdout)

    def assert_fails(self, expected_code, *args, **kwargs):
        r = self.run_cli(*args, **kwargs)
        self.assertEqual(r.returncode, expected_code, f"{args}: stdout={r.stdout!r} stderr={r.stderr!r}")
        self.assertEqual(r.stdout, "", "a failing command prints nothing on stdout")
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, f"one line on stderr, got {r.stderr!r}")
        self.assertTrue(lines[0].startswith("fitctl: "), lines[0])
        return lines[0]

    # Accounts used by several tests.
    def create_admin(self):
        return self.json_of("users", "create", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD,
                            "--roles", "admin", globals_=["--as", "system"])

    def deliver_mail(self):
        return json.loads(self.ok("--format", "json", "worker", "--once").stdout)

    def token_from_mail(self, recipient):
        mail_dir = self.data / "mail"
        for path in sorted(mail_dir.rglob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if recipient in str(message["To"]):
                body = message.get_body(preferencelist=("plain",)).get_content()
                match = re.search(r"token=([A-Za-z0-9_\-]+)", body)
                if match:
                    return match.group(1)
        self.fail(f"no mail with a token for {recipient} in {mail_dir}")

    def register_and_verify(self):
        self.ok("auth", "register", "--email", USER_EMAIL, "--password", USER_PASSWORD)
        self.assertGreaterEqual(self.deliver_mail()["delivered"], 1)
        self.ok("auth", "verify-email", "--token", self.token_from_mail(USER_EMAIL))

    def login(self, email=USER_EMAIL, password=USER_PASSWORD):
        return self.json_of("auth", "login", "--email", email, "--password", password)


class DatabaseTest(FitctlTestCase):
    def test_migrate_then_status(self):
        first = self.json_of("db", "migrate")
        self.assertGreaterEqual(first["applied"], 2)
        self.assertEqual(first["version"], first["applied"])
        self.assertEqual(self.json_of("db", "migrate")["applied"], 0)

        rows = [line.split("\t") for line in self.ok("db", "status").stdout.splitlines()]
        self.assertEqual(len(rows), first["version"])
        self.assertEqual(rows[0][0], "1")
        for version, name, applied_at in rows:
            self.assertTrue(name)
            self.assertRegex(applied_at, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")

    def test_status_of_a_new_database_lists_pending_migrations(self):
        items = self.json_of("db", "status")["items"]
        self.assertGreaterEqual(len(items), 2)
        self.assertTrue(all(item["applied_at"] is None for item in items))


class RegistryCommandsTest(FitctlTestCase):
    def test_ops_list(self):
        rows = [line.split("\t") for line in self.ok("ops", "list", db=False).stdout.splitlines()]
        names = {row[0] for row in rows}
        self.assertTrue({"auth.register", "auth.login", "users.create", "profile.get"} <= names)
        self.assertTrue(all(len(row) == 4 for row in rows))
        register = next(row for row in rows if row[0] == "auth.register")
        self.assertEqual(register[1], "POST")
        self.assertTrue(register[2].startswith("/v1/"))

    def test_ops_show(self):
        op = self.json_of("ops", "show", "auth.register", db=False)
        self.assertEqual(op["command"], "fitctl auth register")
        params = {p["name"]: p for p in op["params"]}
        self.assertTrue(params["email"]["required"])
        self.assertTrue(params["password"]["secret"])
        self.assertEqual(params["password"]["flag"], "--password")
        self.assert_fails(3, "ops", "show", "no.such.op", db=False)

    def test_generated_help_uses_kebab_case(self):
        r = self.ok("auth", "--help", db=False)
        self.assertIn("password-reset", r.stdout)
        self.assertIn("verify-email", r.stdout)
        r = self.ok("auth", "password-reset", "request", "--help", db=False)
        self.assertIn("--email", r.stdout)

    def test_help_exit_codes_and_version(self):
        rows = [line.split("\t") for line in self.ok("help", "exit-codes", db=False).stdout.splitlines()]
        self.assertEqual([row[0] for row in rows], [str(n) for n in range(9)])
        self.assertEqual(rows[2][1], "usage")
        self.assertRegex(self.ok("version", db=False).stdout, r"^fitctl \d+\.\d+\.\d+\n$")


class AccountFlowTest(FitctlTestCase):
    def test_first_admin_register_verify_login_profile(self):
        admin = self.create_admin()
        self.assertIn("admin", admin["roles"])
        self.assertEqual(admin["status"], "active")

        self.register_and_verify()
        tokens = self.login()
        for key in ("access_token", "refresh_token", "token_type", "expires_in"):
            self.assertIn(key, tokens)
        self.assertEqual(tokens["token_type"], "Bearer")

        me = self.json_of("profile", "get", globals_=["--token", tokens["access_token"]])
        self.assertEqual((me["id"], me["email"]), (tokens["user_id"], USER_EMAIL))
        # The token also comes from the environment, and as admin --as takes an email.
        r = self.ok("--format", "json", "profile", "get", env={"FITKIT_TOKEN": tokens["access_token"]})
        self.assertEqual(json.loads(r.stdout)["id"], tokens["user_id"])
        listed = self.json_of("user", "list", globals_=["--as", ADMIN_EMAIL])["items"]
        self.assertEqual({u["email"] for u in listed}, {ADMIN_EMAIL, USER_EMAIL})

    def test_parameters_are_converted_by_type(self):
        self.create_admin()
        self.register_and_verify()
        token = self.login()["access_token"]
        updated = self.json_of("profile", "update", "--interests", "running,cycling", "--height-cm", "180.5",
                               globals_=["--token", token])
        self.assertEqual(updated["profile"]["interests"], ["running", "cycling"])
        self.assertEqual(updated["profile"]["height_cm"], 180.5)
        updated = self.json_of("profile", "update", "--interests", '["swimming"]', globals_=["--token", token])
        self.assertEqual(updated["profile"]["interests"], ["swimming"])
        self.assert_fails(2, "profile", "update", "--height-cm", "tall", globals_=["--token", token])
        self.assert_fails(2, "users", "list", "--limit", "ten", globals_=["--as", "system"])
        # Booleans are flags, and take =false.
        pref = self.json_of("notifications", "preferences", "set", "--type", "marketing", "--channel", "email",
                            "--enabled=false", globals_=["--token", token])
        self.assertIs(pref["enabled"], False)
        pref = self.json_of("notifications", "preferences", "set", "--type", "marketing", "--channel", "email",
                            "--enabled", globals_=["--token", token])
        self.assertIs(pref["enabled"], True)

    def test_password_from_stdin(self):
        r = self.ok("auth", "register", "--email", USER_EMAIL, "--password", "-", input=USER_PASSWORD + "\n")
        self.deliver_mail()
        self.ok("auth", "verify-email", "--token", "-", input=self.token_from_mail(USER_EMAIL) + "\n")
        r = self.ok("--format", "json", "auth", "login", "--email", USER_EMAIL, "--password", "-",
                    input=USER_PASSWORD + "\n")
        self.assertIn("access_token", json.loads(r.stdout))
        self.assertNotIn(USER_PASSWORD, r.stdout + r.stderr)
        line = self.assert_fails(2, "auth", "login", "--email", USER_EMAIL, "--password", "-", input="")
        self.assertIn("stdin", line)

    def test_call_with_json_data(self):
        self.create_admin()
        data = json.dumps({"email": USER_EMAIL, "password": USER_PASSWORD})
        created = json.loads(self.ok("--format", "json", "call", "users.create", "--data", data,
                                     globals_=["--as", "system"]).stdout)
        self.assertEqual(created["email"], USER_EMAIL)
        path = self.tmp / "params.json"
        path.write_text(json.dumps({"limit": 1}))
        page = json.loads(self.ok("--format", "json", "call", "users.list", "--data", f"@{path}",
                                  globals_=["--as", "system"]).stdout)
        self.assertEqual(len(page["items"]), 1)
        self.assertIsNotNone(page["next_cursor"])
        r = self.ok("call", "users.list", "--data", "-", input='{"limit": 2}', globals_=["--as", "system"])
        self.assertEqual(len(r.stdout.splitlines()), 2)
        self.assert_fails(2, "call", "users.list", "--data", "{not json", globals_=["--as", "system"])
        self.assert_fails(2, "call", "users.list", "--data", '{"no_such_param": 1}', globals_=["--as", "system"])


class PagingTest(FitctlTestCase):
    def setUp(self):
        super().setUp()
        self.create_admin()
        for i in range(4):
            self.json_of("users", "create", "--email", f"u{i}@example.com", "--password", USER_PASSWORD,
                         globals_=["--as", "system"])
        self.as_admin = ["--as", ADMIN_EMAIL]
        self.everyone = [u["email"] for u in self.json_of("users", "list", globals_=self.as_admin)["items"]]
        self.assertEqual(len(self.everyone), 5)

    def test_cursor_and_limit_page_through_a_list(self):
        seen, cursor = [], None
        while True:
            page = self.json_of("users", "list", "--limit", "2", *(["--cursor", cursor] if cursor else []),
                                globals_=self.as_admin)
            self.assertLessEqual(len(page["items"]), 2)
            seen += [u["email"] for u in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
            self.assertEqual(len(page["items"]), 2)
        self.assertEqual(seen, self.everyone)
        # In a table the cursor goes to stderr, the rows stay on stdout.
        r = self.ok("--format", "table", "users", "list", "--limit", "2", globals_=self.as_admin)
        self.assertEqual(len(r.stdout.splitlines()), 3)
        self.assertRegex(r.stderr, r"^next_cursor: [A-Za-z0-9_-]+\n$")

    def test_all_follows_next_cursor_to_the_end(self):
        page = self.json_of("users", "list", "--all", "--limit", "2", globals_=self.as_admin)
        self.assertEqual([u["email"] for u in page["items"]], self.everyone)
        self.assertIsNone(page["next_cursor"])
        lines = self.ok("--format", "ndjson", "users", "list", "--all", "--limit", "1",
                        globals_=self.as_admin).stdout.splitlines()
        self.assertEqual([json.loads(line)["email"] for line in lines], self.everyone)
        first = self.json_of("users", "list", "--limit", "2", globals_=self.as_admin)
        rest = self.json_of("users", "list", "--all", "--limit", "2", "--cursor", first["next_cursor"],
                            globals_=self.as_admin)
        self.assertEqual([u["email"] for u in first["items"] + rest["items"]], self.everyone)
        # Filters hold on every page.
        self.assertEqual(len(self.json_of("users", "list", "--all", "--limit", "1", "--email-prefix", "u",
                                          globals_=self.as_admin)["items"]), 4)
        # --all is offered by the lists that page, and only by them.
        self.assertIn("--all", self.ok("audit", "list", "--help", db=False).stdout)
        self.assertNotIn("--all", self.ok("notifications", "preferences", "get", "--help", db=False).stdout)
        self.assertNotIn("--all", self.ok("users", "get", "--help", db=False).stdout)

    def test_bad_cursor_and_limit_are_refused(self):
        first = self.json_of("users", "list", "--limit", "1", globals_=self.as_admin)
        audit = self.json_of("audit", "list", "--limit", "1", globals_=self.as_admin)
        for cursor in ["garbage", "", first["next_cursor"][:-2], audit["next_cursor"]]:
            line = self.assert_fails(2, "users", "list", "--cursor", cursor, globals_=self.as_admin)
            self.assertIn("cursor", line)
        for limit in ["0", "-1", "201", "4294967297", "18446744073709551617"]:
            line = self.assert_fails(2, "users", "list", "--limit", limit, "--all", globals_=self.as_admin)
            self.assertIn("limit", line)

    def test_paging_keeps_who_may_see_what(self):
        cursor = self.json_of("users", "list", "--limit", "1", globals_=self.as_admin)["next_cursor"]
        self.assert_fails(4, "users", "list", "--all", globals_=["--as", "u0@example.com"])
        self.assert_fails(4, "users", "list", "--cursor", cursor, globals_=["--as", "u0@example.com"])
        self.assert_fails(5, "sessions", "list", "--all")
        # Someone's own list: another user's cursor pages through one's own rows only.
        self.json_of("auth", "login", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD)
        self.json_of("auth", "login", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD)
        token = self.json_of("auth", "login", "--email", "u1@example.com", "--password", USER_PASSWORD)
        admins = self.json_of("sessions", "list", "--limit", "1", globals_=self.as_admin)
        self.assertIsNotNone(admins["next_cursor"])
        mine = self.json_of("sessions", "list", "--all", "--cursor", admins["next_cursor"],
                            globals_=["--token", token["access_token"]])
        self.assertTrue(all(s["id"] == token["session_id"] for s in mine["items"]))


class OutputFormatTest(FitctlTestCase):
    def setUp(self):
        super().setUp()
        self.create_admin()
        self.json_of("users", "create", "--email", USER_EMAIL, "--password", USER_PASSWORD,
                     "--roles", "coach,organizer", globals_=["--as", "system"])
        self.as_admin = ["--as", ADMIN_EMAIL]

    def test_tsv_is_the_default_when_piped(self):
        lines = self.ok("users", "list", globals_=self.as_admin).stdout.splitlines()
        self.assertEqual(len(lines), 2, "no header")
        columns = list(self.json_of("users", "list", globals_=self.as_admin)["items"][0])
        cells = lines[1].split("\t")
        self.assertEqual(len(cells), len(columns))
        self.assertEqual(cells[columns.index("email")], USER_EMAIL)
        self.assertTrue(cells[columns.index("id")].startswith("usr_"))
        self.assertEqual(cells[columns.index("roles")], '["user","coach","organizer"]', "nested as compact JSON")
        self.assertEqual(cells[columns.index("phone")], "", "null as nothing")

    def test_table(self):
        lines = self.ok("--format", "table", "users", "list", globals_=self.as_admin).stdout.splitlines()
        self.assertIn("EMAIL", lines[0].split())
        self.assertIn("ID", lines[0].split())
        self.assertNotIn("\x1b[", lines[0], "no colour when stdout is not a terminal")
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines[1].index(ADMIN_EMAIL), lines[0].index("EMAIL"), "aligned columns")

    def test_csv(self):
        out = self.ok("--format", "csv", "users", "list", globals_=self.as_admin).stdout
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        self.assertEqual([row["email"] for row in rows], [ADMIN_EMAIL, USER_EMAIL])
        self.assertEqual(json.loads(rows[1]["roles"]), ["user", "coach", "organizer"])

    def test_json_and_ndjson(self):
        page = self.json_of("users", "list", globals_=self.as_admin)
        self.assertEqual(len(page["items"]), 2)
        self.assertIn("next_cursor", page)
        lines = self.ok("--format", "ndjson", "users", "list", globals_=self.as_admin).stdout.splitlines()
        self.assertEqual([json.loads(line)["email"] for line in lines], [ADMIN_EMAIL, USER_EMAIL])

    def test_an_object_prints_as_field_value_rows(self):
        user_id = self.json_of("users", "list", globals_=self.as_admin)["items"][1]["id"]
        rows = dict(line.split("\t", 1)
                    for line in self.ok("users", "get", "--user-id", user_id, globals_=self.as_admin)
                    .stdout.splitlines())
        self.assertEqual(rows["email"], USER_EMAIL)
        self.assertEqual(rows["roles"], '["user","coach","organizer"]')
        line = self.ok("--format", "ndjson", "users", "get", "--user-id", user_id, globals_=self.as_admin).stdout
        self.assertEqual(json.loads(line)["id"], user_id)

    def test_format_from_environment_and_flag_after_the_command(self):
        r = self.ok("users", "list", globals_=self.as_admin, env={"FITKIT_FORMAT": "ndjson"})
        self.assertEqual(len(r.stdout.splitlines()), 2)
        self.assertEqual(json.loads(r.stdout.splitlines()[0])["email"], ADMIN_EMAIL)
        r = self.ok("users", "list", "--format", "json", globals_=self.as_admin, env={"FITKIT_FORMAT": "csv"})
        self.assertEqual(len(json.loads(r.stdout)["items"]), 2)

    def test_tabs_and_newlines_are_escaped_in_tsv(self):
        tokens = self.json_of("auth", "login", "--email", USER_EMAIL, "--password", USER_PASSWORD,
                              "--device-name", "phone\tone\nof two")
        as_user = ["--token", tokens["access_token"]]
        columns = list(self.json_of("sessions", "list", globals_=as_user)["items"][0])
        lines = self.ok("sessions", "list", globals_=as_user).stdout.splitlines()
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines[0].split("\t")[columns.index("device_name")], "phone\\tone\\nof two")

    def run_on_terminal(self, *args, env=None):
        """Runs fitctl with stdout on a pseudo-terminal; returns what it wrote there."""
        code, out, err = run_on_terminal([FITCTL, "--db", self.db, "--data-dir", str(self.data), *args],
                                         {**self.env, **(env or {})})
        self.assertEqual(code, 0, err)
        return out

    def test_a_terminal_gets_a_table_with_a_bold_header_unless_no_color(self):
        out = self.run_on_terminal(*self.as_admin, "users", "list")
        self.assertTrue(out.startswith("\x1b[1m"), out)
        self.assertIn("EMAIL", out.splitlines()[0])
        self.assertEqual(len(out.splitlines()), 3)
        out = self.run_on_terminal(*self.as_admin, "users", "list", env={"NO_COLOR": "1"})
        self.assertNotIn("\x1b[", out)
        self.assertIn("EMAIL", out.splitlines()[0])

    def test_an_empty_list_prints_nothing(self):
        for fmt in ("tsv", "table", "csv", "ndjson"):
            r = self.run_cli("--format", fmt, "users", "list", "--status", "blocked", globals_=self.as_admin)
            self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""), fmt)

    def test_unknown_format_is_a_usage_error(self):
        self.assert_fails(2, "--format", "xml", "users", "list", globals_=self.as_admin)


class ExitCodeTest(FitctlTestCase):
    def test_usage_errors(self):
        line = self.assert_fails(2, "users", "list", "--no-such-flag", globals_=["--as", "system"])
        self.assertIn("usage", line)
        line = self.assert_fails(2, "auth", "login", "--email", USER_EMAIL)
        self.assertIn("--password", line)
        self.assert_fails(2, "no-such-command")
        self.assert_fails(2, "users")

    def test_unknown_operation_in_call(self):
        line = self.assert_fails(3, "call", "no.such.op")
        self.assertIn("not_found", line)

    def test_wrong_password_and_anonymous_calls(self):
        self.create_admin()
        line = self.assert_fails(5, "auth", "login", "--email", ADMIN_EMAIL, "--password", "not the password at all")
        self.assertTrue(line.startswith("fitctl: unauthenticated: "), line)
        self.assertNotIn("not the password", line)
        self.assert_fails(5, "profile", "get")
        self.assert_fails(5, "profile", "get", globals_=["--token", "not-a-token"])

    def test_permission_denied(self):
        self.create_admin()
        self.json_of("users", "create", "--email", USER_EMAIL, "--password", USER_PASSWORD,
                     globals_=["--as", "system"])
        self.assert_fails(4, "users", "list", globals_=["--as", USER_EMAIL])

    def test_duplicates(self):
        self.create_admin()
        line = self.assert_fails(6, "users", "create", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD,
                                 globals_=["--as", "system"])
        self.assertIn("already_exists", line)
        # Registration answers alike for a taken address, so that it reveals nothing.
        first = self.json_of("auth", "register", "--email", USER_EMAIL, "--password", USER_PASSWORD)
        again = self.json_of("auth", "register", "--email", USER_EMAIL, "--password", USER_PASSWORD)
        taken = self.json_of("auth", "register", "--email", ADMIN_EMAIL, "--password", USER_PASSWORD)
        self.assertEqual(first, again)
        self.assertEqual(first, taken)

    def test_invalid_argument_names_the_field(self):
        line = self.assert_fails(2, "users", "get", "--user-id", "wkt_nope", globals_=["--as", "system"])
        self.assertIn("(field: user_id)", line)

    def test_as_is_refused_for_a_server_database(self):
        r = self.run_cli("--db", "postgresql://fitkit@127.0.0.1:1/fitkit", "--as", "system", "users", "list",
                         db=False)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        self.assertIn("--as", r.stderr)
        self.assertIn("--token", r.stderr)
        self.assertEqual(len(r.stderr.splitlines()), 1)

    def test_as_and_token_together_are_refused(self):
        self.assert_fails(2, "profile", "get", globals_=["--as", "system", "--token", "x"])

    def test_bad_argon2_setting(self):
        self.assert_fails(2, "auth", "register", "--email", USER_EMAIL, "--password", USER_PASSWORD,
                          env={"FITKIT_ARGON2": "m=lots"})


class ConfigurationTest(FitctlTestCase):
    def test_precedence_flag_environment_config_default(self):
        config = self.tmp / "fitctl.conf"
        config.write_text(f"# fitctl settings\ndb = sqlite:{self.tmp}/from-config.db\nformat = \"json\"\n")
        env = {"FITKIT_CONFIG": str(config)}
        # The config file sets the database and the format.
        self.assertGreaterEqual(json.loads(self.ok("db", "migrate", db=False, env=env).stdout)["applied"], 2)
        self.assertTrue((self.tmp / "from-config.db").exists())
        # The environment beats the config file.
        self.ok("db", "migrate", db=False, env={**env, "FITKIT_DB": f"sqlite:{self.tmp}/from-env.db",
                                                "FITKIT_FORMAT": "tsv"})
        self.assertTrue((self.tmp / "from-env.db").exists())
        # A flag beats both.
        r = self.ok("--db", f"sqlite:{self.tmp}/from-flag.db", "--format", "ndjson", "db", "migrate", db=False,
                    env={**env, "FITKIT_DB": f"sqlite:{self.tmp}/from-env.db"})
        self.assertTrue((self.tmp / "from-flag.db").exists())
        self.assertEqual(json.loads(r.stdout)["applied"], json.loads(r.stdout)["version"])

    def test_default_config_file_is_read_and_may_be_missing(self):
        self.ok("help", "exit-codes", db=False)
        default = self.tmp / "config" / "fitkit" / "config"
        default.parent.mkdir(parents=True)
        default.write_text("format = json\n")
        self.assertEqual(json.loads(self.ok("help", "exit-codes", db=False).stdout)["items"][0]["code"], 0)

    def test_bad_config_files(self):
        self.assert_fails(2, "help", "exit-codes", db=False, env={"FITKIT_CONFIG": str(self.tmp / "missing")})
        config = self.tmp / "bad.conf"
        config.write_text("token = secret\n")
        line = self.assert_fails(2, "--config", str(config), "help", "exit-codes", db=False)
        self.assertIn("unknown key 'token'", line)


class WorkerAndServeTest(FitctlTestCase):
    def test_worker_once_reports_counts(self):
        counts = self.deliver_mail()
        self.assertEqual(counts, {"delivered": 0, "retried": 0, "failed": 0, "pending": 0})
        self.ok("auth", "register", "--email", USER_EMAIL, "--password", USER_PASSWORD)
        counts = self.deliver_mail()
        self.assertEqual((counts["delivered"], counts["pending"]), (1, 0))

    def test_worker_stops_on_sigterm(self):
        self.ok("db", "migrate")
        argv = [FITCTL, "--db", self.db, "--data-dir", str(self.data), "--format", "json", "worker",
                "--interval-ms", "50"]
        with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env) as p:
            try:
                self.ok("auth", "register", "--email", USER_EMAIL, "--password", USER_PASSWORD)
                self.token_when_delivered()
                p.send_signal(signal.SIGTERM)
                out, err = p.communicate(timeout=30)
            finally:
                if p.poll() is None:
                    p.kill()
            self.assertEqual(p.returncode, 0, err)
            self.assertEqual(json.loads(out)["delivered"], 1)

    def token_when_delivered(self):
        import time
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if list((self.data / "mail").rglob("*.eml")):
                return
            time.sleep(0.05)
        self.fail("the worker did not deliver the mail")

    def test_serve_prints_its_url_and_stops_on_sigterm(self):
        argv = [FITCTL, "--db", self.db, "--data-dir", str(self.data), "serve", "--port", "0", "--threads", "1"]
        with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env) as p:
            try:
                url = p.stdout.readline().strip()
                self.assertRegex(url, r"^http://127\.0\.0\.1:\d+")
                with urllib.request.urlopen(url.rstrip("/") + "/healthz", timeout=10) as response:
                    self.assertEqual(response.status, 200)
                # The dispatcher runs beside the server: a registration's mail gets delivered.
                self.ok("auth", "register", "--email", USER_EMAIL, "--password", USER_PASSWORD)
                self.token_when_delivered()
                p.send_signal(signal.SIGTERM)
                p.communicate(timeout=30)
            finally:
                if p.poll() is None:
                    p.kill()
            self.assertEqual(p.returncode, 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
