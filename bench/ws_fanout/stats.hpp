// Percentiles of a set of times, by linear interpolation between the nearest ranks (as
// numpy.percentile does): with 20 rounds, p99 lies between the two slowest.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace bench::ws {

struct Summary {
  double median = 0, p99 = 0, max = 0;
};

inline double percentile(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double rank = p / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto low = static_cast<std::size_t>(rank);
  const std::size_t high = std::min(low + 1, sorted.size() - 1);
  const double part = rank - static_cast<double>(low);
  return static_cast<double>(sorted[low]) * (1 - part) + static_cast<double>(sorted[high]) * part;
}

inline Summary summarize(std::vector<std::int64_t> values) {
  std::sort(values.begin(), values.end());
  if (values.empty()) return {};
  return {percentile(values, 50), percentile(values, 99), static_cast<double>(values.back())};
}

}  // namespace bench::ws
