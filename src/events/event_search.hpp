// The catalogue's full-text index of events: the one place where the engines differ (SQLite's
// FTS5 table, PostgreSQL's tsvector with a GIN index; migrations 0011). Both hold the text as
// core/text_rules.hpp's search_text() folds it, so a search finds the same events on either.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fitkit/events.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

// Writes the event's entry, replacing any earlier one: inside the transaction that changes it.
void index_event(storage::Connection& c, const Event& event);
void unindex_event(storage::Connection& c, std::int64_t event_id);

// A subquery "(SELECT event_id, score …)" of the events matching every word of `query` (whole
// or as a prefix), lower score first for the better match, and its one parameter; nothing
// when the query holds no word.
struct SearchJoin {
  std::string sql;
  std::string param;
};
std::optional<SearchJoin> search_join(std::string_view dialect, std::string_view query);

}  // namespace fitkit::events
