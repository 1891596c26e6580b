/* One handle shared by many threads: each thread reads, writes and fails on
 * it at once, and sees only its own last error. */
#define _XOPEN_SOURCE 700
#include "capi_check.h"

#include <pthread.h>
#include <string.h>

#define THREADS 8
#define CALLS 200

struct worker {
  fitkit_t *handle;
  int index;
  int failures;  /* counted here: capi_failures is not shared safely */
};

static void *work(void *arg) {
  struct worker *w = (struct worker *)arg;
  fitkit_actor_t *actor = NULL;
  char email[64], params[128], expected[64];
  char *out;
  int i, rc;
  /* Even threads fail with permission_denied, odd ones with not_found, at the same moments. */
  const int failure = w->index % 2 == 0 ? FITKIT_EPERM : FITKIT_ENOTFOUND;

  snprintf(email, sizeof email, "thread%d@example.com", w->index);
  if (fitkit_act_as(&actor, w->handle, email) != FITKIT_OK) {
    fprintf(stderr, "thread %d: act_as failed: %s\n", w->index, fitkit_last_error());
    ++w->failures;
    return NULL;
  }
  for (i = 0; i < CALLS; ++i) {
    out = NULL;
    switch (i % 4) {
      case 0:
        snprintf(params, sizeof params, "{\"first_name\":\"T%d-%d\"}", w->index, i);
        rc = fitkit_call(w->handle, actor, "profile.update", params, &out);
        break;
      case 1:
        snprintf(params, sizeof params, "{\"user_id\":\"%s\"}", fitkit_actor_user_id(actor));
        rc = fitkit_call(w->handle, actor, "users.get", params, &out);
        if (rc == FITKIT_OK && !capi_contains(out, email)) ++w->failures;
        break;
      case 2:
        if (failure == FITKIT_EPERM) rc = fitkit_call(w->handle, actor, "users.list", NULL, &out);
        else rc = fitkit_call(w->handle, actor, "users.get", "{\"user_id\":\"usr_0000000000001\"}", &out);
        if (rc != failure || fitkit_last_error_code() != failure || out != NULL || fitkit_last_error()[0] == '\0') {
          fprintf(stderr, "thread %d: call %d returned %d (last error %d: %s), expected %d\n", w->index, i, rc,
                  fitkit_last_error_code(), fitkit_last_error(), failure);
          ++w->failures;
        }
        continue;
      default:
        rc = fitkit_call(w->handle, actor, "profile.get", NULL, &out);
        break;
    }
    if (rc != FITKIT_OK || out == NULL || fitkit_last_error_code() != 0) {
      fprintf(stderr, "thread %d: call %d failed with %d: %s\n", w->index, i, rc, fitkit_last_error());
      ++w->failures;
    }
    fitkit_free(out);
  }
  /* The last write is what the profile holds. */
  out = NULL;
  snprintf(expected, sizeof expected, "\"first_name\":\"T%d-%d\"", w->index, CALLS - 4);
  if (fitkit_call(w->handle, actor, "profile.get", NULL, &out) != FITKIT_OK || !capi_contains(out, expected)) {
    fprintf(stderr, "thread %d: profile is %s, expected %s\n", w->index, out ? out : "(none)", expected);
    ++w->failures;
  }
  fitkit_free(out);
  fitkit_actor_free(actor);
  return NULL;
}

static void run_threads(const char *url) {
  fitkit_t *h = NULL;
  fitkit_actor_t *sys = NULL;
  pthread_t threads[THREADS];
  struct worker workers[THREADS];
  char params[256];
  char *out;
  int i;

  CHECK_RC(fitkit_open(&h, url, NULL), FITKIT_OK);
  CHECK_RC(fitkit_act_as(&sys, h, "system"), FITKIT_OK);
  if (!h || !sys) return;
  for (i = 0; i < THREADS; ++i) {
    snprintf(params, sizeof params,
             "{\"email\":\"thread%d@example.com\",\"password\":\"correct horse battery staple\"}", i);
    out = CALL_OK(h, sys, "users.create", params);
    fitkit_free(out);
  }
  for (i = 0; i < THREADS; ++i) {
    workers[i].handle = h;
    workers[i].index = i;
    workers[i].failures = 0;
    CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
  }
  for (i = 0; i < THREADS; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    if (workers[i].failures) {
      fprintf(stderr, "%s: thread %d had %d failure(s)\n", url, i, workers[i].failures);
      capi_failures += workers[i].failures;
    }
  }
  fitkit_actor_free(sys);
  fitkit_close(h);
}

void test_threads(const char *dir) {
  char url[600];
  snprintf(url, sizeof url, "sqlite:%s/threads.db", dir);
  run_threads(url);
  run_threads("sqlite::memory:");
}
