#include "events/organisation_store.hpp"

#include <algorithm>

#include "fitkit/error.hpp"
#include "fitkit/id.hpp"

namespace fitkit {

const std::vector<std::string_view>& organisation_kinds() noexcept {
  static const std::vector<std::string_view> kinds{"federation", "club", "sports_organisation", "brand"};
  return kinds;
}

const std::vector<std::string_view>& organisation_roles() noexcept {
  static const std::vector<std::string_view> roles{"owner", "admin", "organizer", "member"};
  return roles;
}

namespace events {
namespace {

std::string joined(const std::vector<std::string_view>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

}  // namespace

std::optional<Organisation> find_organisation(storage::Connection& c, std::int64_t org_id, std::int64_t viewer_id) {
  std::optional<Organisation> out;
  c.query(
      "SELECT o.id, o.name, o.kind, o.description, o.contact_email, o.contact_phone, o.website, o.created_at,"
      " o.updated_at, (SELECT COUNT(*) FROM organisation_members m WHERE m.org_id = o.id),"
      " (SELECT m.role FROM organisation_members m WHERE m.org_id = o.id AND m.user_id = ?), o.logo_type"
      " FROM organisations o WHERE o.id = ?",
      {viewer_id, org_id}, [&](const storage::Row& r) {
        Organisation o;
        o.id = r.i64(0);
        o.name = r.text(1);
        o.kind = r.text(2);
        o.description = r.opt_text(3);
        o.contact_email = r.opt_text(4);
        o.contact_phone = r.opt_text(5);
        o.website = r.opt_text(6);
        o.created_at = r.i64(7);
        o.updated_at = r.i64(8);
        o.members = r.i64(9);
        o.my_role = r.opt_text(10);
        o.logo_type = r.opt_text(11);
        out = std::move(o);
      });
  return out;
}

Organisation existing_organisation(storage::Connection& c, std::int64_t org_id, std::int64_t viewer_id) {
  auto o = find_organisation(c, org_id, viewer_id);
  if (!o) throw Error::not_found("no such organisation");
  return *o;
}

policy::OrgRole org_role(storage::Connection& c, std::int64_t org_id, std::int64_t user_id) {
  return c.query_text("SELECT role FROM organisation_members WHERE org_id = ? AND user_id = ?", {org_id, user_id});
}

std::int64_t owner_count(storage::Connection& c, std::int64_t org_id) {
  return c.query_i64("SELECT COUNT(*) FROM organisation_members WHERE org_id = ? AND role = 'owner'", {org_id})
      .value_or(0);
}

std::string display_name(storage::Connection& c, std::int64_t user_id) {
  std::string name;
  c.query("SELECT nickname, first_name, last_name FROM profiles WHERE user_id = ?", {user_id},
          [&](const storage::Row& r) {
            if (auto nick = r.opt_text(0); nick && !nick->empty()) {
              name = *nick;
              return;
            }
            name = r.opt_text(1).value_or("");
            if (auto last = r.opt_text(2); last && !last->empty()) name += (name.empty() ? "" : " ") + *last;
          });
  return name.empty() ? format_id(IdKind::user, user_id) : name;
}

void check_organisation_kind(std::string_view kind) {
  const auto& kinds = organisation_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
    throw Error::invalid("kind", "kind must be one of " + joined(kinds));
}

void check_organisation_role(std::string_view role) {
  const auto& roles = organisation_roles();
  if (std::find(roles.begin(), roles.end(), role) == roles.end())
    throw Error::invalid("role", "role must be one of " + joined(roles));
}

}  // namespace events
}  // namespace fitkit
