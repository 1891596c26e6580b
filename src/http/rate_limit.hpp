// Request budgets per client and operation, counted in this process: fixed windows that
// start at a client's first request, in a table of bounded size. The answers carry the
// RateLimit-Policy and RateLimit fields of draft-ietf-httpapi-ratelimit-headers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/server.hpp"

namespace fitkit::http {

class RateLimiter {
 public:
  // Rules with 0 requests are left out. `max_buckets` bounds the memory: past it, buckets
  // whose window has ended go first, then those whose window started earliest.
  explicit RateLimiter(const std::vector<RateLimitRule>& rules, std::size_t max_buckets = 100000);

  struct Decision {
    bool allowed = true;
    std::int64_t retry_after_s = 0;  // when refused
    std::string policy;              // RateLimit-Policy: "default";q=600;w=60, ...; empty: no budget
    std::string state;               // RateLimit: "default";r=599;t=42, ...
    std::string detail;              // why it was refused, for the problem
  };

  // Counts one request of `client` ("usr_…" or "ip:…") to `operation` against the default
  // budget and the operation's own, if any; a refused request counts against neither.
  // `now_ms` is a monotonic clock. Safe from any thread.
  Decision take(std::string_view client, std::string_view operation, std::int64_t now_ms);

  std::size_t bucket_count() const;

 private:
  struct Rule {
    std::string name;
    std::int64_t requests;
    std::int64_t window_ms;
  };
  struct Bucket {
    std::int64_t window_start_ms = 0;
    std::int64_t window_ms = 0;
    std::int64_t count = 0;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr std::size_t kShards = 16;

  Bucket& bucket(Shard& shard, const std::string& key, const Rule& rule, std::int64_t now_ms,
                 const std::string* keep);

  std::vector<Rule> rules_;  // [0] the default budget, when there is one
  bool has_default_ = false;
  std::unordered_map<std::string, std::size_t> by_operation_;
  std::size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace fitkit::http
