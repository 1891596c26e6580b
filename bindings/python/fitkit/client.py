"""Client: an open platform (fitkit_t) and views of it bound to an acting user (fitkit_actor_t)."""

import ctypes
import json
import os
import threading
import weakref

from . import _library
from ._operations import keyword_map
from .errors import ClosedError, from_return_code


def raise_last_error(lib, return_code):
    """Raises the error of this thread's last failed call (read right after it, on the same thread)."""
    message = (lib.fitkit_last_error() or b"").decode("utf-8", "replace")
    field = (lib.fitkit_last_error_field() or b"").decode("utf-8", "replace")
    retry_after_ms = lib.fitkit_last_error_retry_after_ms()
    # The return code is the answer; the message and field explain it.
    error = from_return_code(return_code, message or f"fitkit call failed ({return_code})", field)
    if retry_after_ms > 0:
        error.retry_after_ms = retry_after_ms
    raise error


class _ActorState:
    __slots__ = ("pointer", "busy", "open")

    def __init__(self, pointer):
        self.pointer, self.busy, self.open = pointer, 0, True


class _HandleState:
    """The fitkit_t pointer, its actors and the calls in flight.

    fitkit_close must not race with calls, and an actor must not be freed while
    a call uses it: both wait here for the calls in flight to end, and refuse
    new ones. Kept apart from Client so that finalizers can reach it without
    keeping any client alive.
    """

    def __init__(self, lib, pointer):
        self.lib = lib
        self.pointer = pointer
        self.closing = False
        self.busy = 0
        self.actors = set()
        # Re-entrant: a finalizer may run on a thread that holds the lock.
        self.cond = threading.Condition(threading.RLock())

    def enter(self, actor):
        with self.cond:
            if self.closing:
                raise ClosedError("the fitkit client is closed")
            if actor is not None and not actor.open:
                raise ClosedError("this view of the fitkit client is closed")
            self.busy += 1
            if actor is not None:
                actor.busy += 1
            return self.pointer, (actor.pointer if actor is not None else None)

    def leave(self, actor):
        with self.cond:
            self.busy -= 1
            if actor is not None:
                actor.busy -= 1
            if self.busy == 0 or (actor is not None and actor.busy == 0):
                self.cond.notify_all()

    def add_actor(self, pointer):
        """Registers an actor made while a call was in flight (so the handle was open)."""
        actor = _ActorState(pointer)
        with self.cond:
            self.actors.add(actor)
        return actor

    def release_actor(self, actor, wait):
        """Frees an actor once; `wait` for the calls using it (not from a finalizer: none can be)."""
        with self.cond:
            if not actor.open:
                return
            actor.open = False
            while wait and actor.busy:
                self.cond.wait()
            self.actors.discard(actor)
            if actor.pointer is not None:
                self.lib.fitkit_actor_free(actor.pointer)
                actor.pointer = None

    def close(self):
        with self.cond:
            if self.closing:
                return
            self.closing = True
            while self.busy:
                self.cond.wait()
            actors, self.actors = list(self.actors), set()
            for actor in actors:
                actor.open = False
                if actor.pointer is not None:
                    self.lib.fitkit_actor_free(actor.pointer)
                    actor.pointer = None
            self.lib.fitkit_close(self.pointer)
            self.pointer = None


class _Handle:
    """Shared by a client and all its views; the platform closes when the last of them goes."""

    def __init__(self, lib, pointer, url):
        self.lib = lib
        self.url = url
        self.state = _HandleState(lib, pointer)
        self._finalizer = weakref.finalize(self, self.state.close)


