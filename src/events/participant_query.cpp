#include "events/participant_query.hpp"

#include <algorithm>

#include "core/text_rules.hpp"
#include "fitkit/error.hpp"
#include "fitkit/registrations.hpp"

namespace fitkit::events {
namespace {

void add(ParticipantCondition& c, const std::string& sql) { c.sql += (c.sql.empty() ? "" : " AND ") + sql; }

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

}  // namespace

std::vector<storage::Param> ParticipantCondition::params() const {
  std::vector<storage::Param> out;
  for (const auto& v : values) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) out.emplace_back(*i);
    else out.emplace_back(std::get<std::string>(v));
  }
  return out;
}

ParticipantCondition participant_condition(const Event& event, const ParticipantFilter& filter) {
  ParticipantCondition out;
  if (filter.status) {
    const auto& statuses = registration_statuses();
    if (std::find(statuses.begin(), statuses.end(), *filter.status) == statuses.end())
      throw Error::invalid("status", "status must be one of the registration statuses (docs/registration.md)");
    add(out, "status = ?");
    out.values.emplace_back(*filter.status);
  }
  if (filter.contest_id) {
    if (std::none_of(event.contests.begin(), event.contests.end(),
                     [&](const Contest& k) { return k.id == *filter.contest_id; }))
      throw Error::invalid("contest_id", "the event has no such contest");
    add(out, "contest_id = ?");
    out.values.emplace_back(*filter.contest_id);
  }
  if (filter.query) {
    const auto words = text::one_line(*filter.query, "query", 100);
    if (all_digits(words)) {
      add(out, "bib = ?");
      out.values.emplace_back(static_cast<std::int64_t>(std::stoll(words)));
    } else {
      add(out, "search_key LIKE ? ESCAPE '\\'");
      out.values.emplace_back(text::contains_pattern(text::search_text(words)));
    }
  }
  return out;
}

}  // namespace fitkit::events
