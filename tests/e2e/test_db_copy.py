"""End-to-end tests of `fitctl db copy`: the binary run as a process on SQLite files and on a
throwaway PostgreSQL cluster, its results read back with Python's own sqlite3.

Run by ctest with FITCTL set to the binary; each test gets its own folder.
"""

import json
import os
import pathlib
import pty
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from pg_cluster import PgCluster  # noqa: E402

FITCTL = os.environ.get("FITCTL", "fitctl")
PASSWORD = "correct horse battery staple 7"
UNICODE = "Ärger über Ωmega — 東京 🏃‍♀️"
BIG = 2**63 - 1


def sqlite_tables(path):
    """The tables a copy copies: not the migrations' record, nor the full-text index of events
    (event_search and its FTS5 shadow tables), which the copy rebuilds on the target."""
    with sqlite3.connect(path) as c:
        return sorted(r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> 'schema_migrations' AND name <> 'event_search' "
            "AND name NOT LIKE 'event\\_search\\_%' ESCAPE '\\'"))


def sqlite_rows(path):
    """Every table's rows with their Python types (int, float, str, bytes, None), sorted."""
    out = {}
    with sqlite3.connect(path) as c:
        for table in sqlite_tables(path):
            rows = [tuple((type(v).__name__, v) for v in row) for row in c.execute(f'SELECT * FROM "{table}"')]
            out[table] = sorted(rows, key=repr)
    return out


class DbCopyTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fitctl-copy-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("FITKIT_") and k != "NO_COLOR"}
        self.env.update(FITKIT_ARGON2="m=1024,t=1,p=1", HOME=str(self.tmp), XDG_CONFIG_HOME=str(self.tmp / "config"))
        self.source = self.tmp / "source.db"

    def run_cli(self, *args, timeout=120):
        return subprocess.run([FITCTL, *args], capture_output=True, text=True, timeout=timeout, env=self.env)

    def ok(self, *args, **kwargs):
        r = self.run_cli(*args, **kwargs)
        self.assertEqual(r.returncode, 0, f"{args}: {r.stderr}")
        return r

    def assert_fails(self, expected_code, *args):
        r = self.run_cli(*args)
        self.assertEqual(r.returncode, expected_code, f"{args}: stdout={r.stdout!r} stderr={r.stderr!r}")
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, f"one line on stderr, got {r.stderr!r}")
        self.assertTrue(lines[0].startswith("fitctl: "), lines[0])
        return r

    def copy_json(self, source, target, *extra):
        r = self.ok("--format", "json", "db", "copy", "--from", source, "--to", target, *extra)
        return json.loads(r.stdout)

    def make_source(self, audit_rows=0, extras=True):
        """A migrated source with users made through fitctl, plus rows of every value type (copy_extras)."""
        db = f"sqlite:{self.source}"
        data = str(self.tmp / "data")
        self.ok("--db", db, "--data-dir", data, "db", "migrate")
        self.ok("--db", db, "--data-dir", data, "--as", "system", "users", "create", "--email", "admin@example.com",
                "--password", PASSWORD, "--roles", "admin")
        for i in range(5):
            self.ok("--db", db, "--data-dir", data, "auth", "register", "--email", f"user{i}@example.com",
                    "--password", PASSWORD)
        with sqlite3.connect(self.source) as c:
            if not extras:
                return db
            c.execute("CREATE TABLE copy_extras (id BIGINT PRIMARY KEY, label TEXT, payload BYTEA, "
                      "ratio DOUBLE PRECISION, big BIGINT)")
            c.executemany("INSERT INTO copy_extras VALUES (?, ?, ?, ?, ?)", [
                (1, UNICODE, b"\x00\xff\x01'\\", 0.1, BIG),
                (2, "", b"", -1.5e300, -BIG - 1),
                (3, None, None, None, None),
            ])
            c.executemany("INSERT INTO audit_log (id, at, event, actor_id, subject_id, ip, detail) "
                          "VALUES (?, ?, 'test.event', NULL, ?, '127.0.0.1', ?)",
                          ((10**15 + i, 1767225600000 + i, i, f'{{"n": {i}, "text": "{UNICODE}"}}')
                           for i in range(audit_rows)))
        return db

    def make_target(self, name):
        """A target ready for copy_extras: migrated, with the table a later migration would add."""
        path = self.tmp / name
        self.ok("--db", f"sqlite:{path}", "db", "migrate")
        with sqlite3.connect(path) as c:
            c.execute("CREATE TABLE copy_extras (id BIGINT PRIMARY KEY, label TEXT, payload BYTEA, "
                      "ratio DOUBLE PRECISION, big BIGINT)")
        return path


