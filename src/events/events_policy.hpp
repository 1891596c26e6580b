// Who may do what with organisations and events: one predicate per action, pure functions of
// the actor and the facts the service has loaded (a role in an organisation, an event's owner,
// status and visibility). Tested as permit/deny tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fitkit/actor.hpp"

namespace fitkit::events::policy {

// The actor's role in an organisation: owner, admin, organizer or member; none if not a member.
using OrgRole = std::optional<std::string>;

bool can_create_organisation(const Actor& actor);
// Owners and admins of the organisation.
bool can_change_organisation(const Actor& actor, const OrgRole& role);
// Its owners, and platform admins (moderation).
bool can_remove_organisation(const Actor& actor, const OrgRole& role);
// Members see the member list; platform admins too.
bool can_see_members(const Actor& actor, const OrgRole& role);
// Giving `target_role` to someone whose role is now `current` (none for a newcomer): owners
// give any role; admins add and change organizers and members only.
bool can_set_member_role(const Actor& actor, const OrgRole& role, const OrgRole& current, std::string_view target_role);
// Removing a member whose role is `current`: as above, or oneself (leaving).
bool can_remove_member(const Actor& actor, const OrgRole& role, const OrgRole& current, bool is_self);
// Organising events in the organisation's name: its owners, admins and organizers.
bool can_organise_for(const Actor& actor, const OrgRole& role);

// What the service knows of an event when it asks.
struct EventFacts {
  std::int64_t owner_id = 0;
  OrgRole org_role;             // the actor's role in the organising organisation, if any
  std::string status;           // draft, published, …
  std::string visibility;       // public or unlisted
  bool link_token_given = false;  // the caller presented the event's link token
  bool participant = false;       // the actor holds a registration
};

// Any signed-in user organises events in their own name; as a coach only with the coach role.
bool can_create_event(const Actor& actor, std::string_view organizer_kind);
// The owner, and the organising organisation's owners, admins and organizers.
bool can_manage_event(const Actor& actor, const EventFacts& facts);
// Managers always; others once it is out of draft, when it is public, they hold its link token,
// or they take part.
bool can_view_event(const Actor& actor, const EventFacts& facts);
// Registering oneself: a signed-in user who sees the event (its status and window are rules of
// registration, not of permission).
bool can_register(const Actor& actor, const EventFacts& facts);
// A registration is seen, with its contacts, answers and documents, by its registrant and the
// event's managers; the managers change it, the registrant withdraws or pays.
bool can_see_registration(const Actor& actor, const EventFacts& facts, std::optional<std::int64_t> registrant_id);
bool is_registrant(const Actor& actor, std::optional<std::int64_t> registrant_id);
// The announcements and the question thread: the event's managers and participants.
bool can_read_event_messages(const Actor& actor, const EventFacts& facts);
// A question is asked by a participant or a manager, and removed by its asker or a manager.
bool can_ask_question(const Actor& actor, const EventFacts& facts);
bool can_remove_question(const Actor& actor, const EventFacts& facts, std::optional<std::int64_t> asker_id);
// Pinning events in the catalogue and keeping the category taxonomy: platform admins.
bool can_feature_event(const Actor& actor);
bool can_manage_categories(const Actor& actor);

// The roles that can_organise_for() admits, as an SQL list, for queries over many events.
inline constexpr const char* kOrganisingRolesSql = "'owner', 'admin', 'organizer'";

}  // namespace fitkit::events::policy
