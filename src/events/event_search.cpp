#include "events/event_search.hpp"

#include "core/text_rules.hpp"
#include "events/event_store.hpp"
#include "storage/copy_catalog.hpp"

namespace fitkit::events {
namespace {

bool is_postgresql(const storage::Connection& c) { return c.dialect() == "postgresql"; }

// The words of a folded text: runs of letters and digits (any byte past ASCII counts as a
// letter), as both engines' tokenizers cut them.
std::vector<std::string> words(const std::string& folded) {
  std::vector<std::string> out;
  std::string word;
  for (char ch : folded) {
    const auto u = static_cast<unsigned char>(ch);
    if (u >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      word += ch;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  if (out.size() > 16) out.resize(16);
  return out;
}

}  // namespace

void index_event(storage::Connection& c, const Event& e) {
  const auto title = text::search_text(e.title);
  const auto description = text::search_text(e.description.value_or(""));
  const auto organizer = text::search_text(e.organizer_name);
  if (is_postgresql(c)) {
    c.exec(
        "INSERT INTO event_search (event_id, document) VALUES (?, setweight(to_tsvector('simple', ?), 'A') ||"
        " setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'C'))"
        " ON CONFLICT (event_id) DO UPDATE SET document = excluded.document",
        {e.id, title, organizer, description});
    return;
  }
  c.exec("DELETE FROM event_search WHERE rowid = ?", {e.id});
  c.exec("INSERT INTO event_search (rowid, title, description, organizer) VALUES (?, ?, ?, ?)",
         {e.id, title, description, organizer});
}

void unindex_event(storage::Connection& c, std::int64_t event_id) {
  if (is_postgresql(c))
    c.exec("DELETE FROM event_search WHERE event_id = ?", {event_id});
  else
    c.exec("DELETE FROM event_search WHERE rowid = ?", {event_id});
}

std::optional<SearchJoin> search_join(std::string_view dialect, std::string_view query) {
  const auto terms = words(text::search_text(query));
  if (terms.empty()) return std::nullopt;
  std::string expression;
  if (dialect == "postgresql") {
    // 'word':* & 'other':* — each word quoted for to_tsquery, a quote doubled.
    for (const auto& t : terms) {
      std::string quoted;
      for (char ch : t) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
      expression += (expression.empty() ? "'" : " & '") + quoted + "':*";
    }
    return SearchJoin{"(SELECT s.event_id, -ts_rank(s.document, q.query) AS score FROM event_search s,"
                      " to_tsquery('simple', ?) AS q(query) WHERE s.document @@ q.query)",
                      expression};
  }
  // "word"* AND "other"* — each word quoted for FTS5, a quote doubled.
  for (const auto& t : terms) {
    std::string quoted;
    for (char ch : t) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    expression += (expression.empty() ? "\"" : " AND \"") + quoted + "\"*";
  }
  return SearchJoin{"(SELECT rowid AS event_id, bm25(event_search, 10.0, 1.0, 5.0) AS score FROM event_search"
                    " WHERE event_search MATCH ?)",
                    expression};
}

}  // namespace fitkit::events

namespace fitkit::storage::copy {

void rebuild_search_index(Connection& c) {
  c.exec("DELETE FROM event_search");
  std::vector<std::int64_t> ids;
  c.query("SELECT id FROM events ORDER BY id", {}, [&](const Row& r) { ids.push_back(r.i64(0)); });
  for (auto id : ids)
    if (auto e = events::find_event(c, Actor::system(), id)) events::index_event(c, *e);
}

}  // namespace fitkit::storage::copy
