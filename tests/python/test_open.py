"""Opening and closing: URLs, options, the context manager, a closed client, the version."""

import re

import pytest

import fitkit
from conftest import ADMIN_EMAIL, ADMIN_PASSWORD, create_admin, deliver_mail, mail_to, on_postgresql


def test_version_comes_from_the_library():
    assert re.fullmatch(r"\d+\.\d+\.\d+", fitkit.version())
    assert fitkit.__version__ == fitkit.version()


def test_open_a_sqlite_file_keeps_data_between_opens(tmp_path):
    url = f"sqlite:{tmp_path}/app.db"
    with fitkit.open(url, data_dir=str(tmp_path / "data")) as client:
        create_admin(client)
    assert (tmp_path / "app.db").exists()
    with fitkit.open(url, data_dir=str(tmp_path / "data")) as client:
        listed = client.as_user(ADMIN_EMAIL).users.list()
        assert [u["email"] for u in listed["items"]] == [ADMIN_EMAIL]


def test_open_in_memory(tmp_path):
    with fitkit.open("sqlite::memory:", data_dir=str(tmp_path)) as client:
        admin = create_admin(client)
        assert admin.users.list()["items"][0]["email"] == ADMIN_EMAIL
    # A new in-memory database starts empty.
    with fitkit.open("sqlite::memory:", data_dir=str(tmp_path)) as client:
        with pytest.raises(fitkit.NotFound):
            client.as_user(ADMIN_EMAIL)


def test_public_url_reaches_the_links_in_mail(db_url, data_dir):
    # The link is written when the mail is queued, so it is this client's public_url; the
    # sender (mail_from) is the delivering process's, here fitctl's worker.
    with fitkit.open(db_url, data_dir=data_dir, public_url="https://fit.example.org",
                     mail_from="Fit Club <club@example.org>") as client:
        client.auth.register(email="new@example.org", password=ADMIN_PASSWORD)
    deliver_mail(db_url, data_dir)
    [message] = mail_to(data_dir, "new@example.org")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "https://fit.example.org/verify-email?token=" in body


def test_a_token_signing_key_given_is_used_by_every_open(db_url, tmp_path):
    key = "k" * 32
    with fitkit.open(db_url, data_dir=str(tmp_path), token_signing_key=key) as client:
        create_admin(client)
        token = client.auth.login(email=ADMIN_EMAIL, password=ADMIN_PASSWORD)["access_token"]
    with fitkit.open(db_url, data_dir=str(tmp_path), token_signing_key=key) as client:
        assert client.with_token(token).profile.get()["email"] == ADMIN_EMAIL
    with fitkit.open(db_url, data_dir=str(tmp_path), token_signing_key="another key of 32 bytes or more!") as client:
        with pytest.raises(fitkit.Unauthenticated):
            client.with_token(token)


def test_migrate_false_needs_a_migrated_database(db_url, tmp_path):
    # A new database has no tables: without migrations the platform cannot start on it.
    with pytest.raises(fitkit.Error):
        fitkit.open(db_url, data_dir=str(tmp_path), migrate=False)
    with fitkit.open(db_url, data_dir=str(tmp_path)) as client:
        create_admin(client)
    with fitkit.open(db_url, data_dir=str(tmp_path), migrate=False) as client:
        assert client.as_user(ADMIN_EMAIL).profile.get()["email"] == ADMIN_EMAIL


def test_bad_urls_and_option_types(tmp_path):
    with pytest.raises(fitkit.InvalidArgument):
        fitkit.open("mysql://localhost/db")
    with pytest.raises(fitkit.Unavailable):
        fitkit.open(f"sqlite:{tmp_path}/no/such/folder/app.db", data_dir=str(tmp_path))
    with pytest.raises(TypeError):
        fitkit.open(42)
    with pytest.raises(TypeError):
        fitkit.open("sqlite::memory:", data_dir=7)
    with pytest.raises(TypeError):
        fitkit.open("sqlite::memory:", "positional options are refused")
    with pytest.raises(fitkit.InvalidArgument) as raised:
        fitkit.open("sqlite::memory:", data_dir=str(tmp_path), token_signing_key="short")
    assert raised.value.field == "token_signing_key"


def test_close_is_idempotent_and_later_calls_raise_closed_error(tmp_path):
    client = fitkit.open("sqlite::memory:", data_dir=str(tmp_path))
    admin = create_admin(client)
    assert not client.closed
    client.close()
    client.close()
    assert client.closed and admin.closed
    for call in (lambda: client.auth.login(email=ADMIN_EMAIL, password=ADMIN_PASSWORD),
                 lambda: client.call("users.list"),
                 lambda: admin.users.list(),
                 lambda: client.as_user(ADMIN_EMAIL),
                 lambda: client.with_token("x"),
                 lambda: admin.user_id):
        with pytest.raises(fitkit.ClosedError) as raised:
            call()
        # Catchable as the library's error family, or as ValueError like a closed file.
        assert isinstance(raised.value, fitkit.FailedPrecondition)
        assert isinstance(raised.value, ValueError)
    assert "closed" in repr(client)


def test_context_manager_closes_and_returns_the_client(tmp_path):
    with fitkit.open("sqlite::memory:", data_dir=str(tmp_path)) as client:
        assert isinstance(client, fitkit.Client)
        assert repr(client).startswith("<fitkit.Client sqlite::memory: anonymous")
    assert client.closed
    with pytest.raises(fitkit.ClosedError):
        client.call("profiles.get", {"user_id": "usr_0000000000000"})


def test_context_manager_closes_on_an_exception(tmp_path):
    with pytest.raises(RuntimeError):
        with fitkit.open("sqlite::memory:", data_dir=str(tmp_path)) as client:
            raise RuntimeError("boom")
    assert client.closed


@pytest.mark.skipif(on_postgresql(), reason="a SQLite file is the point")
def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a SQLite database, just some text " * 100)
    with pytest.raises(fitkit.Error) as raised:
        fitkit.open(f"sqlite:{path}", data_dir=str(tmp_path))
    assert raised.value.code in ("internal", "unavailable")
    assert raised.value.message
