#include <doctest/doctest.h>

#include <set>

#include "fitkit/clock.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"

using namespace fitkit;

TEST_CASE("public ids round-trip and carry their prefix") {
  ManualClock clock;
  IdGenerator ids(clock);
  auto v = ids.next();
  auto text = format_id(IdKind::user, v);
  CHECK(text.rfind("usr_", 0) == 0);
  CHECK(text.size() == 17);
  CHECK(parse_id(IdKind::user, text) == v);
  // Crockford base32 reads lower case too.
  std::string lower = text;
  for (auto& c : lower) c = static_cast<char>(std::tolower(c));
  lower.replace(0, 3, "usr");
  CHECK(parse_id(IdKind::user, lower) == v);
}

TEST_CASE("parsing rejects a wrong prefix or garbage with invalid_argument") {
  ManualClock clock;
  IdGenerator ids(clock);
  auto session = format_id(IdKind::session, ids.next());
  for (std::string bad : {session, std::string("usr_"), std::string("usr_0000000000000"),
                          std::string("usr_ZZZZZZZZZZZZZ"), std::string("usr_0000000000O0!"),
                          std::string("usr_00000000000001"), std::string("'; DROP TABLE users;--"),
                          std::string("")}) {
    try {
      parse_id(IdKind::user, bad, "user_id");
      FAIL("accepted " << bad);
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      CHECK(e.field() == "user_id");
    }
  }
}

TEST_CASE("ids are time-ordered and unique within a process") {
  ManualClock clock;
  IdGenerator ids(clock);
  std::set<std::int64_t> seen;
  std::int64_t prev = 0;
  for (int i = 0; i < 10000; ++i) {
    if (i % 1000 == 0) clock.advance(1);
    auto v = ids.next();
    CHECK(v > prev);
    CHECK(v > 0);
    prev = v;
    seen.insert(v);
  }
  CHECK(seen.size() == 10000);
  // A later millisecond sorts after every id of an earlier one.
  auto before = ids.next();
  clock.advance(5);
  CHECK(ids.next() > before);
  // Clock going backwards never reorders.
  clock.advance(-1000);
  CHECK(ids.next() > before);
}
