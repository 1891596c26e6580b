"""Calling operations: the generated methods, their keyword arguments, the generic call, help."""

import inspect
import pydoc

import pytest

import fitkit
from conftest import (ADMIN_EMAIL, USER_EMAIL, USER_PASSWORD, deliver_mail, token_from_mail)


def test_full_flow_admin_user_login_profile_lists(client, admin):
    created = admin.users.create(email=USER_EMAIL, password=USER_PASSWORD, roles=["coach"])
    assert created["email"] == USER_EMAIL and created["status"] == "active"
    assert set(created["roles"]) == {"user", "coach"}

    tokens = client.auth.login(email=USER_EMAIL, password=USER_PASSWORD, device_name="laptop")
    assert tokens["token_type"] == "Bearer" and tokens["user_id"] == created["id"]
    me = client.with_token(tokens["access_token"])
    assert me.user_id == created["id"]

    profile = me.profile.get()
    assert profile["email"] == USER_EMAIL
    updated = me.profile.update(first_name="Ada", city="Kazan", interests=["running", "cycling"],
                                height_cm=171.5, privacy="public")
    assert updated["profile"]["first_name"] == "Ada"
    assert updated["profile"]["interests"] == ["running", "cycling"]
    # None is JSON null: the field is cleared.
    assert me.profile.update(city=None)["profile"]["city"] is None
    assert me.profile.get()["profile"]["first_name"] == "Ada"

    # Anyone may read a public profile; the admin lists both accounts, oldest first.
    assert client.profiles.get(user_id=created["id"])["first_name"] == "Ada"
    emails = [u["email"] for u in admin.users.list()["items"]]
    assert emails == [ADMIN_EMAIL, USER_EMAIL]
    assert [u["email"] for u in admin.users.list(role="coach")["items"]] == [USER_EMAIL]
    sessions = me.sessions.list()["items"]
    assert [s["device_name"] for s in sessions] == ["laptop"]
    assert me.notifications.unread_count() is not None

    assert me.auth.logout()["status"] == "signed_out"
    # The token's session has ended: it no longer makes a view.
    with pytest.raises(fitkit.Unauthenticated):
        client.with_token(tokens["access_token"])


def test_register_verify_by_mail_then_login(client, db_url, data_dir):
    answer = client.auth.register(email=USER_EMAIL, password=USER_PASSWORD, nickname="ada_runs")
    assert answer["status"] == "pending"
    # Not before the address is confirmed.
    with pytest.raises(fitkit.FailedPrecondition) as raised:
        client.auth.login(email=USER_EMAIL, password=USER_PASSWORD)
    assert raised.value.field == "email"
    deliver_mail(db_url, data_dir)
    verified = client.auth.verify_email(token=token_from_mail(data_dir, USER_EMAIL))
    assert verified["status"] == "active"
    tokens = client.auth.login(email=USER_EMAIL, password=USER_PASSWORD)
    me = client.with_token(tokens["access_token"])
    assert me.profile.get()["profile"]["nickname"] == "ada_runs"
    # A group that is an operation too: auth.verify_email(...) and auth.verify_email.resend(...).
    assert client.auth.verify_email.resend(email=USER_EMAIL)["status"] == "accepted"


def test_every_operation_is_reachable_by_its_dotted_name(client):
    for op in fitkit.operations():
        target = client
        for segment in op.name.split("."):
            target = getattr(target, fitkit._operations.python_name(segment))
        assert callable(target), op.name
        assert op.summary in target.__doc__, op.name


def test_nested_namespaces(user):
    prefs = user.notifications.preferences.get()
    assert isinstance(prefs, dict)
    assert "preferences" in dir(user.notifications)
    assert set(dir(user.notifications.preferences)) >= {"get", "set"}


def test_keyword_parameters_that_are_python_keywords(user):
    user.metrics.record(date="2024-03-01", weight_kg=70.5)
    user.metrics.record(date="2024-03-05", weight_kg=70.1)
    days = [m["date"] for m in user.metrics.list(from_="2024-03-02")["items"]]
    assert days == ["2024-03-05"]
    assert [m["date"] for m in user.metrics.list(**{"from": "2024-03-02"})["items"]] == days
    with pytest.raises(TypeError, match="twice"):
        user.metrics.list(from_="2024-03-02", **{"from": "2024-03-01"})


