/* fitkit's C API: a flat C99 binding over the library, for C programs and for
 * other languages' foreign-function interfaces (the Python package uses it).
 *
 * Conventions:
 * - Functions return 0 on success or a negative FITKIT_E... code; the message
 *   of the last failure on this thread is fitkit_last_error(). Every function
 *   that returns a code first clears this thread's last error.
 * - Outputs come first and are named `out`; on failure they are set to NULL.
 * - Every string is UTF-8 and NUL-terminated. What the library allocates and
 *   hands out is released with fitkit_free().
 * - A handle may be used from many threads at once; fitkit_close() must not
 *   race with calls on the same handle.
 * - No C++ exception ever leaves a function of this header.
 */
#ifndef FITKIT_FITKIT_H
#define FITKIT_FITKIT_H

#include <stddef.h>

#if defined(_WIN32)
#define FITKIT_EXTERN __declspec(dllexport)
#elif defined(__GNUC__)
#define FITKIT_EXTERN __attribute__((visibility("default")))
#else
#define FITKIT_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes: one per fitkit error code, as in docs/exit-codes.md. */
typedef enum fitkit_error_code {
  FITKIT_OK = 0,
  FITKIT_EINVALID = -1,        /* invalid_argument: bad input, bad JSON, unknown operation */
  FITKIT_ENOTFOUND = -2,       /* not_found */
  FITKIT_EEXISTS = -3,         /* already_exists */
  FITKIT_ECONFLICT = -4,       /* conflict */
  FITKIT_EPERM = -5,           /* permission_denied */
  FITKIT_EUNAUTH = -6,         /* unauthenticated */
  FITKIT_EPRECONDITION = -7,   /* failed_precondition */
  FITKIT_ERATELIMITED = -8,    /* rate_limited */
  FITKIT_EUNAVAILABLE = -9,    /* unavailable: the database is busy or unreachable */
  FITKIT_EINTERNAL = -10       /* internal: a bug, or out of memory */
} fitkit_error_code;

/* An open platform: storage, providers and services. (The tag is not
 * `fitkit`, which would clash with the C++ namespace of that name.) */
typedef struct fitkit_handle fitkit_t;

/* Who acts: created by fitkit_authenticate() or fitkit_act_as(). */
typedef struct fitkit_actor fitkit_actor_t;

#define FITKIT_OPTIONS_VERSION 1

/* Options of fitkit_open(); initialise with fitkit_options_init(). A NULL or
 * empty string keeps the default. */
typedef struct fitkit_options {
  unsigned int version;        /* FITKIT_OPTIONS_VERSION */
  const char *data_dir;        /* files, outbox providers' output; default "fitkit-data" */
  const char *public_url;      /* base of links in mail; default "http://127.0.0.1:8080" */
  const char *mail_from;       /* sender of mail */
  const char *token_signing_key;  /* default: a key kept in the database */
  const char *sealing_key;        /* default: a key kept in the database */
  int migrate;                 /* nonzero: apply pending migrations on open (default 1) */
} fitkit_options;

/* The library's version, "MAJOR.MINOR.PATCH". Never NULL; not to be freed. */
FITKIT_EXTERN const char *fitkit_version(void);

/* Fills `opts` with the defaults for `version` (FITKIT_OPTIONS_VERSION). */
FITKIT_EXTERN int fitkit_options_init(fitkit_options *opts, unsigned int version);

/* Opens the database at `url` ("sqlite:PATH", "sqlite::memory:",
 * "postgresql://..."). `options` may be NULL for the defaults. */
FITKIT_EXTERN int fitkit_open(fitkit_t **out, const char *url, const fitkit_options *options);

/* Closes a handle; NULL is allowed and does nothing. */
FITKIT_EXTERN void fitkit_close(fitkit_t *handle);

/* Runs the operation `operation` ("events.register") with parameters given as
 * a JSON object (NULL or "" for none; any other JSON value is refused) and
 * stores its JSON result in `*out` (free it with fitkit_free). `actor` NULL
 * calls anonymously. */
FITKIT_EXTERN int fitkit_call(fitkit_t *handle, const fitkit_actor_t *actor, const char *operation,
                              const char *json_params, char **out);

/* The acting user behind a bearer access token. */
FITKIT_EXTERN int fitkit_authenticate(fitkit_actor_t **out, fitkit_t *handle, const char *access_token);

/* A user by "usr_..." id or email, or "system" (every role), acting without
 * a session (local administration, like fitctl --as). An actor is checked
 * when it is made and again on every call, so that a session logged out or a
 * user suspended since stops acting at once; it does not refer to the handle. */
FITKIT_EXTERN int fitkit_act_as(fitkit_actor_t **out, fitkit_t *handle, const char *user);

/* The actor's user id ("usr_..."), or "" for the system and when NULL;
 * owned by the actor. */
FITKIT_EXTERN const char *fitkit_actor_user_id(const fitkit_actor_t *actor);

/* Releases an actor; NULL is allowed. */
FITKIT_EXTERN void fitkit_actor_free(fitkit_actor_t *actor);

/* Every operation of the registry as a JSON array of
 * {"name", "summary", "method", "path", "access", "params": [{"name", "type",
 * "required", "help", "secret"}]}; free it with fitkit_free. Needs no handle. */
FITKIT_EXTERN int fitkit_operations(char **out);

/* Frees what the library handed out (results, lists); NULL is allowed. */
FITKIT_EXTERN void fitkit_free(void *memory);

/* The message of this thread's last failure; "" when none. Valid until the
 * next call of this library on the same thread; not to be freed. */
FITKIT_EXTERN const char *fitkit_last_error(void);

/* This thread's last failure's code (a FITKIT_E... value), or 0. */
FITKIT_EXTERN int fitkit_last_error_code(void);

/* The field the last failure concerns ("email"), or "" when none. */
FITKIT_EXTERN const char *fitkit_last_error_field(void);

/* For FITKIT_ERATELIMITED: how long to wait before trying again, in
 * milliseconds; otherwise 0. */
FITKIT_EXTERN long long fitkit_last_error_retry_after_ms(void);

#ifdef __cplusplus
}
#endif

#endif /* FITKIT_FITKIT_H */
