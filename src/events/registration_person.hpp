// The person a registration is for: what was given, else the account's profile, each field
// checked as registration requires.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "fitkit/registrations.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

struct RegisteredPerson {
  std::string given_name, family_name;
  std::optional<std::string> email, phone, birth_date, gender, level, club, team;
};

// The fields given, with the blanks filled from the user's profile and account when there is a
// user (an empty text given clears instead). Throws Error::invalid naming the field.
RegisteredPerson person_of(storage::Connection& c, std::optional<std::int64_t> user_id,
                           const EventRegistrationFields& fields);

}  // namespace fitkit::events
