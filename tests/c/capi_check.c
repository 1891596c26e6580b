/* Helpers of capi_check.h. */
#define _XOPEN_SOURCE 700
#include "capi_check.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int capi_failures = 0;

int capi_make_temp_dir(char *out, size_t size) {
  const char *tmp = getenv("TMPDIR");
  snprintf(out, size, "%s/fitkit-capi-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  return mkdtemp(out) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

void capi_remove_tree(const char *path) { nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

void capi_join(char *out, size_t size, const char *dir, const char *name) { snprintf(out, size, "%s/%s", dir, name); }

const char *capi_json_string(const char *json, const char *key, char *out, size_t size) {
  char pattern[128];
  const char *start;
  const char *end;
  size_t n;
  out[0] = '\0';
  if (!json) return out;
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  start = strstr(json, pattern);
  if (!start) return out;
  start += strlen(pattern);
  end = strchr(start, '"');
  if (!end) return out;
  n = (size_t)(end - start);
  if (n >= size) n = size - 1;
  memcpy(out, start, n);
  out[n] = '\0';
  return out;
}

int capi_contains(const char *text, const char *needle) { return text && strstr(text, needle) != NULL; }

char *capi_call_ok(fitkit_t *h, const fitkit_actor_t *actor, const char *op, const char *params, int line) {
  char *out = NULL;
  int rc = fitkit_call(h, actor, op, params, &out);
  if (rc != FITKIT_OK || !out || fitkit_last_error_code() != 0 || fitkit_last_error()[0] != '\0') {
    fprintf(stderr, "line %d: %s %s failed with %d: %s\n", line, op, params ? params : "", rc, fitkit_last_error());
    ++capi_failures;
  }
  return out;
}

void capi_call_fails(fitkit_t *h, const fitkit_actor_t *actor, const char *op, const char *params, int code,
                     const char *field, int line) {
  char *out = (char *)"not set";
  int rc = fitkit_call(h, actor, op, params, &out);
  if (rc != code || fitkit_last_error_code() != code || out != NULL || fitkit_last_error()[0] == '\0') {
    fprintf(stderr, "line %d: %s %s returned %d (last error %d: %s), expected %d with a message and NULL out\n",
            line, op, params ? params : "", rc, fitkit_last_error_code(), fitkit_last_error(), code);
    ++capi_failures;
  }
  if (field && strcmp(fitkit_last_error_field(), field) != 0) {
    fprintf(stderr, "line %d: %s: field is \"%s\", expected \"%s\"\n", line, op, fitkit_last_error_field(), field);
    ++capi_failures;
  }
  if (rc == FITKIT_OK) fitkit_free(out);
}
