/* fitkit.h driven from C: opening and closing, options, operations, actors,
 * every error code an operation can produce, bad input, NULL arguments,
 * memory, and the thread-local last error. Threads: test_capi_threads.c. */
#define _XOPEN_SOURCE 700
#include "capi_check.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PASSWORD "correct horse battery staple"
#define SIGNING_KEY "a signing passphrase of the tests"

/* A 1x1 PNG. */
#define PNG_BASE64 "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

static void test_version(void) {
  const char *v = fitkit_version();
  int major, minor, patch;
  char rest;
  CHECK(v != NULL);
  CHECK(strcmp(v, FITKIT_EXPECTED_VERSION) == 0);
  CHECK(sscanf(v, "%d.%d.%d%c", &major, &minor, &patch, &rest) == 3);
}

static void test_options(void) {
  fitkit_options o;
  memset(&o, 0x55, sizeof o);
  CHECK_RC(fitkit_options_init(&o, FITKIT_OPTIONS_VERSION), FITKIT_OK);
  CHECK(o.version == FITKIT_OPTIONS_VERSION);
  CHECK(o.data_dir == NULL && o.public_url == NULL && o.mail_from == NULL);
  CHECK(o.token_signing_key == NULL && o.sealing_key == NULL);
  CHECK(o.migrate == 1);
  CHECK_RC(fitkit_options_init(&o, 0), FITKIT_EINVALID);
  CHECK_RC(fitkit_options_init(&o, FITKIT_OPTIONS_VERSION + 1), FITKIT_EINVALID);
  CHECK_RC(fitkit_options_init(NULL, FITKIT_OPTIONS_VERSION), FITKIT_EINVALID);
  CHECK(capi_contains(fitkit_last_error(), "opts"));
}

static void test_null_arguments(void) {
  fitkit_t *h = NULL;
  fitkit_actor_t *actor = (fitkit_actor_t *)&h;
  char *out = (char *)"not set";

  CHECK_RC(fitkit_open(NULL, "sqlite::memory:", NULL), FITKIT_EINVALID);
  CHECK_RC(fitkit_open(&h, NULL, NULL), FITKIT_EINVALID);
  CHECK(h == NULL);
  CHECK(capi_contains(fitkit_last_error(), "url"));
  CHECK_RC(fitkit_open(&h, "sqlite::memory:", NULL), FITKIT_OK);
  CHECK(h != NULL);

  CHECK_RC(fitkit_call(NULL, NULL, "users.list", NULL, &out), FITKIT_EINVALID);
  CHECK(out == NULL);
  CHECK(capi_contains(fitkit_last_error(), "handle"));
  out = (char *)"not set";
  CHECK_RC(fitkit_call(h, NULL, NULL, NULL, &out), FITKIT_EINVALID);
  CHECK(out == NULL);
  CHECK(capi_contains(fitkit_last_error(), "operation"));
  CHECK_RC(fitkit_call(h, NULL, "auth.register", "{}", NULL), FITKIT_EINVALID);
  CHECK(capi_contains(fitkit_last_error(), "out"));

  CHECK_RC(fitkit_authenticate(NULL, h, "token"), FITKIT_EINVALID);
  CHECK_RC(fitkit_authenticate(&actor, NULL, "token"), FITKIT_EINVALID);
  CHECK(actor == NULL);
  actor = (fitkit_actor_t *)&h;
  CHECK_RC(fitkit_authenticate(&actor, h, NULL), FITKIT_EINVALID);
  CHECK(actor == NULL);
  CHECK_RC(fitkit_act_as(NULL, h, "system"), FITKIT_EINVALID);
  actor = (fitkit_actor_t *)&h;
  CHECK_RC(fitkit_act_as(&actor, NULL, "system"), FITKIT_EINVALID);
  CHECK(actor == NULL);
  actor = (fitkit_actor_t *)&h;
  CHECK_RC(fitkit_act_as(&actor, h, NULL), FITKIT_EINVALID);
  CHECK(actor == NULL);
  CHECK_RC(fitkit_operations(NULL), FITKIT_EINVALID);

  CHECK(strcmp(fitkit_actor_user_id(NULL), "") == 0);
  fitkit_actor_free(NULL);
  fitkit_free(NULL);
  fitkit_close(NULL);
  fitkit_close(h);
}

