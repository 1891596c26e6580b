// The seeded dice of the differential generator and the values it draws: passwords, addresses
// (good and malformed), device names, origins, ids of nobody, days around the clock.
#pragma once

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "fitkit/clock.hpp"
#include "fitkit/id.hpp"

namespace fitkit::test::diff {

class RandomValues {
 public:
  // With `nul_in_text`, free text (device names) may hold a NUL character, which once differed.
  RandomValues(std::uint64_t seed, bool nul_in_text) : nul_in_text_(nul_in_text), rng_(seed) {}

  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  }
  double real() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  bool chance(double p) { return real() < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(v.size()) - 1))];
  }

  // One that the password policy accepts (15 to 128 characters, not the address).
  std::string password() {
    static const std::vector<std::string> words{"lantern", "orbit",  "maple",   "quartz",
                                                "harbor",  "velvet", "saffron", "glacier",
                                                "thistle", "copper", "meadow",  "falcon"};
    return pick(words) + "-" + pick(words) + "-" + pick(words) + "-" + std::to_string(uniform(10, 99));
  }
  std::string weak_password() {
    static const std::vector<std::string> weak{
        "short", "", "password1234567890", "aaaaaaaaaaaaaaaa", std::string(129, 'x'), "           "};
    return pick(weak);
  }
  std::string fresh_email() {
    static const std::vector<std::string> domains{"example.com", "mail.example.org", "fit.example.net"};
    return "u" + std::to_string(++emails_) + "@" + pick(domains);
  }
  // The address as a caller might type it: case and spaces that normalization removes.
  std::string typed(const std::string& email) {
    if (!chance(0.2)) return email;
    std::string out = email;
    for (char& c : out)
      if (c >= 'a' && c <= 'z' && chance(0.3)) c = static_cast<char>(c - 'a' + 'A');
    return chance(0.5) ? "  " + out + " " : out;
  }
  std::string bad_email() {
    static const std::vector<std::string> bad{"",
                                              "   ",
                                              "no-at-sign.example.com",
                                              "two@@example.com",
                                              "a@b",
                                              "a@-x.com",
                                              ".dot@example.com",
                                              "a..b@example.com",
                                              "ünï@example.com",
                                              "a b@example.com",
                                              "a@example.c0m",
                                              std::string(65, 'l') + "@example.com",
                                              "x@" + std::string(250, 'd') + ".com",
                                              "tab\t@example.com",
                                              std::string("nul\0@example.com", 16)};
    return pick(bad);
  }
  std::string device() {
    static const std::vector<std::string> names{"", "Pixel 8", "iPhone 15", "Телефон", "📱 watch", "laptop"};
    if (nul_in_text_ && chance(0.04)) return std::string("dev\0ice", 7);
    if (chance(0.02)) return std::string(10000, 'd');
    return pick(names);
  }
  std::string ip() {
    static const std::vector<std::string> ips{"", "198.51.100.7", "203.0.113.9", "2001:db8::1"};
    return pick(ips);
  }
  std::string unknown_id(IdKind kind) { return format_id(kind, uniform(1, (std::int64_t{1} << 62) - 1)); }

  // A day as YYYY-MM-DD, between the given numbers of days around `now_ms` (UTC).
  std::string date(std::int64_t now_ms, int min_day_offset = -40, int max_day_offset = 3) {
    const auto day = now_ms / kDayMs + uniform(min_day_offset, max_day_offset);
    // Howard Hinnant's civil_from_days.
    const std::int64_t z = day + 719468, era = z / 146097, doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365,
                       doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1,
                       mo = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (mo <= 2);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(mo),
                  static_cast<int>(d));
    return buf;
  }

 protected:
  bool nul_in_text_;  // SQLite stored a NUL in text where the PostgreSQL driver refused it

 private:
  std::mt19937_64 rng_;
  int emails_ = 0;
};

}  // namespace fitkit::test::diff
