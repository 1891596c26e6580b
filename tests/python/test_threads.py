"""One client shared by several Python threads: calls run at once (ctypes lets go of the GIL)."""

import ctypes
import threading

import pytest

import fitkit
from conftest import ADMIN_EMAIL

THREADS = 8
CALLS = 50


def run_threads(target):
    errors = []

    def guarded(i):
        try:
            target(i)
        except BaseException as e:  # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads)
    return errors


def test_the_library_is_called_without_the_gil():
    # ctypes.CDLL, unlike PyDLL, releases the GIL around each call of the library.
    assert type(fitkit._lib) is ctypes.CDLL


def test_eight_threads_fifty_calls_each_on_one_client(client, admin):
    users = [admin.users.create(email=f"t{i}@example.org", password="a long enough password 123") for i in
             range(THREADS)]
    views = [client.as_user(u["id"]) for u in users]
    barrier = threading.Barrier(THREADS)

    def work(i):
        barrier.wait()
        me = views[i]
        for n in range(CALLS):
            if n % 5 == 0:
                me.profile.update(about=f"thread {i} call {n}")
            profile = me.profile.get()
            assert profile["id"] == users[i]["id"]
            # Each thread's own failure, with its own message and field (errors are per thread).
            with pytest.raises(fitkit.InvalidArgument) as raised:
                me.call("metrics.record", {"date": f"bad-{i}"})
            assert raised.value.field == "date"
            assert admin.users.get(user_id=users[i]["id"])["email"] == f"t{i}@example.org"

    assert run_threads(work) == []
    for i, view in enumerate(views):
        assert view.profile.get()["profile"]["about"] == f"thread {i} call {CALLS - 5}"


def test_views_made_and_dropped_from_many_threads(client, admin):
    def work(i):
        for _ in range(CALLS // 5):
            view = client.as_user(ADMIN_EMAIL)
            assert view.users.list(limit=1)["items"]
            view.close()

    assert run_threads(work) == []
    assert len(client._handle.state.actors) == 1  # the admin fixture's view alone


def test_close_waits_for_calls_in_flight_and_refuses_later_ones(tmp_path):
    client = fitkit.open("sqlite::memory:", data_dir=str(tmp_path))
    admin = client.as_user("system")
    admin.users.create(email=ADMIN_EMAIL, password="a long enough password 123")
    started = threading.Barrier(THREADS + 1)
    outcomes = []

    def work(i):
        started.wait()
        for _ in range(CALLS):
            try:
                admin.users.list(limit=1)
                outcomes.append("ok")
            except fitkit.ClosedError:
                outcomes.append("closed")
                return

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    started.wait()
    client.close()
    for t in threads:
        t.join(60)
    assert set(outcomes) <= {"ok", "closed"}
    assert client.closed
