"""fitkit's errors: one class per code of the library's closed set."""


class Error(Exception):
    """A failure reported by fitkit.

    code: the library's error code ("not_found", "invalid_argument", ...);
    message: what went wrong, for a person; field: the parameter concerned,
    or None; retry_after_ms: for RateLimited, how long to wait before trying
    again, in milliseconds, else None.
    """

    code = "internal"
    return_code = -10
    retry_after_ms = None

    def __init__(self, message, field=None, code=None):
        super().__init__(message)
        self.message = message
        self.field = field or None
        if code is not None:
            self.code = code

    def __str__(self):
        text = f"{self.code}: {self.message}"
        return f"{text} (field: {self.field})" if self.field else text

    def __repr__(self):
        return f"{type(self).__name__}({self.message!r}, field={self.field!r})"


class InvalidArgument(Error):
    """Bad input: a parameter of the wrong type or value, a missing one, an unknown operation."""

    code, return_code = "invalid_argument", -1


class NotFound(Error):
    """The user or object does not exist (or is not visible to the caller)."""

    code, return_code = "not_found", -2


class AlreadyExists(Error):
    """The object exists already."""

    code, return_code = "already_exists", -3


class Conflict(Error):
    """The state of things changed underneath: retry or reload."""

    code, return_code = "conflict", -4


class PermissionDenied(Error):
    """Signed in, but not allowed to do this."""

    code, return_code = "permission_denied", -5


class Unauthenticated(Error):
    """Sign in first, or the token or password is wrong."""

    code, return_code = "unauthenticated", -6


class FailedPrecondition(Error):
    """The state of things does not allow it now."""

    code, return_code = "failed_precondition", -7


class RateLimited(Error):
    """Too many attempts: wait and retry."""

    code, return_code = "rate_limited", -8


class Unavailable(Error):
    """The database is busy or unreachable; retrying may help."""

    code, return_code = "unavailable", -9


class Internal(Error):
    """A bug, or out of memory."""

    code, return_code = "internal", -10


class ClosedError(FailedPrecondition, ValueError):
    """The client (or the actor of a view) was closed; nothing more can be called on it."""


_BY_RETURN_CODE = {
    cls.return_code: cls
    for cls in (InvalidArgument, NotFound, AlreadyExists, Conflict, PermissionDenied, Unauthenticated,
                FailedPrecondition, RateLimited, Unavailable, Internal)
}


def from_return_code(return_code, message, field):
    """The exception for a FITKIT_E... code; an unknown code becomes Internal (keeping the number)."""
    cls = _BY_RETURN_CODE.get(return_code)
    if cls is None:
        return Internal(f"{message} (unknown return code {return_code})", field)
    return cls(message, field)
