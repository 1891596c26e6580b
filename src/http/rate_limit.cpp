#include "http/rate_limit.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <optional>

#include "fitkit/error.hpp"

namespace fitkit::http {
namespace {

constexpr std::int64_t kMaxRequests = 1'000'000'000;
constexpr std::int64_t kMaxWindowS = 7 * 24 * 3600;

Error bad_spec(std::string_view text, std::string_view why) {
  return Error::invalid("rate_limit", "--rate-limit takes OP=N/WINDOW, such as auth.login=10/1m or default=600/60s (" +
                                          std::string(why) + "), not '" + std::string(text.substr(0, 200)) + "'");
}

std::optional<std::int64_t> parse_count(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

std::vector<RateLimitRule> default_rate_limits() {
  return {
      {"default", 600, 60},
      {"auth.login", 20, 60},
      {"auth.register", 10, 60},
      {"auth.password_reset.request", 10, 60},
      {"auth.verify_email.resend", 10, 60},
  };
}

RateLimitRule parse_rate_limit(std::string_view text) {
  const auto eq = text.find('=');
  const auto slash = text.find('/', eq == std::string_view::npos ? 0 : eq);
  if (eq == std::string_view::npos || eq == 0 || slash == std::string_view::npos)
    throw bad_spec(text, "missing = or /");
  RateLimitRule rule;
  rule.operation = std::string(text.substr(0, eq));
  for (char c : rule.operation)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'))
      throw bad_spec(text, "an operation name is lower case, digits, . and _");
  auto requests = parse_count(text.substr(eq + 1, slash - eq - 1));
  if (!requests || *requests > kMaxRequests) throw bad_spec(text, "N is a whole number of requests, 0 for no limit");
  rule.requests = *requests;
  std::string_view window = text.substr(slash + 1);
  std::int64_t unit = 1;
  if (!window.empty()) {
    switch (window.back()) {
      case 's': unit = 1; window.remove_suffix(1); break;
      case 'm': unit = 60; window.remove_suffix(1); break;
      case 'h': unit = 3600; window.remove_suffix(1); break;
      case 'd': unit = 86400; window.remove_suffix(1); break;
      default: break;
    }
  }
  auto amount = parse_count(window);
  if (!amount || *amount == 0 || *amount > kMaxWindowS / unit)
    throw bad_spec(text, "WINDOW is seconds, or a number with s, m, h or d, from 1 s to 7 d");
  rule.window_s = *amount * unit;
  return rule;
}

void apply_rate_limit(std::vector<RateLimitRule>& rules, std::string_view text) {
  RateLimitRule rule = parse_rate_limit(text);
  auto it = std::find_if(rules.begin(), rules.end(), [&](const auto& r) { return r.operation == rule.operation; });
  if (it != rules.end()) *it = std::move(rule);
  else rules.push_back(std::move(rule));
}

RateLimiter::RateLimiter(const std::vector<RateLimitRule>& rules, std::size_t max_buckets)
    : max_per_shard_(std::max<std::size_t>(1, max_buckets / kShards)) {
  // The default budget first, so that headers list it first.
  for (const auto& r : rules)
    if (r.operation == "default" && r.requests > 0 && !has_default_) {
      rules_.push_back({r.operation, r.requests, r.window_s * 1000});
      has_default_ = true;
    }
  for (const auto& r : rules) {
    if (r.operation == "default" || r.requests <= 0 || by_operation_.contains(r.operation)) continue;
    by_operation_.emplace(r.operation, rules_.size());
    rules_.push_back({r.operation, r.requests, r.window_s * 1000});
  }
}

RateLimiter::Bucket& RateLimiter::bucket(Shard& shard, const std::string& key, const Rule& rule,
                                         std::int64_t now_ms, const std::string* keep) {
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= max_per_shard_) {
      std::erase_if(shard.buckets, [&](const auto& kv) {
        return kv.second.window_start_ms + kv.second.window_ms <= now_ms && !(keep && kv.first == *keep);
      });
      if (shard.buckets.size() >= max_per_shard_) {
        auto oldest = shard.buckets.end();
        for (auto i = shard.buckets.begin(); i != shard.buckets.end(); ++i)
          if (!(keep && i->first == *keep) &&
              (oldest == shard.buckets.end() || i->second.window_start_ms < oldest->second.window_start_ms))
            oldest = i;
        if (oldest != shard.buckets.end()) shard.buckets.erase(oldest);
      }
    }
    it = shard.buckets.emplace(key, Bucket{now_ms, rule.window_ms, 0}).first;
  }
  Bucket& b = it->second;
  if (now_ms >= b.window_start_ms + b.window_ms || now_ms < b.window_start_ms) {
    b.window_start_ms = now_ms;
    b.window_ms = rule.window_ms;
    b.count = 0;
  }
  return b;
}

RateLimiter::Decision RateLimiter::take(std::string_view client, std::string_view operation, std::int64_t now_ms) {
  Decision d;
  std::vector<std::size_t> applying;
  if (has_default_) applying.push_back(0);
  if (auto it = by_operation_.find(std::string(operation)); it != by_operation_.end()) applying.push_back(it->second);
  if (applying.empty()) return d;

  struct Taken {
    const Rule* rule;
    Shard* shard;
    std::string key;
    Bucket* bucket = nullptr;
  };
  std::vector<Taken> taken;
  for (std::size_t i : applying) {
    std::string key = rules_[i].name;
    key += ' ';
    key.append(client);
    Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
    taken.push_back({&rules_[i], &shard, std::move(key)});
  }
  // At most two budgets; lock both shards at once (deadlock-free), or the one they share.
  std::unique_lock<std::mutex> first(taken[0].shard->mu, std::defer_lock);
  std::unique_lock<std::mutex> second;
  if (taken.size() > 1 && taken[1].shard != taken[0].shard) {
    second = std::unique_lock<std::mutex>(taken[1].shard->mu, std::defer_lock);
    std::lock(first, second);
  } else {
    first.lock();
  }
  // Making the second bucket must not evict the first one's.
  for (std::size_t i = 0; i < taken.size(); ++i)
    taken[i].bucket = &bucket(*taken[i].shard, taken[i].key, *taken[i].rule, now_ms, i ? &taken[0].key : nullptr);
  for (const auto& t : taken) {
    if (t.bucket->count < t.rule->requests) continue;
    d.allowed = false;
    const std::int64_t wait_s = ceil_div(t.bucket->window_start_ms + t.bucket->window_ms - now_ms, 1000);
    if (wait_s > d.retry_after_s) {
      d.retry_after_s = std::max<std::int64_t>(wait_s, 1);
      d.detail = "too many requests: " + (t.rule->name == "default" ? std::string("this client's budget")
                                                                      : "the budget of " + t.rule->name) +
                 " is " + std::to_string(t.rule->requests) + " per " + std::to_string(t.rule->window_ms / 1000) +
                 " s; retry in " + std::to_string(d.retry_after_s) + " s";
    }
  }
  for (auto& t : taken) {
    if (d.allowed) ++t.bucket->count;
    const std::int64_t remaining = std::max<std::int64_t>(0, t.rule->requests - t.bucket->count);
    const std::int64_t reset_s =
        std::max<std::int64_t>(0, ceil_div(t.bucket->window_start_ms + t.bucket->window_ms - now_ms, 1000));
    if (!d.policy.empty()) {
      d.policy += ", ";
      d.state += ", ";
    }
    d.policy += '"' + t.rule->name + "\";q=" + std::to_string(t.rule->requests) +
                ";w=" + std::to_string(t.rule->window_ms / 1000);
    d.state += '"' + t.rule->name + "\";r=" + std::to_string(remaining) + ";t=" + std::to_string(reset_s);
  }
  return d;
}

std::size_t RateLimiter::bucket_count() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.buckets.size();
  }
  return n;
}

}  // namespace fitkit::http
