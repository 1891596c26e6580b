/* fitkit.h must compile as strict C99 (built with -std=c99 -Wall -Wextra
 * -pedantic -Werror). Running it checks the constants C callers depend on. */
#include <fitkit/fitkit.h>

#include <stdio.h>

int main(void) {
  fitkit_options options;
  fitkit_t *handle = NULL;
  fitkit_actor_t *actor = NULL;
  int codes[] = {FITKIT_OK, FITKIT_EINVALID, FITKIT_ENOTFOUND, FITKIT_EEXISTS, FITKIT_ECONFLICT, FITKIT_EPERM,
                 FITKIT_EUNAUTH, FITKIT_EPRECONDITION, FITKIT_ERATELIMITED, FITKIT_EUNAVAILABLE, FITKIT_EINTERNAL};
  size_t i;
  options.version = FITKIT_OPTIONS_VERSION;
  (void)handle;
  (void)actor;
  for (i = 0; i < sizeof codes / sizeof codes[0]; ++i) {
    if (codes[i] != -(int)i) {
      fprintf(stderr, "error code %u is %d, expected %d\n", (unsigned)i, codes[i], -(int)i);
      return 1;
    }
  }
  if (options.version != 1) return 1;
  puts("fitkit.h compiles as C99");
  return 0;
}
