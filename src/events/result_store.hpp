// Rows of results and of the standings kept from them: writing a result (and the status it
// gives its registration), ranking a contest again, and reading a leaderboard's page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fitkit/events.hpp"
#include "fitkit/results.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

std::optional<EventResult> result_of_registration(storage::Connection& c, std::int64_t registration_id);

// The registration status a result status gives (docs/results.md): finished, dns, dnf or dsq;
// none for Active and Inactive, which say nothing has happened yet.
std::optional<std::string_view> registration_status_for(std::string_view result_status);

// Inserts each registration's result or replaces it, and sets each registration's status to what
// its result says; `id` is used for a new row. A registration appears once.
void write_results(storage::Connection& c, const std::vector<EventResult>& results,
                   std::optional<std::int64_t> recorded_by, std::int64_t now_ms);
// Deletes the registration's result; a registration that had a result's status is confirmed
// (or checked in) again.
void delete_result(storage::Connection& c, std::int64_t registration_id, std::int64_t now_ms);

// Ranks the contest's results again and rewrites its standings: overall, per gender present,
// per ranking category (docs/results.md, "Rankings").
void rerank_contest(storage::Connection& c, const Event& event, const Contest& contest);

// The ranking a query asks for: "overall", "gender:<gender>" or "category:<code>"; invalid
// naming the field for a gender or code the contest does not rank, or both given.
std::string ranking_key(const Contest& contest, const std::optional<std::string>& category,
                        const std::optional<std::string>& gender);

// A page of a ranking's standings after `after_position`, at most `limit` (read one more to
// know whether more follow).
std::vector<Standing> standings_page(storage::Connection& c, const Event& event, const Contest& contest,
                                     std::string_view ranking, std::int64_t after_position, std::int64_t limit);

}  // namespace fitkit::events
