#!/usr/bin/python3
"""Embedding fitkit in a Python program: open a platform on an SQLite file in a temporary
folder, create the first admin and a user, sign in, read and change the profile, handle errors.

From a build tree:
    FITKIT_LIBRARY=build/lib/libfitkit.so.0 PYTHONPATH=bindings/python python3 examples/python/example.py
From an installed prefix (the package finds the library installed beside it):
    PYTHONPATH=PREFIX/lib/python3/dist-packages python3 examples/python/example.py
"""

import json
import pathlib
import tempfile

import fitkit

ADMIN = "admin@example.com"
USER = "grace@example.com"
PASSWORD = "correct horse battery staple"


def compact(result):
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))


def run(folder):
    with fitkit.open(f"sqlite:{folder / 'fitkit.db'}", data_dir=str(folder / "data")) as client:
        # The first admin, made by the system actor (as `fitctl --as system users create`).
        client.as_user("system").users.create(email=ADMIN, password=PASSWORD, roles=["admin"])
        admin = client.as_user(ADMIN)

        # The admin creates an active account; its owner signs in with the password.
        created = admin.users.create(email=USER, password=PASSWORD)
        print(f"created: {created['email']} ({created['id']})")
        tokens = client.auth.login(email=USER, password=PASSWORD, device_name="example")
        me = client.with_token(tokens["access_token"])
        print(f"signed in as {me.user_id}")

        me.profile.update(first_name="Grace", city="Arlington")
        profile = me.profile.get()
        print(f"profile: {compact(profile['profile'])}")

        # A refused call raises fitkit.Error: one subclass per code, with the field concerned.
        try:
            admin.users.create(email="not an address", password=PASSWORD)
        except fitkit.Error as e:
            print(f"refused: {e.code} ({e.field}): {e.message}")
        print(f"accounts: {', '.join(u['email'] for u in admin.users.list()['items'])}")


def main():
    print(f"fitkit {fitkit.version()}")
    with tempfile.TemporaryDirectory(prefix="fitkit-example-python-") as folder:
        run(pathlib.Path(folder))


if __name__ == "__main__":
    main()
