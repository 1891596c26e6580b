// Profiles: reading with privacy applied, and validated updates.
#include <algorithm>
#include <array>
#include <deque>

#include <nlohmann/json.hpp>

#include "accounts/accounts_policy.hpp"
#include "accounts/audit.hpp"
#include "accounts/profile_store.hpp"
#include "accounts/time_zone.hpp"
#include "accounts/user_store.hpp"
#include "core/runtime.hpp"
#include "core/time_format.hpp"
#include "fitkit/error.hpp"
#include "fitkit/profiles.hpp"

namespace fitkit {

const std::vector<std::string_view>& athlete_levels() noexcept {
  static const std::vector<std::string_view> levels{"beginner", "amateur", "professional"};
  return levels;
}

namespace {

constexpr std::array<std::string_view, 4> kGenders{"female", "male", "other", "unspecified"};
constexpr std::array<std::string_view, 4> kGoals{"lose_weight", "gain_mass", "keep_fit", "prepare_for_event"};
constexpr std::array<std::string_view, 3> kPrivacy{"public", "friends", "private"};
constexpr std::array<std::string_view, 20> kActivities{
    "running", "cycling", "swimming", "walking", "hiking", "strength", "yoga", "crossfit", "rowing", "skiing",
    "triathlon", "orienteering", "football", "basketball", "tennis", "martial_arts", "dance", "climbing",
    "fitness", "other"};

template <std::size_t N>
void check_one_of(const std::array<std::string_view, N>& allowed, std::string_view value, const char* field) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw Error::invalid(field, std::string(field) + " must be one of: " + list);
}

void check_text(const std::optional<std::string>& v, std::size_t max, const char* field) {
  if (!v) return;
  if (v->size() > max) throw Error::invalid(field, std::string(field) + " must be at most " + std::to_string(max) + " bytes");
  for (unsigned char ch : *v)
    if (ch < 0x20 && ch != '\n' && ch != '\t') throw Error::invalid(field, std::string(field) + " has control characters");
}

void check_range(const std::optional<double>& v, double lo, double hi, const char* field) {
  if (v && !(*v >= lo && *v <= hi))
    throw Error::invalid(field, std::string(field) + " must be between " + std::to_string(static_cast<int>(lo)) +
                                    " and " + std::to_string(static_cast<int>(hi)));
}

void validate(const ProfileUpdate& u, std::int64_t now_ms) {
  for (auto [v, field, max] : {std::tuple{&u.first_name, "first_name", 100}, {&u.last_name, "last_name", 100},
                               {&u.city, "city", 100}, {&u.about, "about", 2000},
                               {&u.medical_notes, "medical_notes", 4000}})
    if (*v) check_text(**v, static_cast<std::size_t>(max), field);
  if (u.nickname && *u.nickname) accounts::check_nickname(**u.nickname);
  if (u.gender && *u.gender) check_one_of(kGenders, **u.gender, "gender");
  if (u.goal && *u.goal) check_one_of(kGoals, **u.goal, "goal");
  if (u.level && *u.level) {
    const auto& levels = athlete_levels();
    if (std::find(levels.begin(), levels.end(), **u.level) == levels.end())
      throw Error::invalid("level", "level must be one of: beginner, amateur, professional");
  }
  if (u.privacy) check_one_of(kPrivacy, *u.privacy, "privacy");
  if (u.time_zone && !accounts::is_valid_time_zone(*u.time_zone))
    throw Error::invalid("time_zone", "time_zone must be an IANA time zone such as Europe/Moscow");
  if (u.birth_date && *u.birth_date) {
    const auto& d = **u.birth_date;
    const auto today = format_date(now_ms);
    if (!accounts::is_valid_date(d) || d < "1900-01-01" || d > today)
      throw Error::invalid("birth_date", "birth_date must be a past date as YYYY-MM-DD");
  }
  if (u.height_cm && *u.height_cm) check_range(**u.height_cm, 50, 272, "height_cm");
  if (u.weight_kg && *u.weight_kg) check_range(**u.weight_kg, 20, 650, "weight_kg");
  if (u.interests) {
    if (u.interests->size() > kActivities.size()) throw Error::invalid("interests", "too many interests");
    for (const auto& i : *u.interests) check_one_of(kActivities, i, "interests");
  }
}

Profile read_profile(storage::Connection& c, std::int64_t user_id) {
  std::optional<Profile> p;
  c.query("SELECT first_name, last_name, nickname, gender, birth_date, city, time_zone, about, height_cm, weight_kg,"
          " goal, level, interests, medical_notes, privacy, updated_at FROM profiles WHERE user_id = ?",
          {user_id}, [&](const storage::Row& r) {
            Profile x;
            x.user_id = user_id;
            x.first_name = r.opt_text(0);
            x.last_name = r.opt_text(1);
            x.nickname = r.opt_text(2);
            x.gender = r.opt_text(3);
            x.birth_date = r.opt_text(4);
            x.city = r.opt_text(5);
            x.time_zone = r.text(6);
            x.about = r.opt_text(7);
            x.height_cm = r.opt_f64(8);
            x.weight_kg = r.opt_f64(9);
            x.goal = r.opt_text(10);
            x.level = r.opt_text(11);
            auto interests = nlohmann::json::parse(r.text(12), nullptr, false);
            if (interests.is_array())
              for (auto& i : interests)
                if (i.is_string()) x.interests.push_back(i.get<std::string>());
            x.medical_notes = r.opt_text(13);
            x.privacy = r.text(14);
            x.updated_at = r.i64(15);
            x.full = true;
            p = std::move(x);
          });
  if (!p) throw Error::not_found("no such profile");
  return *p;
}

accounts::policy::ProfileRelation relation_of(storage::Connection& c, const Actor& viewer, std::int64_t owner) {
  accounts::policy::ProfileRelation rel;
  if (viewer.is_user() && !viewer.is_user(owner))
    rel.medical_access =
        c.query_i64("SELECT 1 FROM medical_access WHERE user_id = ? AND coach_id = ?", {owner, viewer.user_id})
            .has_value();
  return rel;
}

}  // namespace

