#include "events/events_policy.hpp"

namespace fitkit::events::policy {
namespace {

// owner 3, admin 2, organizer 1, member 0, none -1.
int rank(const OrgRole& role) {
  if (!role) return -1;
  if (*role == "owner") return 3;
  if (*role == "admin") return 2;
  if (*role == "organizer") return 1;
  return 0;
}

bool is_platform_admin(const Actor& actor) { return actor.is_user() && actor.has_role(Role::admin); }

}  // namespace

bool can_create_organisation(const Actor& actor) { return actor.is_user(); }

bool can_change_organisation(const Actor& actor, const OrgRole& role) { return actor.is_user() && rank(role) >= 2; }

bool can_remove_organisation(const Actor& actor, const OrgRole& role) {
  return actor.is_user() && (rank(role) >= 3 || is_platform_admin(actor));
}

bool can_see_members(const Actor& actor, const OrgRole& role) {
  return actor.is_user() && (rank(role) >= 0 || is_platform_admin(actor));
}

bool can_set_member_role(const Actor& actor, const OrgRole& role, const OrgRole& current, std::string_view target_role) {
  if (!actor.is_user()) return false;
  if (rank(role) >= 3) return true;
  return rank(role) == 2 && rank(current) <= 1 && rank(OrgRole(std::string(target_role))) <= 1;
}

bool can_remove_member(const Actor& actor, const OrgRole& role, const OrgRole& current, bool is_self) {
  if (!actor.is_user()) return false;
  if (is_self || rank(role) >= 3) return true;
  return rank(role) == 2 && rank(current) <= 1;
}

bool can_organise_for(const Actor& actor, const OrgRole& role) { return actor.is_user() && rank(role) >= 1; }

bool can_create_event(const Actor& actor, std::string_view organizer_kind) {
  if (!actor.is_user()) return false;
  return organizer_kind != "coach" || actor.has_role(Role::coach);
}

bool can_manage_event(const Actor& actor, const EventFacts& facts) {
  return actor.is_user(facts.owner_id) || (actor.is_user() && rank(facts.org_role) >= 1);
}

bool can_view_event(const Actor& actor, const EventFacts& facts) {
  if (can_manage_event(actor, facts)) return true;
  if (facts.status == "draft") return false;
  return facts.visibility == "public" || facts.link_token_given || (actor.is_user() && facts.participant);
}

bool can_register(const Actor& actor, const EventFacts& facts) {
  return actor.is_user() && can_view_event(actor, facts);
}

bool is_registrant(const Actor& actor, std::optional<std::int64_t> registrant_id) {
  return registrant_id && actor.is_user(*registrant_id);
}

bool can_see_registration(const Actor& actor, const EventFacts& facts, std::optional<std::int64_t> registrant_id) {
  return is_registrant(actor, registrant_id) || can_manage_event(actor, facts);
}

bool can_read_event_messages(const Actor& actor, const EventFacts& facts) {
  return can_manage_event(actor, facts) || (actor.is_user() && facts.participant);
}

bool can_ask_question(const Actor& actor, const EventFacts& facts) { return can_read_event_messages(actor, facts); }

bool can_remove_question(const Actor& actor, const EventFacts& facts, std::optional<std::int64_t> asker_id) {
  return can_manage_event(actor, facts) || (asker_id && actor.is_user(*asker_id));
}

bool can_feature_event(const Actor& actor) { return is_platform_admin(actor); }

bool can_manage_categories(const Actor& actor) { return is_platform_admin(actor); }

}  // namespace fitkit::events::policy
