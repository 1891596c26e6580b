// Organisations: federations, clubs, sports organisations and brands, with members in roles;
// they organise events (include "fitkit/events.hpp").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"
#include "fitkit/profiles.hpp"  // Change<T>

namespace fitkit {

struct Runtime;

// The largest logo or event cover.
inline constexpr std::size_t kPictureMaxBytes = 5 * 1024 * 1024;

// federation, club, sports_organisation, brand
const std::vector<std::string_view>& organisation_kinds() noexcept;
// owner, admin, organizer, member: each may do what the ones after it may (docs/organisations.md)
const std::vector<std::string_view>& organisation_roles() noexcept;

struct Organisation {
  std::int64_t id = 0;
  std::string name;
  std::string kind;
  std::optional<std::string> description, contact_email, contact_phone, website;
  std::optional<std::string> logo_type;  // the logo's media type, if it has one
  std::int64_t members = 0;
  std::optional<std::string> my_role;  // the viewer's, if a member
  std::int64_t created_at = 0, updated_at = 0;
};

// On create, name and kind are required; on update an empty field keeps its value and
// Change's inner empty clears it.
struct OrganisationFields {
  std::optional<std::string> name, kind;
  Change<std::string> description, contact_email, contact_phone, website;
};

struct OrganisationQuery {
  std::optional<std::string> search;  // in the name
  std::optional<std::string> kind;
  bool mine = false;                  // only those the viewer is a member of
  std::optional<std::pair<std::string, std::int64_t>> after;  // position: (name key, id)
  int limit = kPageLimitDefault;
};

struct OrganisationMember {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string role;
  std::int64_t joined_at = 0;
};

class OrganisationService {
 public:
  explicit OrganisationService(Runtime& rt) : rt_(rt) {}

  // Any signed-in user may found one, and is its owner.
  Organisation create(const Actor& actor, const OrganisationFields& fields);
  // An organisation is public: anyone may read it and list them.
  Organisation get(const Actor& actor, std::int64_t org_id);
  Page<Organisation> list(const Actor& actor, const OrganisationQuery& query);
  // Its owners and admins.
  Organisation update(const Actor& actor, std::int64_t org_id, const OrganisationFields& fields);
  // Its owners, once it has no events left (delete or move them first).
  void remove(const Actor& actor, std::int64_t org_id);

  // Members see who the members are; others see only how many.
  std::vector<OrganisationMember> members(const Actor& actor, std::int64_t org_id);
  // Adds a user or changes their role. Owners and admins add organizers and members; only an
  // owner makes owners and admins or changes theirs; the last owner stays one.
  OrganisationMember set_member(const Actor& actor, std::int64_t org_id, std::int64_t user_id, std::string_view role);
  // Removes a member: owners and admins as above, or a member leaving; never the last owner.
  void remove_member(const Actor& actor, std::int64_t org_id, std::int64_t user_id);

  // The logo: PNG, JPEG or WebP, at most kPictureMaxBytes; set by owners and admins, seen by all.
  struct Picture {
    std::string content_type, bytes;
  };
  Organisation set_logo(const Actor& actor, std::int64_t org_id, std::string_view bytes);
  Picture logo(const Actor& actor, std::int64_t org_id);
  Organisation delete_logo(const Actor& actor, std::int64_t org_id);

 private:
  Runtime& rt_;
};

}  // namespace fitkit
