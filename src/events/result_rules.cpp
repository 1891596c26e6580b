#include "events/result_rules.hpp"

#include "events/registration_rules.hpp"
#include "events/result_values.hpp"
#include "fitkit/error.hpp"

namespace fitkit::events {

void check_results_open(const Event& event) {
  if (event.status != "in_progress" && event.status != "finished")
    throw Error::precondition("results are taken once the event is under way; it is " + event.status);
}

void check_takes_part(const EventRegistration& r) {
  if (!holds_place(r.status) || r.status == "offered")
    throw Error::precondition("a registration that is " + r.status + " takes no result");
}

const Contest& contest_of_query(const Event& event, std::optional<std::int64_t> contest_id) {
  if (contest_id) return contest_in(event, *contest_id);
  if (event.contests.size() == 1) return event.contests.front();
  throw Error::invalid("contest_id", event.contests.empty() ? "the event has no contest"
                                                            : "the event has several contests: name one with contest_id");
}

std::int64_t result_value(std::string_view result_kind, std::string_view text) {
  std::string problem;
  std::optional<std::int64_t> value;
  if (result_kind == "time") value = read_time_ms(text, problem);
  else if (result_kind == "distance") value = read_distance_mm(text, problem);
  else if (result_kind == "points") value = read_whole(text, 0, problem);
  else value = read_whole(text, 1, problem);
  if (!value) throw Error::invalid("value", "\"" + shown(text) + "\" " + problem);
  return *value;
}

}  // namespace fitkit::events
