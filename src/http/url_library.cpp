// Boost.URL's compiled part, built here once: Debian ships it header-only.
#include <boost/url/src.hpp>
