// Organisations: create, read, list, change and remove, and their members' roles.
#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "accounts/email_address.hpp"
#include "events/event_rules.hpp"
#include "events/events_policy.hpp"
#include "events/organisation_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/organisations.hpp"

namespace fitkit {
namespace {

constexpr std::size_t kMaxName = 100, kMaxDescription = 4000, kMaxUrl = 500;

struct OrgRow {
  std::string name, kind;
  std::optional<std::string> description, contact_email, contact_phone, website;
};

OrgRow merged(const Organisation* current, const OrganisationFields& f) {
  OrgRow row;
  if (current)
    row = {current->name, current->kind, current->description, current->contact_email, current->contact_phone,
           current->website};
  if (!current && !f.name) throw Error::invalid("name", "name is required");
  if (!current && !f.kind) throw Error::invalid("kind", "kind is required");
  if (f.name) row.name = text::one_line(*f.name, "name", kMaxName);
  if (f.kind) {
    events::check_organisation_kind(*f.kind);
    row.kind = *f.kind;
  }
  events::apply_change(f.description, row.description, [](const std::string& v) {
    return text::free_text(v, "description", kMaxDescription);
  });
  events::apply_change(f.contact_email, row.contact_email, [](const std::string& v) {
    try {
      return accounts::normalize_email(v);
    } catch (const Error&) {
      throw Error::invalid("contact_email", "contact_email must be an email address");
    }
  });
  events::apply_change(f.contact_phone, row.contact_phone, [](const std::string& v) {
    if (!text::is_e164(v)) throw Error::invalid("contact_phone", "contact_phone must be in E.164 form, e.g. +4915112345678");
    return v;
  });
  events::apply_change(f.website, row.website, [](const std::string& v) { return text::https_url(v, "website", kMaxUrl); });
  return row;
}

void check_name_free(storage::Connection& c, const std::string& name, std::int64_t self) {
  if (c.query_i64("SELECT id FROM organisations WHERE name_key = ? AND id <> ?", {text::text_key(name), self}))
    throw Error::already_exists("an organisation of that name exists already", "name");
}

}  // namespace

Organisation OrganisationService::create(const Actor& actor, const OrganisationFields& fields) {
  if (!events::policy::can_create_organisation(actor)) throw Error::unauthenticated();
  const auto row = merged(nullptr, fields);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  check_name_free(*c, row.name, 0);
  const auto id = rt_.next_id();
  const auto now = rt_.now();
  c->exec(
      "INSERT INTO organisations (id, name, name_key, kind, description, contact_email, contact_phone, website,"
      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, row.name, text::text_key(row.name), row.kind, row.description, row.contact_email, row.contact_phone,
       row.website, now, now});
  c->exec("INSERT INTO organisation_members (org_id, user_id, role, created_at) VALUES (?, ?, 'owner', ?)",
          {id, actor.user_id, now});
  auto out = events::existing_organisation(*c, id, actor.user_id);
  tx.commit();
  return out;
}

Organisation OrganisationService::get(const Actor& actor, std::int64_t org_id) {
  auto c = rt_.db->acquire();
  return events::existing_organisation(*c, org_id, actor.user_id);
}

Page<Organisation> OrganisationService::list(const Actor& actor, const OrganisationQuery& q) {
  if (q.mine && !actor.is_user()) throw Error::unauthenticated();
  if (q.kind) events::check_organisation_kind(*q.kind);
  std::string sql = "SELECT o.id, o.name_key FROM organisations o WHERE 1 = 1";
  std::vector<storage::Param> params;
  if (q.kind) {
    sql += " AND o.kind = ?";
    params.emplace_back(*q.kind);
  }
  // Bound by reference (storage::Param): it lives as long as the query.
  const auto pattern = q.search && !q.search->empty()
                           ? text::contains_pattern(text::text_key(text::one_line(*q.search, "search", 100)))
                           : std::string();
  if (!pattern.empty()) {
    sql += " AND o.name_key LIKE ? ESCAPE '\\'";
    params.emplace_back(pattern);
  }
  if (q.mine) {
    sql += " AND EXISTS (SELECT 1 FROM organisation_members m WHERE m.org_id = o.id AND m.user_id = ?)";
    params.emplace_back(actor.user_id);
  }
  if (q.after) {
    sql += " AND (o.name_key > ? OR (o.name_key = ? AND o.id > ?))";
    params.insert(params.end(), {q.after->first, q.after->first, q.after->second});
  }
  sql += " ORDER BY o.name_key, o.id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(q.limit) + 1);
  auto c = rt_.db->acquire();
  std::vector<std::int64_t> ids;
  c->query(sql, params, [&](const storage::Row& r) { ids.push_back(r.i64(0)); });
  std::vector<Organisation> rows;
  for (auto id : ids) rows.push_back(events::existing_organisation(*c, id, actor.user_id));
  return Page<Organisation>::from_rows(std::move(rows), q.limit);
}

