"""Acting identities: as_user and with_token views, and their lifetime against the client's."""

import gc
import weakref

import pytest

import fitkit
from conftest import ADMIN_EMAIL, ADMIN_PASSWORD, USER_EMAIL, USER_PASSWORD, create_admin


def test_the_client_is_anonymous_and_views_act_as_their_user(client, admin):
    assert client.user_id is None
    assert admin.user_id.startswith("usr_")
    assert client.as_user(admin.user_id).user_id == admin.user_id
    assert admin.profile.get()["email"] == ADMIN_EMAIL
    assert "as admin@example.org" in repr(admin)
    # A view makes views too, on the same platform.
    other = admin.as_user("system")
    assert other.user_id is None  # the system actor is no user
    assert other.users.list()["items"][0]["email"] == ADMIN_EMAIL


def test_with_token_acts_as_the_session_s_user(client, admin):
    admin.users.create(email=USER_EMAIL, password=USER_PASSWORD)
    tokens = client.auth.login(email=USER_EMAIL, password=USER_PASSWORD)
    me = client.with_token(tokens["access_token"])
    assert me.user_id == tokens["user_id"]
    assert me.profile.get()["email"] == USER_EMAIL
    with pytest.raises(fitkit.PermissionDenied):
        me.users.list()
    with pytest.raises(TypeError):
        client.with_token(None)


def test_a_token_view_stops_acting_once_its_session_ends(client, admin):
    admin.users.create(email=USER_EMAIL, password=USER_PASSWORD)
    tokens = client.auth.login(email=USER_EMAIL, password=USER_PASSWORD)
    me = client.with_token(tokens["access_token"])
    assert me.profile.get()["email"] == USER_EMAIL
    me.auth.logout()
    with pytest.raises(fitkit.Unauthenticated):
        me.profile.get()


def test_closing_a_view_releases_its_actor_only(client, admin):
    view = client.as_user(ADMIN_EMAIL)
    with view:
        assert view.users.list()
    assert view.closed and not client.closed
    view.close()  # idempotent
    with pytest.raises(fitkit.ClosedError):
        view.users.list()
    assert admin.users.list()  # other views and the client go on


def test_closing_the_client_ends_every_view_safely(tmp_path):
    client = fitkit.open("sqlite::memory:", data_dir=str(tmp_path))
    admin = create_admin(client)
    token = client.auth.login(email=ADMIN_EMAIL, password=ADMIN_PASSWORD)["access_token"]
    views = [client.as_user(ADMIN_EMAIL) for _ in range(5)] + [client.with_token(token)]
    client.close()
    for view in views + [admin]:
        assert view.closed
        with pytest.raises(fitkit.ClosedError):
            view.profile.get()
        view.close()  # after the client: nothing to free twice


def test_views_keep_the_platform_open_after_the_client_is_dropped(tmp_path):
    client = fitkit.open("sqlite::memory:", data_dir=str(tmp_path))
    admin = create_admin(client)
    handle = weakref.ref(client._handle)
    del client
    gc.collect()
    assert handle() is not None
    assert admin.users.list()["items"][0]["email"] == ADMIN_EMAIL
    del admin
    gc.collect()
    assert handle() is None  # the last view gone: the platform closed


def test_dropped_views_free_their_actors(client, admin):
    state = client._handle.state
    before = len(state.actors)
    for _ in range(50):
        assert client.as_user(ADMIN_EMAIL).user_id
    gc.collect()
    assert len(state.actors) == before


def test_as_user_of_unknown_or_bad_users(client, admin):
    with pytest.raises(fitkit.NotFound):
        client.as_user("usr_02N40E96E1GE0")
    with pytest.raises(fitkit.InvalidArgument):
        client.as_user("usr_not-an-id")
    with pytest.raises(TypeError):
        client.as_user(7)