def test_unknown_keyword_is_a_type_error_before_the_call(client, admin):
    with pytest.raises(TypeError, match=r"auth\.login\(\) got an unexpected keyword argument 'mail'"):
        client.auth.login(mail=ADMIN_EMAIL, password="x" * 20)
    with pytest.raises(TypeError, match="unexpected keyword argument 'limit'"):
        admin.profile.get(limit=3)
    with pytest.raises(TypeError):
        client.auth.login(ADMIN_EMAIL, "positional")


def test_generic_call_passes_unknown_parameters_to_the_library_which_refuses(admin):
    with pytest.raises(fitkit.InvalidArgument) as raised:
        admin.call("users.list", {"limit": 5, "is_admin": True})
    assert raised.value.field == "is_admin"
    assert admin.call("users.list", {"limit": 1})["items"][0]["email"] == ADMIN_EMAIL
    assert admin.call("users.list")["items"][0]["email"] == ADMIN_EMAIL


def test_missing_required_parameter_is_the_library_s_invalid_argument(client):
    # Consistently: the methods and call() send what they were given; the library names the field.
    with pytest.raises(fitkit.InvalidArgument) as raised:
        client.auth.login(email=ADMIN_EMAIL)
    assert raised.value.field == "password"
    with pytest.raises(fitkit.InvalidArgument) as raised:
        client.call("auth.login", {"email": ADMIN_EMAIL})
    assert raised.value.field == "password"


def test_wrong_types_are_refused_by_the_library(admin, user):
    with pytest.raises(fitkit.InvalidArgument) as raised:
        admin.users.list(limit="ten")
    assert raised.value.field == "limit"
    with pytest.raises(fitkit.InvalidArgument) as raised:
        user.notifications.preferences.set(type="mention", channel="email", enabled="yes")
    assert raised.value.field == "enabled"
    with pytest.raises(fitkit.InvalidArgument) as raised:
        admin.users.get(user_id="wkt_02N40E96E1GE0")
    assert raised.value.field == "user_id"
    with pytest.raises(fitkit.InvalidArgument):
        admin.call("users.list", ["not", "an", "object"])
    # What JSON cannot carry never reaches the library.
    with pytest.raises(TypeError):
        admin.users.list(limit=object())
    with pytest.raises(ValueError):
        user.profile.update(height_cm=float("nan"))


def test_unknown_operation(client):
    with pytest.raises(fitkit.InvalidArgument, match="no.such.op"):
        client.call("no.such.op")
    with pytest.raises(AttributeError):
        client.no_such_group
    with pytest.raises(AttributeError):
        client.auth.no_such_op
    with pytest.raises(TypeError):
        client.call(42)


def test_results_keep_unicode(user):
    assert user.profile.update(first_name="Алёна", about="🏃 5 km")["profile"]["first_name"] == "Алёна"
    assert user.profile.get()["profile"]["about"] == "🏃 5 km"


def test_dir_and_help_show_the_operations_with_their_summaries(client):
    assert {"auth", "users", "profile", "notifications", "call", "as_user", "with_token"} <= set(dir(client))
    assert {"login", "register", "verify_email", "password_reset"} <= set(dir(client.auth))
    login = fitkit.Client.auth.fget(client).login
    assert login.__doc__.startswith("Sign in")
    signature = inspect.signature(client.auth.login)
    assert signature.parameters["email"].kind is inspect.Parameter.KEYWORD_ONLY
    assert signature.parameters["email"].default is inspect.Parameter.empty
    assert repr(signature.parameters["device_name"].default) == "..."
    text = pydoc.render_doc(client.auth, renderer=pydoc.plaintext)
    assert "login(self, *, email, password" in text
    assert "password (string, required, secret): password" in text
    assert "Sign in; returns an access token" in text
    assert "Send the verification link again" in text  # auth.verify_email.resend, under verify_email
    client_help = pydoc.render_doc(fitkit.Client, renderer=pydoc.plaintext)
    assert "The operations auth.*" in client_help and "The operations users.*" in client_help
