#include "events/result_json.hpp"

#include "core/object_builder.hpp"
#include "events/result_values.hpp"
#include "fitkit/id.hpp"

namespace fitkit::events {
namespace {

using Json = nlohmann::ordered_json;

// The value as read, or null for none.
Json value_json(const std::optional<std::int64_t>& v, std::string_view kind) {
  return v ? Json(value_text(v, kind)) : Json(nullptr);
}

Json lines_json(const std::vector<ImportReport::Line>& lines) {
  Json out = Json::array();
  for (const auto& l : lines) out.push_back({{"line", l.line ? Json(l.line) : Json(nullptr)}, {"text", l.text}});
  return out;
}

std::string user_path(std::int64_t user_id) { return "/v1/users/" + format_id(IdKind::user, user_id); }

}  // namespace

Json result_json(const EventResult& r) {
  return ObjectBuilder(11)
      .add("id", format_id(IdKind::event_result, r.id))
      .add("event_id", format_id(IdKind::event, r.event_id))
      .add("contest_id", format_id(IdKind::contest, r.contest_id))
      .add("registration_id", format_id(IdKind::registration, r.registration_id))
      .add("status", r.status)
      .add("value", r.value ? Json(*r.value) : Json(nullptr))
      .add("result", value_json(r.value, r.result_kind))
      .add("source", r.source)
      .add("workout_id", id_json(IdKind::workout, r.workout_id))
      .add("recorded_at", time_json(r.recorded_at))
      .add("updated_at", time_json(r.updated_at))
      .build();
}

Json import_report_json(const ImportReport& r) {
  Json changes = Json::array();
  for (const auto& c : r.changes)
    changes.push_back({{"line", c.line ? Json(c.line) : Json(nullptr)},
                       {"registration_id", format_id(IdKind::registration, c.registration_id)},
                       {"change", c.what}});
  Json mapping = Json::object();
  for (const auto& [field, header] : r.mapping) mapping[field] = header;
  return ObjectBuilder(13)
      .add("format", r.format)
      .add("applied", r.applied)
      .add("rows", r.rows)
      .add("created", r.created)
      .add("changed", r.changed)
      .add("unchanged", r.unchanged)
      .add("unmatched_count", r.unmatched_count)
      .add("invalid_count", r.invalid_count)
      .add("other_races", r.other_races)
      .add("unmatched", lines_json(r.unmatched))
      .add("invalid", lines_json(r.invalid))
      .add("changes", std::move(changes))
      .add("mapping", std::move(mapping))
      .build();
}

Json standing_json(const Standing& s) {
  const auto& kind = s.result.result_kind;
  return ObjectBuilder(20)
      .add("position", s.position)
      .add("place", s.place ? Json(*s.place) : Json(nullptr))
      .add("bib", s.bib ? Json(*s.bib) : Json(nullptr))
      .add("given_name", s.given_name)
      .add("family_name", s.family_name)
      .add_optional("club", s.club)
      .add_optional("team", s.team)
      .add_optional("gender", s.gender)
      .add_optional("category", s.category)
      .add("status", s.result.status)
      .add("result", value_json(s.result.value, kind))
      .add("behind", value_json(s.behind, kind))
      .add("value", s.result.value ? Json(*s.result.value) : Json(nullptr))
      .add("provisional", s.provisional)
      .add("registration_id", format_id(IdKind::registration, s.result.registration_id))
      .add("user_id", id_json(IdKind::user, s.user_id))
      .add("result_id", format_id(IdKind::event_result, s.result.id))
      .add("personal_best", s.personal_best)
      .add("profile_path", s.user_id ? Json(user_path(*s.user_id) + "/profile") : Json(nullptr))
      .add("records_path", s.personal_best ? Json(user_path(*s.user_id) + "/race-records") : Json(nullptr))
      .build();
}

Json team_leaderboard_json(const TeamLeaderboard& t) {
  Json teams = Json::array();
  for (const auto& team : t.teams) {
    Json counted = Json::array();
    for (auto id : team.counted) counted.push_back(format_id(IdKind::registration, id));
    teams.push_back(ObjectBuilder(5)
                        .add("team", team.team)
                        .add("place", team.place ? Json(*team.place) : Json(nullptr))
                        .add("total", team.total ? Json(*team.total) : Json(nullptr))
                        .add("behind", team.behind ? Json(*team.behind) : Json(nullptr))
                        .add("counted", std::move(counted))
                        .build());
  }
  return {{"contest_id", format_id(IdKind::contest, t.contest_id)}, {"best_n", t.best_n}, {"teams", std::move(teams)}};
}

Json my_event_json(const MyEvent& m) {
  return ObjectBuilder(13)
      .add("event_id", format_id(IdKind::event, m.event_id))
      .add("title", m.title)
      .add("event_status", m.event_status)
      .add("starts_at", time_json(m.starts_at))
      .add("ends_at", time_json(m.ends_at))
      .add("contest_id", format_id(IdKind::contest, m.contest_id))
      .add("registration_id", format_id(IdKind::registration, m.registration_id))
      .add("registration_status", m.registration_status)
      .add("result_status", m.result ? Json(m.result->status) : Json(nullptr))
      .add("result", m.result ? value_json(m.result->value, m.result_kind) : Json(nullptr))
      .add("place", m.place ? Json(*m.place) : Json(nullptr))
      .add("official", m.official)
      .add("results_path", "/v1/events/" + format_id(IdKind::event, m.event_id) + "/leaderboard")
      .build();
}

Json award_json(const AwardGiven& a) {
  return ObjectBuilder(12)
      .add("event_id", format_id(IdKind::event, a.event_id))
      .add("event_title", a.event_title)
      .add("contest_id", format_id(IdKind::contest, a.contest_id))
      .add("registration_id", format_id(IdKind::registration, a.registration_id))
      .add("user_id", id_json(IdKind::user, a.user_id))
      .add("given_name", a.given_name)
      .add("family_name", a.family_name)
      .add("title", a.title)
      .add("place", a.place ? Json(*a.place) : Json(nullptr))
      .add_optional("category", a.category)
      .add_optional("prize", a.prize)
      .add("awarded_at", time_json(a.awarded_at))
      .build();
}

Json result_photo_json(const ResultPhoto& p) {
  const auto id = format_id(IdKind::result_photo, p.id);
  return ObjectBuilder(8)
      .add("id", id)
      .add("event_id", format_id(IdKind::event, p.event_id))
      .add("registration_id", id_json(IdKind::registration, p.registration_id))
      .add("caption", p.caption ? Json(*p.caption) : Json(nullptr))
      .add("content_type", p.content_type)
      .add("size_bytes", p.size_bytes)
      .add("added_at", time_json(p.added_at))
      .add("file_path", "/v1/result-photos/" + id + "/file")
      .build();
}

Json race_record_json(const RaceRecord& r) {
  return ObjectBuilder(10)
      .add("sport", r.sport)
      .add("distance_m", r.distance_m)
      .add("time", value_text(r.time_ms, "time"))
      .add("time_ms", r.time_ms)
      .add("event_id", format_id(IdKind::event, r.event_id))
      .add("event_title", r.event_title)
      .add("contest_id", format_id(IdKind::contest, r.contest_id))
      .add("contest_name", r.contest_name)
      .add("result_id", format_id(IdKind::event_result, r.result_id))
      .add("raced_at", time_json(r.raced_at))
      .build();
}

}  // namespace fitkit::events