Profile ProfileService::get(const Actor& actor, std::int64_t user_id) {
  auto c = rt_.db->acquire();
  // A signed-in user's own account is known to be active; anyone else's is checked.
  if (!actor.is_user(user_id)) {
    auto owner = accounts::find_user(*c, user_id, false);
    if (!owner || owner->user.status != UserStatus::active) throw Error::not_found("no such profile");
  }
  Profile p = read_profile(*c, user_id);
  const auto rel = relation_of(*c, actor, user_id);
  using accounts::policy::ProfileVisibility;
  const auto visibility = accounts::policy::profile_visibility(actor, user_id, p.privacy, rel);
  if (visibility == ProfileVisibility::none) throw Error::not_found("no such profile");
  if (!accounts::policy::can_view_medical(actor, user_id, rel)) p.medical_notes.reset();
  if (visibility == ProfileVisibility::public_view) {
    p.full = false;
    p.gender.reset();
    p.birth_date.reset();
    p.height_cm.reset();
    p.weight_kg.reset();
    p.goal.reset();
  }
  return p;
}

Profile ProfileService::update(const Actor& actor, const ProfileUpdate& u) {
  if (!actor.is_user()) throw Error::unauthenticated();
  validate(u, rt_.now());
  write_update(actor, u);
  return get(actor, actor.user_id);
}