static void test_open(const char *dir) {
  char path[512], url[600];
  fitkit_t *h = (fitkit_t *)&path;
  fitkit_options o;
  FILE *f;

  /* A folder that does not exist: the database cannot be opened. */
  snprintf(url, sizeof url, "sqlite:%s/no-such-folder/fitkit.db", dir);
  CHECK_RC(fitkit_open(&h, url, NULL), FITKIT_EUNAVAILABLE);
  CHECK(h == NULL);
  CHECK(capi_contains(fitkit_last_error(), "cannot open"));

  /* A file that is not a database: SQLite's own failure, reported as internal. */
  capi_join(path, sizeof path, dir, "not-a-database.db");
  f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) {
    fputs("this is a text file, not an SQLite database; it is long enough to have a header page.\n", f);
    fclose(f);
  }
  snprintf(url, sizeof url, "sqlite:%s", path);
  h = (fitkit_t *)&path;
  CHECK_RC(fitkit_open(&h, url, NULL), FITKIT_EINTERNAL);
  CHECK(h == NULL);
  CHECK(capi_contains(fitkit_last_error(), "not a database"));

  /* A URL of no known kind. */
  CHECK_RC(fitkit_open(&h, "mysql://localhost/fitkit", NULL), FITKIT_EINVALID);

  /* Options: a stale version, a key too short to use. */
  CHECK_RC(fitkit_options_init(&o, FITKIT_OPTIONS_VERSION), FITKIT_OK);
  o.version = 0;
  CHECK_RC(fitkit_open(&h, "sqlite::memory:", &o), FITKIT_EINVALID);
  CHECK(strcmp(fitkit_last_error_field(), "version") == 0);
  CHECK_RC(fitkit_options_init(&o, FITKIT_OPTIONS_VERSION), FITKIT_OK);
  o.token_signing_key = "short";
  CHECK_RC(fitkit_open(&h, "sqlite::memory:", &o), FITKIT_EINVALID);
  CHECK(strcmp(fitkit_last_error_field(), "token_signing_key") == 0);

  /* Without migrations a fresh database has no tables. */
  CHECK_RC(fitkit_options_init(&o, FITKIT_OPTIONS_VERSION), FITKIT_OK);
  o.migrate = 0;
  CHECK_RC(fitkit_open(&h, "sqlite::memory:", &o), FITKIT_EINTERNAL);
  CHECK(capi_contains(fitkit_last_error(), "no such table"));

  /* In memory with the defaults; empty strings keep them too. */
  CHECK_RC(fitkit_open(&h, "sqlite::memory:", NULL), FITKIT_OK);
  fitkit_close(h);
  CHECK_RC(fitkit_options_init(&o, FITKIT_OPTIONS_VERSION), FITKIT_OK);
  o.data_dir = "";
  o.public_url = "";
  CHECK_RC(fitkit_open(&h, "sqlite::memory:", &o), FITKIT_OK);
  fitkit_close(h);

  /* A file, opened twice at once and again after closing. */
  snprintf(url, sizeof url, "sqlite:%s/open.db", dir);
  {
    fitkit_t *a = NULL, *b = NULL;
    CHECK_RC(fitkit_open(&a, url, NULL), FITKIT_OK);
    CHECK_RC(fitkit_open(&b, url, NULL), FITKIT_OK);
    fitkit_close(a);
    fitkit_close(b);
    CHECK_RC(fitkit_open(&a, url, NULL), FITKIT_OK);
    fitkit_close(a);
  }
}

