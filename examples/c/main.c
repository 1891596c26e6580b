/* Embedding fitkit in a C program through fitkit.h: open a platform on an
 * SQLite file, create the first admin, sign in, run operations, handle errors.
 *
 * With CMake:
 *   cmake -S examples/c -B build-example -DCMAKE_PREFIX_PATH=/where/fitkit/is/installed
 *   cmake --build build-example && build-example/fitkit_example_c
 * With pkg-config:
 *   cc main.c -o fitkit_example_c $(pkg-config --cflags --libs fitkit)
 *   LD_LIBRARY_PATH=/where/fitkit/is/installed/lib ./fitkit_example_c
 */
#define _XOPEN_SOURCE 700
#include <fitkit/fitkit.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "correct horse battery staple"

/* Prints the failure of the call that just returned `rc`. */
static int report(const char *what, int rc) {
  fprintf(stderr, "%s failed (%d): %s\n", what, rc, fitkit_last_error());
  return rc;
}

/* Copies the string value of "key" from a flat JSON result; a real program would use a JSON parser. */
static void json_string(const char *json, const char *key, char *out, size_t size) {
  char pattern[64];
  const char *start, *end;
  out[0] = '\0';
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  start = strstr(json, pattern);
  if (!start) return;
  start += strlen(pattern);
  end = strchr(start, '"');
  if (end && (size_t)(end - start) < size) {
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
  }
}

static int run(const char *dir) {
  char url[600], data_dir[600], token[1024];
  fitkit_options options;
  fitkit_t *fk = NULL;
  fitkit_actor_t *system_actor = NULL, *me = NULL;
  char *result = NULL;
  int rc;

  fitkit_options_init(&options, FITKIT_OPTIONS_VERSION);
  snprintf(data_dir, sizeof data_dir, "%s/data", dir);
  options.data_dir = data_dir; /* mail, SMS and blobs of the embedded providers */
  snprintf(url, sizeof url, "sqlite:%s/fitkit.db", dir);
  if ((rc = fitkit_open(&fk, url, &options)) != FITKIT_OK) return report("fitkit_open", rc);

  /* The first admin, made by the system actor. */
  if ((rc = fitkit_act_as(&system_actor, fk, "system")) != FITKIT_OK) {
    report("fitkit_act_as", rc);
    goto done;
  }
  rc = fitkit_call(fk, system_actor, "users.create",
                   "{\"email\": \"admin@example.com\", \"password\": \"" PASSWORD "\", \"roles\": [\"admin\"]}",
                   &result);
  if (rc != FITKIT_OK) {
    report("users.create", rc);
    goto done;
  }
  printf("created: %s\n", result);
  fitkit_free(result);

  /* Sign in, then turn the access token into an actor. */
  rc = fitkit_call(fk, NULL, "auth.login", "{\"email\": \"admin@example.com\", \"password\": \"" PASSWORD "\"}",
                   &result);
  if (rc != FITKIT_OK) {
    report("auth.login", rc);
    goto done;
  }
  json_string(result, "access_token", token, sizeof token);
  fitkit_free(result);
  if ((rc = fitkit_authenticate(&me, fk, token)) != FITKIT_OK) {
    report("fitkit_authenticate", rc);
    goto done;
  }
  printf("signed in as %s\n", fitkit_actor_user_id(me));

  rc = fitkit_call(fk, me, "profile.update", "{\"first_name\": \"Grace\", \"city\": \"Arlington\"}", &result);
  if (rc != FITKIT_OK) {
    report("profile.update", rc);
    goto done;
  }
  printf("updated: %s\n", result);
  fitkit_free(result);

  /* A refused call: a negative code, the message and the field of this thread's last error. */
  rc = fitkit_call(fk, me, "users.create", "{\"email\": \"not an address\", \"password\": \"" PASSWORD "\"}",
                   &result);
  if (rc == FITKIT_EINVALID)
    printf("refused: %d (%s): %s\n", rc, fitkit_last_error_field(), fitkit_last_error());
  rc = FITKIT_OK;

done:
  fitkit_actor_free(me);
  fitkit_actor_free(system_actor);
  fitkit_close(fk);
  return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

int main(void) {
  char dir[] = "/tmp/fitkit-example-c-XXXXXX";
  int rc;
  printf("fitkit %s\n", fitkit_version());
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  rc = run(dir);
  nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  return rc == FITKIT_OK ? 0 : 1;
}