void ProfileService::write_update(const Actor& actor, const ProfileUpdate& u) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  std::vector<storage::Param> params;
  std::string sql = "UPDATE profiles SET updated_at = ?";
  params.emplace_back(rt_.now());
  std::deque<std::string> keep;  // owns the text the params borrow; a deque never moves it
  auto set_text = [&](const char* column, const Change<std::string>& v) {
    if (!v) return;
    sql += std::string(", ") + column + " = ?";
    params.emplace_back(*v ? storage::Param(keep.emplace_back(**v)) : storage::Param(nullptr));
  };
  auto set_number = [&](const char* column, const Change<double>& v) {
    if (!v) return;
    sql += std::string(", ") + column + " = ?";
    params.emplace_back(*v ? storage::Param(**v) : storage::Param(nullptr));
  };
  set_text("first_name", u.first_name);
  set_text("last_name", u.last_name);
  set_text("gender", u.gender);
  set_text("birth_date", u.birth_date);
  set_text("city", u.city);
  set_text("about", u.about);
  set_text("goal", u.goal);
  set_text("level", u.level);
  set_text("medical_notes", u.medical_notes);
  if (u.time_zone) set_text("time_zone", Change<std::string>(*u.time_zone));
  if (u.privacy) set_text("privacy", Change<std::string>(*u.privacy));
  set_number("height_cm", u.height_cm);
  set_number("weight_kg", u.weight_kg);
  if (u.interests) set_text("interests", Change<std::string>(nlohmann::json(*u.interests).dump()));
  if (u.nickname) {
    set_text("nickname", u.nickname);
    Change<std::string> key;
    if (*u.nickname) {
      std::string k = **u.nickname;
      std::transform(k.begin(), k.end(), k.begin(), [](unsigned char ch) { return std::tolower(ch); });
      key = std::optional<std::string>(k);
    } else {
      key = std::optional<std::string>();
    }
    set_text("nickname_key", key);
  }
  sql += " WHERE user_id = ?";
  params.emplace_back(actor.user_id);
  try {
    c->exec(sql, params);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::already_exists) throw Error::already_exists("this nickname is taken", "nickname");
    throw;
  }
  tx.commit();
}

void ProfileService::grant_medical_access(const Actor& actor, std::int64_t coach_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  auto coach = accounts::find_user(*c, coach_id);
  // One answer for "no such account" and "not a coach": a grant must not reveal who has which role.
  if (!coach || coach->user.status != UserStatus::active || !coach->user.roles.has(Role::coach))
    throw Error::not_found("no such coach");
  if (coach_id == actor.user_id) throw Error::invalid("coach_id", "you always see your own notes");
  storage::Transaction tx(*c);
  c->exec("INSERT INTO medical_access (user_id, coach_id, granted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
          {actor.user_id, coach_id, rt_.now()});
  accounts::audit(rt_, *c, "medical_access.granted", actor, actor.user_id,
                  R"({"coach":")" + format_id(IdKind::user, coach_id) + "\"}");
  tx.commit();
}

void ProfileService::revoke_medical_access(const Actor& actor, std::int64_t coach_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  if (c->exec("DELETE FROM medical_access WHERE user_id = ? AND coach_id = ?", {actor.user_id, coach_id}) == 0)
    throw Error::not_found("this coach has no access");
  accounts::audit(rt_, *c, "medical_access.revoked", actor, actor.user_id,
                  R"({"coach":")" + format_id(IdKind::user, coach_id) + "\"}");
  tx.commit();
}

Page<MedicalAccessGrant> ProfileService::medical_access(const Actor& actor, std::optional<MedicalAccessPosition> after,
                                                        int limit) {
  if (!actor.is_user()) throw Error::unauthenticated();
  check_page_limit(limit);
  static const std::string first_sql =
      "SELECT coach_id, granted_at FROM medical_access WHERE user_id = ? ORDER BY granted_at, coach_id LIMIT ?";
  static const std::string next_sql =
      "SELECT coach_id, granted_at FROM medical_access WHERE user_id = ? AND (granted_at, coach_id) > (?, ?)"
      " ORDER BY granted_at, coach_id LIMIT ?";
  // One row more than asked tells whether a next page exists.
  const std::int64_t fetch = std::int64_t{limit} + 1;
  std::vector<MedicalAccessGrant> rows;
  auto read = [&](const storage::Row& r) { rows.push_back({r.i64(0), r.i64(1)}); };
  if (after)
    rt_.db->acquire()->query(next_sql, {actor.user_id, after->granted_at, after->coach_id, fetch}, read);
  else
    rt_.db->acquire()->query(first_sql, {actor.user_id, fetch}, read);
  return Page<MedicalAccessGrant>::from_rows(std::move(rows), limit);
}

}  // namespace fitkit