static void test_operations_list(void) {
  char *ops = NULL;
  CHECK_RC(fitkit_operations(&ops), FITKIT_OK);
  CHECK(ops != NULL && ops[0] == '[');
  CHECK(capi_contains(ops, "{\"name\":\"auth.login\",\"summary\":"));
  CHECK(capi_contains(ops, "\"method\":\"POST\",\"path\":\"/v1/auth/login\",\"access\":\"anyone\""));
  CHECK(capi_contains(ops, "{\"name\":\"password\",\"type\":\"string\",\"required\":true,"));
  CHECK(capi_contains(ops, "\"secret\":true"));
  CHECK(capi_contains(ops, "\"name\":\"users.list\""));
  CHECK(capi_contains(ops, "\"access\":\"signed_in\""));
  fitkit_free(ops);
}

/* Signs in and returns the actor behind the access token, or NULL. */
static fitkit_actor_t *sign_in(fitkit_t *h, const char *email, char *access_token, size_t size) {
  char params[256];
  char *tokens;
  fitkit_actor_t *actor = NULL;
  snprintf(params, sizeof params, "{\"email\":\"%s\",\"password\":\"" PASSWORD "\"}", email);
  tokens = CALL_OK(h, NULL, "auth.login", params);
  capi_json_string(tokens, "access_token", access_token, size);
  CHECK(access_token[0] != '\0');
  fitkit_free(tokens);
  CHECK_RC(fitkit_authenticate(&actor, h, access_token), FITKIT_OK);
  return actor;
}