class SqliteToSqliteTest(DbCopyTestCase):
    def test_copy_keeps_every_row_and_type_then_refuses_a_second_copy(self):
        source = self.make_source()
        target = self.make_target("target.db")
        report = self.copy_json(source, f"sqlite:{target}")
        self.assertTrue(report["verified"])
        self.assertFalse(report["resumed"])
        self.assertEqual(report["to"], f"sqlite:{target}")
        names = [t["table"] for t in report["tables"]]
        self.assertNotIn("schema_migrations", names)
        self.assertLess(names.index("users"), names.index("profiles"))
        self.assertLess(names.index("sessions"), names.index("refresh_tokens"))
        for t in report["tables"]:
            self.assertTrue(t["match"], t)
            self.assertEqual(t["copied"], t["source_rows"])
            self.assertRegex(t["source_checksum"], r"^[0-9a-f]{64}$")
        self.assertEqual(report["rows_copied"], sum(t["copied"] for t in report["tables"]))
        self.assertEqual(sqlite_rows(self.source), sqlite_rows(target))
        with sqlite3.connect(target) as c:
            self.assertEqual(c.execute("SELECT typeof(payload), typeof(label), typeof(ratio), typeof(big) "
                                       "FROM copy_extras WHERE id = 1").fetchone(), ("blob", "text", "real", "integer"))

        # Again into the same target: refused with the documented exit code, nothing on stdout.
        r = self.assert_fails(7, "db", "copy", "--from", source, "--to", f"sqlite:{target}")
        self.assertEqual(r.stdout, "")
        self.assertIn("failed_precondition", r.stderr)
        self.assertIn("not empty", r.stderr)
        self.assertIn("--resume", r.stderr)

        # Resuming a finished copy copies nothing and verifies.
        again = self.copy_json(source, f"sqlite:{target}", "--resume")
        self.assertTrue(again["resumed"])
        self.assertTrue(again["verified"])
        self.assertEqual(again["rows_copied"], 0)

        # The copy works as the deployment: the same password signs in.
        self.ok("--db", f"sqlite:{target}", "--data-dir", str(self.tmp / "data2"), "auth", "login", "--email",
                "admin@example.com", "--password", PASSWORD)

    def test_piped_output_is_one_tsv_row_per_table_and_no_progress(self):
        source = self.make_source(extras=False)
        r = self.ok("db", "copy", "--from", source, "--to", f"sqlite:{self.tmp / 'fresh.db'}")
        self.assertEqual(r.stderr, "")
        rows = [line.split("\t") for line in r.stdout.splitlines()]
        self.assertEqual(len(rows), len(sqlite_tables(self.source)))
        for row in rows:
            self.assertEqual(len(row), 7)
            self.assertEqual(row[4], "true")
            self.assertEqual(row[5], row[6])

    def test_refusals(self):
        source = self.make_source()
        target = f"sqlite:{self.tmp / 'target.db'}"
        self.assert_fails(2, "db", "copy", "--from", source)
        self.assert_fails(2, "db", "copy", "--to", target)
        r = self.assert_fails(3, "db", "copy", "--from", f"sqlite:{self.tmp / 'missing.db'}", "--to", target)
        self.assertIn("does not exist", r.stderr)
        self.assertFalse((self.tmp / "missing.db").exists())
        r = self.assert_fails(2, "db", "copy", "--from", source, "--to", source)
        self.assertIn("same database", r.stderr)
        sqlite3.connect(self.tmp / "empty.db").close()
        r = self.assert_fails(7, "db", "copy", "--from", f"sqlite:{self.tmp / 'empty.db'}", "--to", target)
        self.assertIn("fitctl db migrate", r.stderr)
        # copy_extras exists only in the source.
        r = self.assert_fails(7, "db", "copy", "--from", source, "--to", target)
        self.assertIn("copy_extras", r.stderr)

    def test_a_tampered_target_is_reported_with_the_report_on_stdout(self):
        source = self.make_source()
        target = self.make_target("target.db")
        self.copy_json(source, f"sqlite:{target}")
        with sqlite3.connect(target) as c:
            c.execute("UPDATE copy_extras SET payload = X'00' WHERE id = 1")
        r = self.run_cli("--format", "json", "db", "copy", "--from", source, "--to", f"sqlite:{target}", "--resume")
        self.assertEqual(r.returncode, 7, r.stderr)
        self.assertRegex(r.stderr, r"^fitctl: conflict: .*copy_extras")
        report = json.loads(r.stdout)
        self.assertFalse(report["verified"])
        self.assertEqual([t["table"] for t in report["tables"] if not t["match"]], ["copy_extras"])

    def test_killed_copy_resumed_ends_identical(self):
        total = 200_000
        source = self.make_source(audit_rows=total)
        target = self.make_target("target.db")
        reference = self.copy_json(source, f"sqlite:{self.make_target('reference.db')}")

        # Progress goes to stderr on a terminal: kill -9 once audit_log is under way.
        main, child = pty.openpty()
        p = subprocess.Popen([FITCTL, "db", "copy", "--from", source, "--to", f"sqlite:{target}"],
                             stdout=subprocess.PIPE, stderr=child, env=self.env)
        os.close(child)
        seen = b""
        try:
            while not re.search(rb"audit_log: [1-9]\d*/", seen):
                chunk = os.read(main, 4096)
                if not chunk:
                    break
                seen += chunk
        except OSError:
            pass
        finally:
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=30)
            p.stdout.close()
            os.close(main)
        self.assertEqual(p.returncode, -signal.SIGKILL, seen)
        with sqlite3.connect(target) as c:
            partial = c.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        self.assertGreater(partial, 0)
        self.assertLess(partial, total)

        r = self.assert_fails(7, "db", "copy", "--from", source, "--to", f"sqlite:{target}")
        self.assertIn("--resume", r.stderr)
        started = time.monotonic()
        resumed = self.copy_json(source, f"sqlite:{target}", "--resume")
        self.assertLess(time.monotonic() - started, 100)
        self.assertTrue(resumed["verified"])
        audit = next(t for t in resumed["tables"] if t["table"] == "audit_log")
        self.assertEqual(audit["copied"], audit["source_rows"] - partial)
        self.assertEqual([(t["table"], t["target_checksum"]) for t in resumed["tables"]],
                         [(t["table"], t["target_checksum"]) for t in reference["tables"]])
        self.assertEqual(sqlite_rows(self.source), sqlite_rows(target))


