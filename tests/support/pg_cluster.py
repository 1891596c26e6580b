"""A throwaway PostgreSQL cluster for end-to-end tests, as tests/support/pg_cluster.hpp is for the unit tests.

initdb in a fresh folder (as the postgres user through runuser when running as root, since initdb
refuses root), a server on 127.0.0.1 at a free port with its socket in that folder and fsync off,
stopped and removed when the `with` block ends, also when a test fails. With FITKIT_TEST_POSTGRES_URL
set, that server is used instead and nothing starts.

    with PgCluster() as cluster:
        url = cluster.create_database()
"""

import itertools
import os
import pathlib
import pwd
import shutil
import socket
import subprocess
import tempfile

BIN_DIR = pathlib.Path("/usr/lib/postgresql/15/bin")
_counter = itertools.count()


def free_tcp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    def __init__(self):
        self.external_url = os.environ.get("FITKIT_TEST_POSTGRES_URL") or None
        self.dir = None
        self.port = None
        self._as_user = []
        self._started = False

    def __enter__(self):
        if self.external_url:
            return self
        if not (BIN_DIR / "initdb").exists():
            raise RuntimeError(f"PostgreSQL 15 is not installed (no {BIN_DIR}/initdb): run scripts/install-deps.sh, "
                               "or apt-get install postgresql, or set FITKIT_TEST_POSTGRES_URL to a server to test against")
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="fitkit-pg-"))
        try:
            if os.geteuid() == 0:
                pw = pwd.getpwnam("postgres")
                os.chown(self.dir, pw.pw_uid, pw.pw_gid)
                self._as_user = ["/usr/sbin/runuser", "-u", "postgres", "--"]
            data = str(self.dir / "data")
            self._run([str(BIN_DIR / "initdb"), "-D", data, "-U", "fitkit", "--auth=trust", "-E", "UTF8",
                       "--no-sync", "--no-instructions"], "initdb")
            self.port = free_tcp_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            self._started = True  # from here on, stop it whatever happens
            self._run([str(BIN_DIR / "pg_ctl"), "-D", data, "-l", str(self.dir / "server.log"), "-o", options,
                       "-w", "-t", "30", "start"], "pg_ctl start")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if self._started:
            self._started = False
            subprocess.run(self._as_user + [str(BIN_DIR / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate",
                                            "-w", "stop"], capture_output=True, timeout=60)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        return False

    def create_database(self):
        """A new empty database on the server, and its postgresql:// URL."""
        name = f"fitkit_e2e_{os.getpid()}_{next(_counter)}"
        if self.external_url:
            self._run([str(BIN_DIR / "psql"), self.external_url, "-v", "ON_ERROR_STOP=1", "-c",
                       f"CREATE DATABASE {name}"], "CREATE DATABASE", as_user=False)
            base, _, query = self.external_url.partition("?")
            authority_end = base.find("/", base.find("://") + 3)
            base = base if authority_end < 0 else base[:authority_end]
            return f"{base}/{name}" + (f"?{query}" if query else "")
        self._run([str(BIN_DIR / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "fitkit", name],
                  "createdb", as_user=False)
        return f"postgresql://fitkit@127.0.0.1:{self.port}/{name}"

    def _run(self, argv, what, as_user=True):
        r = subprocess.run((self._as_user if as_user else []) + argv, capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"{what} failed (exit {r.returncode}): {r.stdout}{r.stderr}")
