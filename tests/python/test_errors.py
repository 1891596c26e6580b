"""Every error code the library answers becomes its own exception class, raised by real failing calls."""

import sqlite3

import pytest

import fitkit
from conftest import ADMIN_EMAIL, ADMIN_PASSWORD, USER_EMAIL, USER_PASSWORD, create_admin, on_postgresql

CLASSES = {
    "invalid_argument": fitkit.InvalidArgument, "not_found": fitkit.NotFound,
    "already_exists": fitkit.AlreadyExists, "conflict": fitkit.Conflict,
    "permission_denied": fitkit.PermissionDenied, "unauthenticated": fitkit.Unauthenticated,
    "failed_precondition": fitkit.FailedPrecondition, "rate_limited": fitkit.RateLimited,
    "unavailable": fitkit.Unavailable, "internal": fitkit.Internal,
}


def test_one_class_per_code_under_error():
    for code, cls in CLASSES.items():
        assert issubclass(cls, fitkit.Error) and cls.code == code
    assert len(set(CLASSES.values())) == len(CLASSES)


def check(raised, cls, field=None):
    error = raised.value
    assert type(error) is cls
    assert error.code == cls.code
    assert error.message and "\n" not in error.message
    assert error.field == field
    if cls is not fitkit.RateLimited:
        assert error.retry_after_ms is None
    assert str(error).startswith(f"{cls.code}: ")


def test_invalid_argument_names_the_field(admin):
    with pytest.raises(fitkit.InvalidArgument) as raised:
        admin.users.create(email="not an address", password=USER_PASSWORD)
    check(raised, fitkit.InvalidArgument, "email")


def test_not_found(client, admin):
    with pytest.raises(fitkit.NotFound) as raised:
        admin.users.get(user_id="usr_02N40E96E1GE0")
    check(raised, fitkit.NotFound)
    with pytest.raises(fitkit.NotFound):
        client.as_user("nobody@example.org")


def test_already_exists(admin):
    admin.users.create(email=USER_EMAIL, password=USER_PASSWORD)
    with pytest.raises(fitkit.AlreadyExists) as raised:
        admin.users.create(email=USER_EMAIL, password=USER_PASSWORD)
    assert raised.value.code == "already_exists"


def test_permission_denied(user):
    with pytest.raises(fitkit.PermissionDenied) as raised:
        user.users.list()
    check(raised, fitkit.PermissionDenied)


def test_unauthenticated(client, admin):
    with pytest.raises(fitkit.Unauthenticated) as raised:
        client.profile.get()
    check(raised, fitkit.Unauthenticated)
    with pytest.raises(fitkit.Unauthenticated):
        client.with_token("not-a-token")
    with pytest.raises(fitkit.Unauthenticated):
        client.auth.login(email=ADMIN_EMAIL, password="a wrong password, long enough")


def test_failed_precondition(user, client, admin):
    with pytest.raises(fitkit.FailedPrecondition) as raised:
        user.phone.verify.confirm(code="123456")
    check(raised, fitkit.FailedPrecondition, "code")
    # A blocked account cannot be acted as.
    blocked = admin.users.create(email="blocked@example.org", password=USER_PASSWORD)
    admin.users.block(user_id=blocked["id"])
    with pytest.raises(fitkit.FailedPrecondition):
        client.as_user("blocked@example.org")


def test_rate_limited(client, admin):
    with pytest.raises(fitkit.RateLimited) as raised:
        for _ in range(20):
            with pytest.raises(fitkit.Unauthenticated):
                client.auth.login(email=ADMIN_EMAIL, password="a wrong password, long enough")
    check(raised, fitkit.RateLimited)
    assert 0 < raised.value.retry_after_ms <= 15 * 60 * 1000
    # Even the right password waits now.
    with pytest.raises(fitkit.RateLimited):
        client.auth.login(email=ADMIN_EMAIL, password=ADMIN_PASSWORD)


def test_unavailable(tmp_path):
    with pytest.raises(fitkit.Unavailable) as raised:
        fitkit.open(f"sqlite:{tmp_path}/missing/folder/app.db", data_dir=str(tmp_path))
    check(raised, fitkit.Unavailable)
    with pytest.raises(fitkit.Unavailable):
        fitkit.open("postgresql://fitkit@127.0.0.1:1/nothing", data_dir=str(tmp_path))


@pytest.mark.skipif(on_postgresql(), reason="damages a SQLite file")
def test_internal_from_a_damaged_stored_key(tmp_path):
    path = tmp_path / "app.db"
    with fitkit.open(f"sqlite:{path}", data_dir=str(tmp_path)) as client:
        create_admin(client)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE platform_secrets SET value = 'damaged' WHERE name = 'token_signing_key'")
    db.close()
    with pytest.raises(fitkit.Internal) as raised:
        fitkit.open(f"sqlite:{path}", data_dir=str(tmp_path))
    check(raised, fitkit.Internal)


def test_errors_leave_the_client_usable(client, admin):
    for _ in range(3):
        with pytest.raises(fitkit.NotFound):
            admin.users.get(user_id="usr_02N40E96E1GE0")
    assert admin.users.list()["items"][0]["email"] == ADMIN_EMAIL
    # The message of a failure is the latest one, not an earlier one's.
    with pytest.raises(fitkit.InvalidArgument) as raised:
        admin.users.list(limit="ten")
    assert raised.value.field == "limit"


def test_conflict_maps_from_its_return_code():
    # No operation answers `conflict` on demand (the library retries conflicts itself),
    # so only the mapping of its return code is checked here.
    error = fitkit.errors.from_return_code(-4, "changed underneath", "")
    assert type(error) is fitkit.Conflict and error.field is None
    assert type(fitkit.errors.from_return_code(-99, "?", "")) is fitkit.Internal
