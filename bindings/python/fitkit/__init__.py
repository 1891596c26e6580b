"""fitkit for Python: the fitkit library through its C API (ctypes; no compiler needed).

    import fitkit
    with fitkit.open("sqlite:app.db", data_dir="app-data") as client:
        admin = client.as_user("admin@example.org")
        admin.users.list(limit=10)
        tokens = client.auth.login(email="me@example.org", password="...")
        me = client.with_token(tokens["access_token"])
        me.profile.get()

Every operation of the library is a method (its dotted name as attributes,
keyword arguments as parameters, the parsed JSON result back); failures raise
fitkit.Error, one subclass per error code. See docs/python.md.
"""

import json as _json

from . import _library, _operations
from .client import Client, open_platform as _open_platform, raise_last_error as _raise_last_error
from .errors import (AlreadyExists, ClosedError, Conflict, Error, FailedPrecondition, Internal, InvalidArgument,
                     NotFound, PermissionDenied, RateLimited, Unauthenticated, Unavailable)
from ._operations import Operation, Param

_lib, library_path = _library.load()


def version():
    """The C library's version, "MAJOR.MINOR.PATCH"."""
    return _lib.fitkit_version().decode("ascii")


__version__ = version()


def _load_operations():
    import ctypes

    out = ctypes.c_void_p()
    rc = _lib.fitkit_operations(ctypes.byref(out))
    if rc != 0:
        _raise_last_error(_lib, rc)
    return _operations.parse(_json.loads(_library.take_string(_lib, out.value)))


_OPERATIONS = _load_operations()
_operations.install(Client, _OPERATIONS)


def operations():
    """Every operation of the library, as Operation tuples (name, summary, method, path, access, params)."""
    return _OPERATIONS


def open(url, *, data_dir=None, public_url=None, mail_from=None, token_signing_key=None, sealing_key=None,
         migrate=True):
    """Opens the database at `url` ("sqlite:PATH", "sqlite::memory:", "postgresql://...") as a Client.

    data_dir: folder of files and of the outbox providers' output (default "fitkit-data");
    public_url: base of links in mail; mail_from: sender of mail;
    token_signing_key, sealing_key: keys (default: kept in the database);
    migrate: apply pending migrations on open. None keeps the library's default.
    """
    return _open_platform(_lib, url, data_dir=data_dir, public_url=public_url, mail_from=mail_from,
                          token_signing_key=token_signing_key, sealing_key=sealing_key, migrate=migrate)


__all__ = [
    "open", "version", "operations", "library_path", "Client", "Operation", "Param",
    "Error", "InvalidArgument", "NotFound", "AlreadyExists", "Conflict", "PermissionDenied", "Unauthenticated",
    "FailedPrecondition", "RateLimited", "Unavailable", "Internal", "ClosedError",
]
