"""Fixtures of the Python package's tests: a fresh database per test, accounts, mail.

Run by ctest with FITKIT_LIBRARY set to the built libfitkit.so.0, PYTHONPATH to
bindings/python and FITCTL to fitctl (for its worker, which delivers mail).
With FITKIT_TEST_DOMAIN_BACKEND=postgresql every test database is a fresh
database on a throwaway PostgreSQL cluster (tests/support/pg_cluster.py)
instead of a SQLite file.
"""

import email
import email.policy
import os
import pathlib
import re
import subprocess
import sys

import pytest

import fitkit

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(SOURCE_DIR / "tests" / "support"))

ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "correct horse battery staple 7"
USER_EMAIL = "runner@example.org"
USER_PASSWORD = "long enough running password 42"


def on_postgresql():
    return os.environ.get("FITKIT_TEST_DOMAIN_BACKEND") == "postgresql"


@pytest.fixture(scope="session")
def pg_cluster():
    if not on_postgresql():
        yield None
        return
    from pg_cluster import PgCluster

    with PgCluster() as cluster:
        yield cluster


@pytest.fixture
def db_url(tmp_path, pg_cluster):
    """A new, empty database: a SQLite file, or a PostgreSQL database on the test cluster."""
    if pg_cluster is not None:
        return pg_cluster.create_database()
    return f"sqlite:{tmp_path}/fitkit.db"


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def client(db_url, data_dir):
    with fitkit.open(db_url, data_dir=str(data_dir), public_url="https://fit.example.org",
                     mail_from="fitkit@example.org") as c:
        yield c


def create_admin(client):
    """The first admin, made by the system actor (as `fitctl --as system users create` does)."""
    client.as_user("system").users.create(email=ADMIN_EMAIL, password=ADMIN_PASSWORD, roles=["admin"])
    return client.as_user(ADMIN_EMAIL)


@pytest.fixture
def admin(client):
    """A view acting as the first admin."""
    return create_admin(client)


@pytest.fixture
def user(client, admin):
    """A view of an active user, signed in with a real session (an access token)."""
    admin.users.create(email=USER_EMAIL, password=USER_PASSWORD)
    tokens = client.auth.login(email=USER_EMAIL, password=USER_PASSWORD, device_name="pytest")
    return client.with_token(tokens["access_token"])


def fitctl():
    path = os.environ.get("FITCTL")
    if not path:
        pytest.skip("FITCTL is not set: the test needs fitctl")
    return path


def deliver_mail(db_url, data_dir):
    """Delivers the outbox with `fitctl worker --once` on the same database; returns its counts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FITKIT_")}
    env["HOME"] = str(data_dir.parent)
    r = subprocess.run([fitctl(), "--db", db_url, "--data-dir", str(data_dir), "--format", "json",
                        "worker", "--once"], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout


def mail_to(data_dir, recipient):
    """The mails written to the data folder for `recipient`, as email.message objects."""
    found = []
    for path in sorted((data_dir / "mail").rglob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if recipient in str(message["To"]):
            found.append(message)
    return found


def token_from_mail(data_dir, recipient):
    for message in mail_to(data_dir, recipient):
        body = message.get_body(preferencelist=("plain",)).get_content()
        match = re.search(r"token=([A-Za-z0-9_\-]+)", body)
        if match:
            return match.group(1)
    raise AssertionError(f"no mail with a token for {recipient} in {data_dir}")
