// Profiles: who a person is, what they train for, and who may see it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"

namespace fitkit {

struct Runtime;

// A sportsperson's level, in profiles and in events' audiences: beginner, amateur, professional.
const std::vector<std::string_view>& athlete_levels() noexcept;

struct Profile {
  std::int64_t user_id = 0;
  std::optional<std::string> first_name, last_name, nickname, gender, birth_date, city;
  std::string time_zone = "UTC";
  std::optional<std::string> about;
  std::optional<double> height_cm, weight_kg;
  std::optional<std::string> goal;   // lose_weight, gain_mass, keep_fit, prepare_for_event
  std::optional<std::string> level;  // beginner, amateur, professional
  std::vector<std::string> interests;
  std::optional<std::string> medical_notes;  // only for the user and the coaches they authorise
  std::string privacy = "friends";           // public, friends, private
  std::int64_t updated_at = 0;
  bool full = false;  // false: the public view, without body data and birth date
};

// A coach the user lets read their medical notes, and since when.
struct MedicalAccessGrant {
  std::int64_t coach_id = 0;
  std::int64_t granted_at = 0;
};

// Grants are listed by (granted_at, coach_id): the position after the last one seen.
struct MedicalAccessPosition {
  std::int64_t granted_at = 0;
  std::int64_t coach_id = 0;
};

// A field present in the update is changed; a present empty optional clears it.
template <class T>
using Change = std::optional<std::optional<T>>;

struct ProfileUpdate {
  Change<std::string> first_name, last_name, nickname, gender, birth_date, city, about, goal, level, medical_notes;
  std::optional<std::string> time_zone, privacy;
  Change<double> height_cm, weight_kg;
  std::optional<std::vector<std::string>> interests;
};

class ProfileService {
 public:
  explicit ProfileService(Runtime& rt) : rt_(rt) {}

  // A profile the actor may not see is reported as not found.
  Profile get(const Actor& actor, std::int64_t user_id);
  Profile update(const Actor& actor, const ProfileUpdate& update);

  // Coaches the user lets read their medical notes.
  void grant_medical_access(const Actor& actor, std::int64_t coach_id);
  void revoke_medical_access(const Actor& actor, std::int64_t coach_id);
  Page<MedicalAccessGrant> medical_access(const Actor& actor, std::optional<MedicalAccessPosition> after = {},
                                          int limit = kPageLimitDefault);

 private:
  void write_update(const Actor& actor, const ProfileUpdate& update);
  Runtime& rt_;
};

}  // namespace fitkit
