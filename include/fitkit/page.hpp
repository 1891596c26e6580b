// Keyset paging, shared by every list: a page starts after a position (the sort
// key of the last item already seen), holds at most `limit` items, and tells
// whether more follow. No OFFSET: rows added or removed between two pages
// neither repeat nor skip the rows that were already there.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fitkit/error.hpp"

namespace fitkit {

inline constexpr int kPageLimitDefault = 50;
inline constexpr int kPageLimitMax = 200;

// invalid_argument naming "limit" unless 1 <= limit <= kPageLimitMax.
inline void check_page_limit(long long limit) {
  if (limit < 1 || limit > kPageLimitMax)
    throw Error::invalid("limit", "limit must be between 1 and " + std::to_string(kPageLimitMax));
}

template <class T>
struct Page {
  std::vector<T> items;
  bool more = false;  // at least one item follows the last one, as of this read

  // From rows read with LIMIT limit + 1: the extra row only says that more follow.
  static Page from_rows(std::vector<T> rows, int limit) {
    Page page;
    page.more = rows.size() > static_cast<std::size_t>(limit);
    if (page.more) rows.resize(static_cast<std::size_t>(limit));
    page.items = std::move(rows);
    return page;
  }
};

}  // namespace fitkit
