/* Small assertion and fixture helpers for the C tests of fitkit.h. */
#ifndef FITKIT_TESTS_CAPI_CHECK_H
#define FITKIT_TESTS_CAPI_CHECK_H

#include <fitkit/fitkit.h>

#include <stdio.h>

extern int capi_failures;

#define CHECK(cond)                                                                                 \
  do {                                                                                              \
    if (!(cond)) {                                                                                  \
      fprintf(stderr, "%s:%d: CHECK(%s) failed (last error %d: %s)\n", __FILE__, __LINE__, #cond,   \
              fitkit_last_error_code(), fitkit_last_error());                                       \
      ++capi_failures;                                                                              \
    }                                                                                               \
  } while (0)

/* The call returns `code`, and the last error agrees with it. */
#define CHECK_RC(call, code)                                                                        \
  do {                                                                                              \
    int capi_rc_ = (call);                                                                          \
    if (capi_rc_ != (code)) {                                                                       \
      fprintf(stderr, "%s:%d: %s returned %d, expected %d (last error: %s)\n", __FILE__, __LINE__,  \
              #call, capi_rc_, (int)(code), fitkit_last_error());                                   \
      ++capi_failures;                                                                              \
    } else if (fitkit_last_error_code() != capi_rc_ || (capi_rc_ != 0) != (fitkit_last_error()[0] != '\0')) { \
      fprintf(stderr, "%s:%d: %s: last error (%d, \"%s\") does not match %d\n", __FILE__, __LINE__,   \
              #call, fitkit_last_error_code(), fitkit_last_error(), capi_rc_);                      \
      ++capi_failures;                                                                              \
    }                                                                                               \
  } while (0)

/* A fresh folder under $TMPDIR (or /tmp); `out` gets its path. Returns 0 on success. */
int capi_make_temp_dir(char *out, size_t size);
/* Removes a folder and everything in it. */
void capi_remove_tree(const char *path);
/* "dir/name" into out. */
void capi_join(char *out, size_t size, const char *dir, const char *name);

/* The string value of the first "key": "..." in a JSON text (no escapes inside),
 * copied into out; "" when absent. */
const char *capi_json_string(const char *json, const char *key, char *out, size_t size);
/* Whether the JSON text contains `needle`. */
int capi_contains(const char *text, const char *needle);

/* Runs an operation that must succeed; returns its result (free with fitkit_free) or NULL. */
char *capi_call_ok(fitkit_t *h, const fitkit_actor_t *actor, const char *op, const char *params, int line);
#define CALL_OK(h, actor, op, params) capi_call_ok((h), (actor), (op), (params), __LINE__)
/* Runs an operation that must fail with `code` (and field `field` unless NULL). */
void capi_call_fails(fitkit_t *h, const fitkit_actor_t *actor, const char *op, const char *params, int code,
                     const char *field, int line);
#define CALL_FAILS(h, actor, op, params, code, field) \
  capi_call_fails((h), (actor), (op), (params), (code), (field), __LINE__)

/* The test groups, each in its own file. */
void test_threads(const char *dir);

#endif
