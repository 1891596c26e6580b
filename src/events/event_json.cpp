#include "events/event_json.hpp"

#include "core/object_builder.hpp"
#include "core/time_format.hpp"
#include "events/registration_form.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"

namespace fitkit::events {
namespace {

Json opt_time_json(const std::optional<std::int64_t>& t) { return t ? time_json(*t) : Json(nullptr); }

// A member of a JSON object read as T, or an error naming `field.key`.
template <class T>
std::optional<T> member(const Json& j, const char* key, const std::string& field) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  const bool ok = std::is_same_v<T, std::string>    ? it->is_string()
                  : std::is_same_v<T, bool>         ? it->is_boolean()
                  : std::is_integral_v<T>           ? it->is_number_integer()
                                                    : it->is_number();
  if (!ok) throw Error::invalid(field + "." + key, field + "." + key + " has the wrong type");
  return it->get<T>();
}

std::optional<std::int64_t> member_time(const Json& j, const char* key, const std::string& field) {
  const auto text = member<std::string>(j, key, field);
  if (!text) return std::nullopt;
  const auto t = parse_rfc3339(*text);
  if (!t) throw Error::invalid(field + "." + key, field + "." + key + " must be an RFC 3339 time");
  return t;
}

void require_object(const Json& j, const std::string& field) {
  if (!j.is_object()) throw Error::invalid(field, field + " must be an object");
}

void require_array(const Json& j, const std::string& field) {
  if (!j.is_array()) throw Error::invalid(field, field + " must be an array");
}

std::vector<std::string> strings(const Json& j, const char* key, const std::string& field) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  require_array(*it, field + "." + key);
  for (const auto& v : *it) {
    if (!v.is_string()) throw Error::invalid(field + "." + key, field + "." + key + " must hold texts");
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::string at(const char* field, std::size_t i) { return std::string(field) + "[" + std::to_string(i) + "]"; }

// An array of objects, each read by `read(object, "field[i]")`.
template <class Read>
auto each_object(const Json& j, const char* field, Read read) {
  require_array(j, field);
  std::vector<decltype(read(j, std::string()))> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto where = at(field, i);
    require_object(j[i], where);
    out.push_back(read(j[i], where));
  }
  return out;
}

}  // namespace

Json organisation_json(const Organisation& o) {
  return ObjectBuilder(12)
      .add("id", format_id(IdKind::organisation, o.id))
      .add("name", o.name)
      .add("kind", o.kind)
      .add_optional("description", o.description)
      .add_optional("contact_email", o.contact_email)
      .add_optional("contact_phone", o.contact_phone)
      .add_optional("website", o.website)
      .add_optional("logo_type", o.logo_type)
      .add("members", o.members)
      .add_optional("my_role", o.my_role)
      .add("created_at", time_json(o.created_at))
      .add("updated_at", time_json(o.updated_at))
      .build();
}

Json member_json(const OrganisationMember& m) {
  return ObjectBuilder(4)
      .add("user_id", format_id(IdKind::user, m.user_id))
      .add("display_name", m.display_name)
      .add("role", m.role)
      .add("joined_at", time_json(m.joined_at))
      .build();
}

Json contest_json(const Contest& k, const std::optional<std::string>& currency) {
  Json age_fees = Json::array();
  for (const auto& a : k.age_fees)
    age_fees.push_back({{"min_age", a.min_age ? Json(*a.min_age) : Json(nullptr)},
                        {"max_age", a.max_age ? Json(*a.max_age) : Json(nullptr)},
                        {"fee_minor", a.fee_minor}});
  Json categories = Json::array();
  for (const auto& c : k.categories)
    categories.push_back({{"code", c.code},
                          {"gender", c.gender ? Json(*c.gender) : Json(nullptr)},
                          {"min_age", c.min_age ? Json(*c.min_age) : Json(nullptr)},
                          {"max_age", c.max_age ? Json(*c.max_age) : Json(nullptr)}});
  Json places_left = k.capacity ? Json(std::max<std::int64_t>(0, *k.capacity - k.taken)) : Json(nullptr);
  return ObjectBuilder(18)
      .add("id", format_id(IdKind::contest, k.id))
      .add("name", k.name)
      .add_optional("sport", k.sport)
      .add_optional("distance_m", k.distance_m)
      .add("starts_at", opt_time_json(k.starts_at))
      .add_optional("capacity", k.capacity)
      .add("taken", k.taken)
      .add("places_left", std::move(places_left))
      .add("fee_minor", k.fee_minor)
      .add_optional("early_fee_minor", k.early_fee_minor)
      .add("early_until", opt_time_json(k.early_until))
      .add("age_fees", std::move(age_fees))
      .add_optional("currency", currency)
      .add("result_kind", k.result_kind)
      .add("categories", std::move(categories))
      .add_optional("bib_from", k.bib_from)
      .add_optional("bib_to", k.bib_to)
      .add("position", k.position)
      .build();
}