class PostgresTest(DbCopyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = PgCluster().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.__exit__(None, None, None)

    def test_sqlite_to_postgresql_and_back_keeps_every_row_and_type(self):
        source = self.make_source(audit_rows=2500)
        pg = self.cluster.create_database()
        self.ok("--db", pg, "db", "migrate")
        self.ok("--db", pg, "db", "status")
        subprocess.run(["/usr/lib/postgresql/15/bin/psql", pg, "-q", "-v", "ON_ERROR_STOP=1", "-c",
                        "CREATE TABLE copy_extras (id BIGINT PRIMARY KEY, label TEXT, payload BYTEA, "
                        "ratio DOUBLE PRECISION, big BIGINT)"], check=True, capture_output=True, env=self.env)
        # A password in the URL (the throwaway cluster trusts its user and ignores it) never shows.
        if pg.startswith("postgresql://fitkit@"):
            pg = pg.replace("postgresql://fitkit@", "postgresql://fitkit:s3cret-pw@", 1)
        r = self.ok("--format", "json", "db", "copy", "--from", source, "--to", pg)
        self.assertNotIn("s3cret", r.stdout + r.stderr)
        there = json.loads(r.stdout)
        self.assertTrue(there["verified"])
        if "s3cret" in pg:
            self.assertIn("***", there["to"])
        self.assertEqual(there["sequences"], [])

        # Table format: the report's other fields go to stderr as notes, masked too.
        r = self.ok("--format", "table", "db", "copy", "--from", source, "--to", pg, "--resume")
        self.assertNotIn("s3cret", r.stdout + r.stderr)
        self.assertIn("users", r.stdout)
        self.assertRegex(r.stderr, r"(?m)^to: postgresql://")
        r = self.assert_fails(7, "db", "copy", "--from", source, "--to", pg)
        self.assertNotIn("s3cret", r.stderr)
        if "s3cret" in pg:
            self.assertIn("***", r.stderr)

        # The deployment runs on PostgreSQL now.
        self.ok("--db", pg, "--data-dir", str(self.tmp / "data2"), "auth", "login", "--email", "admin@example.com",
                "--password", PASSWORD)

        # And back into SQLite: every value as it was, with its type.
        back = self.make_target("back.db")
        r = self.run_cli("--format", "json", "db", "copy", "--from", pg, "--to", f"sqlite:{back}")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("s3cret", r.stdout + r.stderr)
        back_rows = sqlite_rows(back)
        source_rows = sqlite_rows(self.source)
        for table in ("sessions", "refresh_tokens", "audit_log", "login_throttle"):
            back_rows.pop(table), source_rows.pop(table)  # the login above added to these
        self.assertEqual(source_rows, back_rows)

    def test_unreachable_server_message_is_masked(self):
        source = self.make_source()
        r = self.assert_fails(1, "db", "copy", "--from", source, "--to",
                              "postgresql://someone:s3cret-pw@127.0.0.1:1/nothing?connect_timeout=2")
        self.assertNotIn("s3cret", r.stderr)
        self.assertIn("***", r.stderr)


if __name__ == "__main__":
    unittest.main()