class Client:
    """An open fitkit platform, or a view of it that acts as one user.

    Made by fitkit.open(). Operations are methods reached by their dotted
    name (client.auth.login(email=..., password=...)) taking keyword
    arguments; client.call(name, params) reaches any operation by name.
    The client acts anonymously; as_user() and with_token() return views
    bound to a user, with the same methods.

    close() on the client closes the platform (and ends every view); on a
    view it releases only that view's actor. Either may be used as a context
    manager. Anything called after close() raises fitkit.ClosedError.
    Safe to share between threads.
    """

    _generated = frozenset()

    def __init__(self, handle, actor=None, label="anonymous"):
        self._handle = handle
        self._actor = actor
        self._label = label
        if actor is not None:
            weakref.finalize(self, handle.state.release_actor, actor, False)

    @property
    def _client(self):
        # Generated methods reach the client through this, on a namespace or on the client itself.
        return self

    # -- acting identity -------------------------------------------------------------

    def as_user(self, user):
        """A view acting as `user` (a "usr_..." id or an email) without a session: local administration."""
        return self._bind(self._handle.lib.fitkit_act_as, user, f"as {user}")

    def with_token(self, access_token):
        """A view acting as the user behind a bearer access token (from auth.login)."""
        return self._bind(self._handle.lib.fitkit_authenticate, access_token, "with a token")

    def _bind(self, function, text, label):
        if not isinstance(text, str):
            raise TypeError(f"expected a str, got {type(text).__name__}")
        state = self._handle.state
        pointer, _ = state.enter(None)
        try:
            out = ctypes.c_void_p()
            rc = function(ctypes.byref(out), pointer, text.encode("utf-8"))
            if rc != 0:
                raise_last_error(self._handle.lib, rc)
            actor = state.add_actor(out.value)
        finally:
            state.leave(None)
        return Client(self._handle, actor, label)

    @property
    def user_id(self):
        """The acting user's "usr_..." id, or None when anonymous."""
        if self._actor is None:
            return None
        state = self._handle.state
        _, actor = state.enter(self._actor)
        try:
            value = self._handle.lib.fitkit_actor_user_id(actor)
        finally:
            state.leave(self._actor)
        text = (value or b"").decode("utf-8")
        return text or None

    # -- calls -----------------------------------------------------------------------

    def call(self, operation, params=None):
        """Runs an operation by dotted name with a dict of parameters; returns the parsed JSON result."""
        if not isinstance(operation, str):
            raise TypeError(f"operation must be a str, got {type(operation).__name__}")
        payload = None if params is None else json.dumps(params, ensure_ascii=False, allow_nan=False)
        lib = self._handle.lib
        state = self._handle.state
        out = ctypes.c_void_p()
        pointer, actor = state.enter(self._actor)
        try:
            rc = lib.fitkit_call(pointer, actor, operation.encode("utf-8"),
                                 None if payload is None else payload.encode("utf-8"), ctypes.byref(out))
            if rc != 0:
                raise_last_error(lib, rc)
        finally:
            state.leave(self._actor)
        return json.loads(_library.take_string(lib, out.value))

    def _invoke(self, op, kwargs):
        """A generated method's call: keyword arguments checked against the operation's parameters."""
        accepted = keyword_map(op)
        params = {}
        for key, value in kwargs.items():
            name = accepted.get(key)
            if name is None:
                known = ", ".join(sorted({p.name for p in op.params})) or "none"
                raise TypeError(f"{op.name}() got an unexpected keyword argument {key!r} (parameters: {known})")
            if name in params:
                raise TypeError(f"{op.name}() got parameter {name!r} twice")
            params[name] = value
        return self.call(op.name, params)

    # -- lifetime --------------------------------------------------------------------

    @property
    def closed(self):
        """Whether calls on this client (or view) are refused now."""
        state = self._handle.state
        return state.closing or (self._actor is not None and not self._actor.open)

    def close(self):
        """Closes the platform (on the client) or releases the actor (on a view); idempotent."""
        if self._actor is None:
            self._handle.state.close()
        else:
            self._handle.state.release_actor(self._actor, True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        state = "closed" if self.closed else "open"
        return f"<fitkit.Client {self._handle.url} {self._label} ({state})>"


def open_platform(lib, url, data_dir=None, public_url=None, mail_from=None, token_signing_key=None,
                  sealing_key=None, migrate=True):
    """fitkit.open's work: fitkit_options_init, the fields given, fitkit_open."""
    if not isinstance(url, str):
        raise TypeError(f"url must be a str, got {type(url).__name__}")
    options = _library.Options()
    rc = lib.fitkit_options_init(ctypes.byref(options), _library.OPTIONS_VERSION)
    if rc != 0:
        raise_last_error(lib, rc)
    for name, value in (("data_dir", data_dir), ("public_url", public_url), ("mail_from", mail_from),
                        ("token_signing_key", token_signing_key), ("sealing_key", sealing_key)):
        if value is None:
            continue
        if not isinstance(value, (str, bytes)) and not hasattr(value, "__fspath__"):
            raise TypeError(f"{name} must be a str, got {type(value).__name__}")
        setattr(options, name, _encode_path(value))
    options.migrate = 1 if migrate else 0
    out = ctypes.c_void_p()
    rc = lib.fitkit_open(ctypes.byref(out), url.encode("utf-8"), ctypes.byref(options))
    if rc != 0:
        raise_last_error(lib, rc)
    return Client(_Handle(lib, out.value, url))


def _encode_path(value):
    value = os.fspath(value)
    return value if isinstance(value, bytes) else value.encode("utf-8")