static void test_operations(const char *dir) {
  char url[600], data_dir[512], path[700], params[512];
  char admin_id[64], user_id[64], other_id[64], token[1024];
  fitkit_options o;
  fitkit_t *h = NULL, *same_key = NULL, *other_key = NULL;
  fitkit_actor_t *sys = NULL, *admin = NULL, *user = NULL, *other = NULL, *bad = (fitkit_actor_t *)&h;
  char *out;
  int i, rc;

  snprintf(url, sizeof url, "sqlite:%s/fitkit.db", dir);
  capi_join(data_dir, sizeof data_dir, dir, "data");
  CHECK_RC(fitkit_options_init(&o, FITKIT_OPTIONS_VERSION), FITKIT_OK);
  o.data_dir = data_dir;
  o.public_url = "https://fitkit.example";
  o.mail_from = "fitkit tests <tests@fitkit.example>";
  o.token_signing_key = SIGNING_KEY;
  o.sealing_key = "a sealing passphrase of the tests";
  CHECK_RC(fitkit_open(&h, url, &o), FITKIT_OK);
  if (!h) return;

  /* The first admin, made by the system; then everything through the admin. */
  CHECK_RC(fitkit_act_as(&sys, h, "system"), FITKIT_OK);
  CHECK(strcmp(fitkit_actor_user_id(sys), "") == 0);
  out = CALL_OK(h, sys, "users.create",
                "{\"email\":\"admin@example.com\",\"password\":\"" PASSWORD "\",\"roles\":[\"admin\"]}");
  capi_json_string(out, "id", admin_id, sizeof admin_id);
  CHECK(strncmp(admin_id, "usr_", 4) == 0);
  CHECK(capi_contains(out, "\"roles\":[\"user\",\"admin\"]") || capi_contains(out, "\"admin\""));
  fitkit_free(out);

  admin = sign_in(h, "admin@example.com", token, sizeof token);
  CHECK(admin && strcmp(fitkit_actor_user_id(admin), admin_id) == 0);
  out = CALL_OK(h, admin, "users.create", "{\"email\":\"user@example.com\",\"password\":\"" PASSWORD "\"}");
  capi_json_string(out, "id", user_id, sizeof user_id);
  fitkit_free(out);
  out = CALL_OK(h, admin, "users.list", "{\"limit\": 10}");
  CHECK(capi_contains(out, admin_id) && capi_contains(out, user_id));
  fitkit_free(out);
  out = CALL_OK(h, admin, "profile.get", NULL);
  CHECK(capi_contains(out, admin_id));
  fitkit_free(out);
  out = CALL_OK(h, admin, "sessions.list", "");
  CHECK(capi_contains(out, "libfitkit/" FITKIT_EXPECTED_VERSION));
  fitkit_free(out);

  /* The same token on another handle with the same key, and refused under another key. */
  CHECK_RC(fitkit_open(&same_key, url, &o), FITKIT_OK);
  CHECK_RC(fitkit_authenticate(&other, same_key, token), FITKIT_OK);
  CHECK(other && strcmp(fitkit_actor_user_id(other), admin_id) == 0);
  fitkit_actor_free(other);
  fitkit_close(same_key);
  o.token_signing_key = "another passphrase, not the one";
  CHECK_RC(fitkit_open(&other_key, url, &o), FITKIT_OK);
  other = bad;
  CHECK_RC(fitkit_authenticate(&other, other_key, token), FITKIT_EUNAUTH);
  CHECK(other == NULL);
  fitkit_close(other_key);

  /* An actor by email; act_as of the user by id. */
  CHECK_RC(fitkit_act_as(&user, h, "user@example.com"), FITKIT_OK);
  CHECK(user && strcmp(fitkit_actor_user_id(user), user_id) == 0);
  CHECK_RC(fitkit_act_as(&other, h, user_id), FITKIT_OK);
  fitkit_actor_free(other);
  out = CALL_OK(h, user, "profile.update", "{\"first_name\":\"Ada\",\"city\":null}");
  fitkit_free(out);
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", user_id);
  out = CALL_OK(h, user, "profiles.get", params);
  CHECK(capi_contains(out, "\"first_name\":\"Ada\""));
  fitkit_free(out);

  /* A token actor is checked on every call: after its session ends it no longer acts. */
  {
    char token[2048];
    fitkit_actor_t *session = sign_in(h, "user@example.com", token, sizeof token);
    out = CALL_OK(h, session, "profile.get", NULL);
    fitkit_free(out);
    out = CALL_OK(h, session, "auth.logout", NULL);
    fitkit_free(out);
    CALL_FAILS(h, session, "profile.get", NULL, FITKIT_EUNAUTH, NULL);
    fitkit_actor_free(session);
  }

  /* Registration by an anonymous caller. */
  out = CALL_OK(h, NULL, "auth.register", "{\"email\":\"new@example.com\",\"password\":\"" PASSWORD "\"}");
  fitkit_free(out);

  /* The avatar lands in the data_dir of the options. */
  out = CALL_OK(h, user, "profile.avatar.set", "{\"image_base64\":\"" PNG_BASE64 "\"}");
  fitkit_free(out);
  snprintf(path, sizeof path, "%s/blobs/avatars/%s", data_dir, user_id);
  {
    struct stat st;
    CHECK(stat(path, &st) == 0 && S_ISREG(st.st_mode));
  }

  /* invalid_argument, with the field. */
  CALL_FAILS(h, admin, "users.create", "{\"email\":\"not an address\",\"password\":\"" PASSWORD "\"}",
             FITKIT_EINVALID, "email");
  CALL_FAILS(h, admin, "users.list", "{\"no_such_param\":1}", FITKIT_EINVALID, "no_such_param");
  CALL_FAILS(h, admin, "users.list", "{\"limit\":\"ten\"}", FITKIT_EINVALID, "limit");
  CALL_FAILS(h, admin, "users.get", "{\"user_id\":\"wkt_0000000000001\"}", FITKIT_EINVALID, "user_id");
  CALL_FAILS(h, admin, "users.get", NULL, FITKIT_EINVALID, "user_id");
  /* Bad JSON, JSON that is not an object, an unknown operation. */
  CALL_FAILS(h, admin, "users.list", "{not json", FITKIT_EINVALID, "");
  CHECK(capi_contains(fitkit_last_error(), "not valid JSON"));
  CALL_FAILS(h, admin, "users.list", "   ", FITKIT_EINVALID, "");
  CALL_FAILS(h, admin, "users.list", "{\"limit\": 1} trailing", FITKIT_EINVALID, "");
  CALL_FAILS(h, admin, "users.list", "[1, 2]", FITKIT_EINVALID, "");
  CHECK(capi_contains(fitkit_last_error(), "must be a JSON object"));
  CALL_FAILS(h, NULL, "users.list", "42", FITKIT_EINVALID, "");
  CALL_FAILS(h, admin, "users.list", "\"text\"", FITKIT_EINVALID, "");
  CALL_FAILS(h, admin, "users.list", "null", FITKIT_EINVALID, "");
  CALL_FAILS(h, admin, "users.list", "[", FITKIT_EINVALID, "");
  CHECK(capi_contains(fitkit_last_error(), "not valid JSON"));
  CALL_FAILS(h, admin, "no.such.operation", "{}", FITKIT_EINVALID, "");
  CHECK(capi_contains(fitkit_last_error(), "no.such.operation"));
  CALL_FAILS(h, admin, "", NULL, FITKIT_EINVALID, "");
  /* not_found */
  CALL_FAILS(h, admin, "users.get", "{\"user_id\":\"usr_0000000000001\"}", FITKIT_ENOTFOUND, NULL);
  other = bad;
  CHECK_RC(fitkit_act_as(&other, h, "nobody@example.com"), FITKIT_ENOTFOUND);
  CHECK(other == NULL);
  /* already_exists */
  CALL_FAILS(h, admin, "users.create", "{\"email\":\"user@example.com\",\"password\":\"" PASSWORD "\"}",
             FITKIT_EEXISTS, "email");
  /* permission_denied */
  CALL_FAILS(h, user, "users.list", NULL, FITKIT_EPERM, NULL);
  snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", admin_id);
  CALL_FAILS(h, user, "users.block", params, FITKIT_EPERM, NULL);
  /* unauthenticated */
  CALL_FAILS(h, NULL, "users.list", NULL, FITKIT_EUNAUTH, NULL);
  CALL_FAILS(h, NULL, "profile.get", "[1]", FITKIT_EINVALID, NULL);
  other = bad;
  CHECK_RC(fitkit_authenticate(&other, h, "not a token"), FITKIT_EUNAUTH);
  CHECK(other == NULL);
  CHECK_RC(fitkit_authenticate(&other, h, ""), FITKIT_EUNAUTH);
  /* failed_precondition: signing in before confirming the address; signing out without a session */
  CALL_FAILS(h, NULL, "auth.login", "{\"email\":\"new@example.com\",\"password\":\"" PASSWORD "\"}",
             FITKIT_EPRECONDITION, "email");
  CALL_FAILS(h, user, "auth.logout", NULL, FITKIT_EPRECONDITION, NULL);
  /* conflict: the avatar's place in the blob store is taken by a folder */
  out = CALL_OK(h, admin, "users.create", "{\"email\":\"other@example.com\",\"password\":\"" PASSWORD "\"}");
  capi_json_string(out, "id", other_id, sizeof other_id);
  fitkit_free(out);
  snprintf(path, sizeof path, "%s/blobs/avatars/%s", data_dir, other_id);
  CHECK(mkdir(path, 0700) == 0);
  CHECK_RC(fitkit_act_as(&other, h, other_id), FITKIT_OK);
  CALL_FAILS(h, other, "profile.avatar.set", "{\"image_base64\":\"" PNG_BASE64 "\"}", FITKIT_ECONFLICT, NULL);
  fitkit_actor_free(other);
  /* rate_limited: failed sign-ins, then a wait */
  rc = 0;
  for (i = 0; i < 12 && rc != FITKIT_ERATELIMITED; ++i) {
    out = NULL;
    rc = fitkit_call(h, NULL, "auth.login", "{\"email\":\"user@example.com\",\"password\":\"wrong password, wrong\"}",
                     &out);
    CHECK(out == NULL);
    CHECK(rc == FITKIT_EUNAUTH || rc == FITKIT_ERATELIMITED);
  }
  CHECK(rc == FITKIT_ERATELIMITED);
  CHECK(fitkit_last_error_code() == FITKIT_ERATELIMITED);
  CHECK(fitkit_last_error_retry_after_ms() > 0);
  /* A success clears it. */
  out = CALL_OK(h, admin, "profile.get", NULL);
  fitkit_free(out);
  CHECK(fitkit_last_error_retry_after_ms() == 0);

  fitkit_actor_free(user);
  fitkit_actor_free(admin);
  fitkit_actor_free(sys);
  fitkit_close(h);
}