Organisation OrganisationService::update(const Actor& actor, std::int64_t org_id, const OrganisationFields& fields) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto current = events::existing_organisation(*c, org_id, actor.user_id);
  if (!events::policy::can_change_organisation(actor, current.my_role))
    throw Error::permission_denied("only the organisation's owners and admins may change it");
  const auto row = merged(&current, fields);
  check_name_free(*c, row.name, org_id);
  c->exec(
      "UPDATE organisations SET name = ?, name_key = ?, kind = ?, description = ?, contact_email = ?,"
      " contact_phone = ?, website = ?, updated_at = ? WHERE id = ?",
      {row.name, text::text_key(row.name), row.kind, row.description, row.contact_email, row.contact_phone,
       row.website, rt_.now(), org_id});
  auto out = events::existing_organisation(*c, org_id, actor.user_id);
  tx.commit();
  return out;
}

void OrganisationService::remove(const Actor& actor, std::int64_t org_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto current = events::existing_organisation(*c, org_id, actor.user_id);
  if (!events::policy::can_remove_organisation(actor, current.my_role))
    throw Error::permission_denied("only the organisation's owners may delete it");
  if (c->query_i64("SELECT 1 FROM events WHERE org_id = ? LIMIT 1", {org_id}))
    throw Error::precondition("the organisation still has events; delete them or give them another organizer first");
  c->exec("DELETE FROM organisations WHERE id = ?", {org_id});
  if (current.logo_type) c->after_commit([blobs = rt_.blobs, key = events::logo_key(org_id)] { blobs->remove(key); });
  tx.commit();
}

std::vector<OrganisationMember> OrganisationService::members(const Actor& actor, std::int64_t org_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  const auto org = events::existing_organisation(*c, org_id, actor.user_id);
  if (!events::policy::can_see_members(actor, org.my_role))
    throw Error::permission_denied("only members see who the members are");
  std::vector<OrganisationMember> out;
  c->query(
      "SELECT user_id, role, created_at FROM organisation_members WHERE org_id = ?"
      " ORDER BY CASE role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 WHEN 'organizer' THEN 2 ELSE 3 END, created_at, user_id",
      {org_id}, [&](const storage::Row& r) { out.push_back({r.i64(0), "", r.text(1), r.i64(2)}); });
  for (auto& m : out) m.display_name = events::display_name(*c, m.user_id);
  return out;
}

OrganisationMember OrganisationService::set_member(const Actor& actor, std::int64_t org_id, std::int64_t user_id,
                                                   std::string_view role) {
  if (!actor.is_user()) throw Error::unauthenticated();
  events::check_organisation_role(role);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto org = events::existing_organisation(*c, org_id, actor.user_id);
  if (!c->query_i64("SELECT 1 FROM users WHERE id = ? AND status = 'active'", {user_id}))
    throw Error::not_found("no such user");
  const auto current = events::org_role(*c, org_id, user_id);
  if (!events::policy::can_set_member_role(actor, org.my_role, current, role))
    throw Error::permission_denied(org.my_role ? "only owners give or change the roles of owners and admins"
                                               : "only the organisation's owners and admins manage its members");
  if (current == "owner" && role != "owner" && events::owner_count(*c, org_id) <= 1)
    throw Error::precondition("the organisation's last owner stays an owner; make someone else owner first");
  const auto now = rt_.now();
  if (current)
    c->exec("UPDATE organisation_members SET role = ? WHERE org_id = ? AND user_id = ?", {role, org_id, user_id});
  else
    c->exec("INSERT INTO organisation_members (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
            {org_id, user_id, role, now});
  OrganisationMember out{user_id, events::display_name(*c, user_id), std::string(role), now};
  out.joined_at = c->query_i64("SELECT created_at FROM organisation_members WHERE org_id = ? AND user_id = ?",
                               {org_id, user_id}).value_or(now);
  tx.commit();
  return out;
}

void OrganisationService::remove_member(const Actor& actor, std::int64_t org_id, std::int64_t user_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto org = events::existing_organisation(*c, org_id, actor.user_id);
  const auto current = events::org_role(*c, org_id, user_id);
  if (!current) throw Error::not_found("that user is not a member");
  if (!events::policy::can_remove_member(actor, org.my_role, current, actor.is_user(user_id)))
    throw Error::permission_denied("only owners remove owners and admins; admins remove organizers and members");
  if (current == "owner" && events::owner_count(*c, org_id) <= 1)
    throw Error::precondition("the organisation's last owner cannot leave; make someone else owner first");
  c->exec("DELETE FROM organisation_members WHERE org_id = ? AND user_id = ?", {org_id, user_id});
  tx.commit();
}

}  // namespace fitkit
