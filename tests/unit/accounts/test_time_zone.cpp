#include <doctest/doctest.h>

#include <string>

#include "accounts/time_zone.hpp"

using namespace fitkit::accounts;

TEST_CASE("IANA zone names of the tz database are accepted") {
  for (const char* zone : {"Europe/Moscow", "UTC", "America/Argentina/Buenos_Aires", "Asia/Kolkata",
                           "America/New_York", "Etc/GMT+3", "Etc/GMT-14", "Pacific/Chatham"}) {
    CAPTURE(zone);
    CHECK(is_valid_time_zone(zone));
  }
}

TEST_CASE("unknown or hostile zone names are refused") {
  for (const char* zone : {"Mars/Olympus", "", "../../etc/passwd", "/etc/passwd", "Europe/../Europe/Moscow",
                           "Europe/Moscow ", " UTC", "Europe//Moscow", "Europe/", "Europe", "Europe/Moscow\n",
                           "Europe\\Moscow", "Europe/Mos%63ow", "+03:00", "GMT+3 hours"}) {
    CAPTURE(zone);
    CHECK_FALSE(is_valid_time_zone(zone));
  }
  CHECK_FALSE(is_valid_time_zone(std::string_view("UTC\0x", 5)));
  CHECK_FALSE(is_valid_time_zone(std::string(500, 'A')));
}

TEST_CASE("dates must be real YYYY-MM-DD days") {
  for (const char* d : {"2024-02-29", "2000-02-29", "2023-12-31", "0001-01-01", "9999-12-31", "1990-06-15"}) {
    CAPTURE(d);
    CHECK(is_valid_date(d));
  }
  for (const char* d : {"2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
                        "2024-01-32", "0000-01-01", "2024-4-1", "2024/04/01", "", "2024-04-01T00:00",
                        " 2024-04-01", "+024-04-01", "2024-04-0a", "20240401", "2024--4-01", "99999-01-01"}) {
    CAPTURE(d);
    CHECK_FALSE(is_valid_date(d));
  }
}