Json event_json(const Event& e, bool full) {
  ObjectBuilder b(48);
  b.add("id", format_id(IdKind::event, e.id))
      .add("title", e.title)
      .add("type", e.type)
      .add("status", e.status)
      .add("visibility", e.visibility)
      .add("featured", e.featured)
      .add("organizer", Json{{"kind", e.organizer_kind},
                             {"name", e.organizer_name},
                             {"org_id", e.org_id ? Json(format_id(IdKind::organisation, *e.org_id)) : Json(nullptr)},
                             {"user_id", e.org_id ? Json(nullptr) : Json(format_id(IdKind::user, e.owner_id))}})
      .add("starts_at", time_json(e.starts_at))
      .add("ends_at", time_json(e.ends_at))
      .add("time_zone", e.time_zone)
      .add("registration_opens_at", opt_time_json(e.registration_opens_at))
      .add("registration_closes_at", opt_time_json(e.registration_closes_at))
      .add("online", e.online)
      .add("place", Json{{"name", e.place.name ? Json(*e.place.name) : Json(nullptr)},
                         {"address", e.place.address ? Json(*e.place.address) : Json(nullptr)},
                         {"latitude", e.place.latitude ? Json(*e.place.latitude) : Json(nullptr)},
                         {"longitude", e.place.longitude ? Json(*e.place.longitude) : Json(nullptr)}})
      .add("categories", e.categories)
      .add("registrations", e.registrations)
      .add_optional("distance_km", e.distance_km)
      .add("can_manage", e.can_manage);
  if (e.link_token) b.add("link_token", *e.link_token);
  if (!full) {
    Json contests = Json::array();
    for (const auto& k : e.contests) contests.push_back(format_id(IdKind::contest, k.id));
    return b.add("contest_ids", std::move(contests)).build();
  }
  Json schedule = Json::array();
  for (const auto& s : e.schedule)
    schedule.push_back({{"starts_at", time_json(s.starts_at)},
                        {"ends_at", opt_time_json(s.ends_at)},
                        {"title", s.title},
                        {"description", s.description ? Json(*s.description) : Json(nullptr)}});
  Json awards = Json::array();
  for (const auto& a : e.awards)
    awards.push_back({{"title", a.title},
                      {"place", a.place ? Json(*a.place) : Json(nullptr)},
                      {"category", a.category ? Json(*a.category) : Json(nullptr)},
                      {"prize", a.prize ? Json(*a.prize) : Json(nullptr)}});
  Json contests = Json::array();
  for (const auto& k : e.contests) contests.push_back(contest_json(k, e.currency));
  return b.add_optional("description", e.description)
      .add("audience", Json{{"genders", e.audience.genders},
                            {"min_age", e.audience.min_age ? Json(*e.audience.min_age) : Json(nullptr)},
                            {"max_age", e.audience.max_age ? Json(*e.audience.max_age) : Json(nullptr)},
                            {"levels", e.audience.levels}})
      .add("requirements", Json{{"medical_certificate", e.requirements.medical_certificate},
                                {"equipment", e.requirements.equipment}})
      .add_optional("rules", e.rules)
      .add_optional("scoring", e.scoring)
      .add_optional("winning_criteria", e.winning_criteria)
      .add("schedule", std::move(schedule))
      .add_optional("prize_fund", e.prize_fund)
      .add("awards", std::move(awards))
      .add_optional("currency", e.currency)
      .add("requires_approval", e.requires_approval)
      .add("refund_percent", e.refund_percent)
      .add("refund_until", opt_time_json(e.refund_until))
      .add_optional("status_reason", e.status_reason)
      .add_optional("cover_type", e.cover_type)
      .add("contests", std::move(contests))
      .add("form", Json::parse(form_json(e.form)))
      .add("created_at", time_json(e.created_at))
      .add("updated_at", time_json(e.updated_at))
      .add("archived_at", opt_time_json(e.archived_at))
      .build();
}

Json category_json(const EventCategory& c) { return Json{{"slug", c.slug}, {"name", c.name}, {"events", c.events}}; }

EventPlace place_from(const Json& j) {
  require_object(j, "place");
  return {member<std::string>(j, "name", "place"), member<std::string>(j, "address", "place"),
          member<double>(j, "latitude", "place"), member<double>(j, "longitude", "place")};
}

EventAudience audience_from(const Json& j) {
  require_object(j, "audience");
  return {strings(j, "genders", "audience"), member<int>(j, "min_age", "audience"), member<int>(j, "max_age", "audience"),
          strings(j, "levels", "audience")};
}

EventRequirements requirements_from(const Json& j) {
  require_object(j, "requirements");
  return {member<bool>(j, "medical_certificate", "requirements").value_or(false), strings(j, "equipment", "requirements")};
}

std::vector<ScheduleItem> schedule_from(const Json& j) {
  return each_object(j, "schedule", [](const Json& item, const std::string& field) {
    const auto starts = member_time(item, "starts_at", field);
    if (!starts) throw Error::invalid(field + ".starts_at", field + ".starts_at is required");
    return ScheduleItem{*starts, member_time(item, "ends_at", field), member<std::string>(item, "title", field).value_or(""),
                        member<std::string>(item, "description", field)};
  });
}

std::vector<Award> awards_from(const Json& j) {
  return each_object(j, "awards", [](const Json& item, const std::string& field) {
    return Award{member<std::string>(item, "title", field).value_or(""), member<int>(item, "place", field),
                 member<std::string>(item, "category", field), member<std::string>(item, "prize", field)};
  });
}

std::vector<AgeFee> age_fees_from(const Json& j) {
  return each_object(j, "age_fees", [](const Json& item, const std::string& field) {
    const auto fee = member<std::int64_t>(item, "fee_minor", field);
    if (!fee) throw Error::invalid(field + ".fee_minor", field + ".fee_minor is required");
    return AgeFee{member<int>(item, "min_age", field), member<int>(item, "max_age", field), *fee};
  });
}

std::vector<RankingCategory> categories_from(const Json& j) {
  return each_object(j, "categories", [](const Json& item, const std::string& field) {
    return RankingCategory{member<std::string>(item, "code", field).value_or(""), member<std::string>(item, "gender", field),
                           member<int>(item, "min_age", field), member<int>(item, "max_age", field)};
  });
}

}  // namespace fitkit::events