/* The last error: cleared by the next call, kept apart per thread. */
struct thread_view {
  int code_at_start;
  const char *message_at_start;
  int code_after;
  char field_after[64];
};

static void *other_thread(void *arg) {
  struct thread_view *view = (struct thread_view *)arg;
  view->code_at_start = fitkit_last_error_code();
  view->message_at_start = fitkit_last_error()[0] == '\0' ? "" : "not empty";
  fitkit_options_init(NULL, FITKIT_OPTIONS_VERSION);
  view->code_after = fitkit_last_error_code();
  snprintf(view->field_after, sizeof view->field_after, "%s", fitkit_last_error_field());
  return NULL;
}

static void test_last_error(void) {
  fitkit_t *h = NULL;
  fitkit_actor_t *actor = NULL;
  char *out = NULL;
  pthread_t thread;
  struct thread_view view;

  CHECK_RC(fitkit_open(&h, "sqlite::memory:", NULL), FITKIT_OK);
  CHECK(fitkit_last_error_code() == 0 && strcmp(fitkit_last_error(), "") == 0);
  CHECK(strcmp(fitkit_last_error_field(), "") == 0);
  CALL_FAILS(h, NULL, "users.create", "{\"email\":\"x\"}", FITKIT_EUNAUTH, "");
  /* Reading it does not clear it. */
  CHECK(fitkit_last_error_code() == FITKIT_EUNAUTH);
  CHECK(fitkit_last_error_code() == FITKIT_EUNAUTH);
  CHECK(fitkit_last_error()[0] != '\0');

  memset(&view, 0, sizeof view);
  CHECK(pthread_create(&thread, NULL, other_thread, &view) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK(view.code_at_start == 0);
  CHECK(strcmp(view.message_at_start, "") == 0);
  CHECK(view.code_after == FITKIT_EINVALID);
  CHECK(strcmp(view.field_after, "") == 0);
  /* This thread still has its own. */
  CHECK(fitkit_last_error_code() == FITKIT_EUNAUTH);

  CALL_FAILS(h, NULL, "auth.register", "{\"email\":\"bad\",\"password\":\"" PASSWORD "\"}", FITKIT_EINVALID, "email");
  CHECK_RC(fitkit_act_as(&actor, h, "system"), FITKIT_OK);
  CHECK(strcmp(fitkit_last_error_field(), "") == 0);
  CHECK_RC(fitkit_call(h, actor, "users.list", NULL, &out), FITKIT_OK);
  fitkit_free(out);
  /* Functions that return no code leave it alone. */
  CALL_FAILS(h, NULL, "users.list", NULL, FITKIT_EUNAUTH, NULL);
  fitkit_free(NULL);
  (void)fitkit_version();
  (void)fitkit_actor_user_id(actor);
  CHECK(fitkit_last_error_code() == FITKIT_EUNAUTH);
  fitkit_actor_free(actor);
  fitkit_close(h);
}

int main(void) {
  char dir[512];
  if (capi_make_temp_dir(dir, sizeof dir) != 0) {
    perror("mkdtemp");
    return 1;
  }
  test_version();
  test_options();
  test_null_arguments();
  test_open(dir);
  test_operations_list();
  test_operations(dir);
  test_last_error();
  test_threads(dir);
  capi_remove_tree(dir);
  if (capi_failures) {
    fprintf(stderr, "%d check(s) failed\n", capi_failures);
    return 1;
  }
  puts("all C API checks passed");
  return 0;
}
