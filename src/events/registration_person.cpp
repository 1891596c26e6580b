#include "events/registration_person.hpp"

#include <algorithm>

#include "accounts/email_address.hpp"
#include "accounts/time_zone.hpp"
#include "core/text_rules.hpp"
#include "fitkit/error.hpp"
#include "fitkit/profiles.hpp"

namespace fitkit::events {
namespace {

std::optional<std::string> given_or(const std::optional<std::string>& given, std::optional<std::string> stored) {
  if (given) return given->empty() ? std::nullopt : given;
  return stored;
}

}  // namespace

RegisteredPerson person_of(storage::Connection& c, std::optional<std::int64_t> user_id,
                           const EventRegistrationFields& f) {
  std::optional<std::string> first, last, birth, gender, level, email, phone;
  if (user_id)
    c.query("SELECT p.first_name, p.last_name, p.birth_date, p.gender, p.level, u.email, u.phone"
            " FROM users u LEFT JOIN profiles p ON p.user_id = u.id WHERE u.id = ?",
            {*user_id}, [&](const storage::Row& r) {
              first = r.opt_text(0);
              last = r.opt_text(1);
              birth = r.opt_text(2);
              gender = r.opt_text(3);
              level = r.opt_text(4);
              email = r.opt_text(5);
              phone = r.opt_text(6);
            });
  if (gender == "unspecified") gender.reset();
  RegisteredPerson p;
  const auto given = given_or(f.given_name, first), family = given_or(f.family_name, last);
  if (!given) throw Error::invalid("given_name", "given_name is required (or a first_name in the profile)");
  if (!family) throw Error::invalid("family_name", "family_name is required (or a last_name in the profile)");
  p.given_name = text::one_line(*given, "given_name", 100);
  p.family_name = text::one_line(*family, "family_name", 100);
  if (auto v = given_or(f.email, email)) p.email = accounts::normalize_email(*v);
  if (auto v = given_or(f.phone, phone)) {
    if (!text::is_e164(*v)) throw Error::invalid("phone", "phone must be in E.164 form, such as +4915123456789");
    p.phone = *v;
  }
  if (auto v = given_or(f.birth_date, birth)) {
    if (!accounts::is_valid_date(*v)) throw Error::invalid("birth_date", "birth_date must be a day, YYYY-MM-DD");
    p.birth_date = *v;
  }
  if (auto v = given_or(f.gender, gender)) {
    if (*v != "female" && *v != "male" && *v != "other")
      throw Error::invalid("gender", "gender must be female, male or other");
    p.gender = *v;
  }
  if (auto v = given_or(f.level, level)) {
    const auto& levels = athlete_levels();
    if (std::find(levels.begin(), levels.end(), *v) == levels.end())
      throw Error::invalid("level", "level must be beginner, amateur or professional");
    p.level = *v;
  }
  if (auto v = given_or(f.club, std::nullopt)) p.club = text::one_line(*v, "club", 100);
  if (auto v = given_or(f.team, std::nullopt)) p.team = text::one_line(*v, "team", 100);
  return p;
}


}  // namespace fitkit::events
