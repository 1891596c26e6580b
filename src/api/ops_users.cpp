// Operations of account administration: users.* and audit.list.
#include "accounts/user_store.hpp"
#include "api/cursor.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

Role role_param(const Json& p) {
  auto name = str(p, "role");
  auto role = role_from_string(name);
  if (!role)
    throw Error::invalid("role", "unknown role '" + name +
                                     "': user, coach, organizer, moderator, admin, analyst or marketer");
  return *role;
}

Json audit_json(const AuditEntry& e) {
  return {{"id", format_id(IdKind::audit, e.id)},
          {"at", time_json(e.at)},
          {"event", e.event},
          {"actor_id", e.actor_id ? Json(format_id(IdKind::user, e.actor_id)) : Json(nullptr)},
          {"user_id", e.subject_id ? Json(format_id(IdKind::user, e.subject_id)) : Json(nullptr)},
          {"ip", e.ip},
          {"detail", Json::parse(e.detail, nullptr, false)}};
}

const ParamSpec kUserId{"user_id", ParamType::id, true, "usr_… id", IdKind::user};

}  // namespace

void add_user_admin_operations(Registry& r) {
  r.add({"users.create", "Create an active account (admins; the first admin with --as system)", HttpMethod::post,
         "/v1/users", Access::signed_in,
         {{"email", ParamType::string, true, "email address"},
          {"password", ParamType::string, true, "initial password", {}, true, 1024},
          {"roles", ParamType::array, false, "roles besides user, e.g. admin,coach"},
          {"language", ParamType::string, false, "en or ru"}},
         [](Context& ctx, const Json& p) {
           NewUser u{str(p, "email"), str(p, "password"), {}, opt_str(p, "language").value_or("en")};
           if (auto it = p.find("roles"); it != p.end() && !it->is_null())
             for (const auto& v : *it) {
               auto role = v.is_string() ? role_from_string(v.get<std::string>()) : std::nullopt;
               if (!role) throw Error::invalid("roles", "unknown role " + v.dump());
               u.roles.add(*role);
             }
           return user_json(ctx.platform.accounts().create_user(ctx.actor, u));
         }});
  r.add({"users.get", "An account (yourself, or anyone for admins)", HttpMethod::get, "/v1/users/{user_id}",
         Access::signed_in, {kUserId}, [](Context& ctx, const Json& p) {
           return user_json(ctx.platform.accounts().get_user(ctx.actor, id(p, "user_id", IdKind::user)));
         }});
  r.add({"users.list", "Accounts, oldest first (admins)", HttpMethod::get, "/v1/users", Access::signed_in,
         paging_params({{"status", ParamType::string, false, "pending, active, blocked or deleted"},
                        {"role", ParamType::string, false, "only accounts with this role"},
                        {"email_prefix", ParamType::string, false, "only addresses starting with this"}}),
         [](Context& ctx, const Json& p) {
           UserFilter f;
           if (auto s = opt_str(p, "status")) {
             f.status = accounts::user_status_from_string(*s);
             if (!f.status) throw Error::invalid("status", "status must be pending, active, blocked or deleted");
           }
           if (p.contains("role")) f.role = role_param(p);
           f.email_prefix = opt_str(p, "email_prefix");
           const auto page = page_request(p);
           f.after_id = id_position("users.list", page.cursor);
           f.limit = page.limit;
           return page_json(ctx.platform.accounts().list_users(ctx.actor, f), user_json,
                            [](const User& u) { return id_cursor("users.list", u.id); });
         },
         "items"});
  r.add({"users.block", "Block an account and end its sessions (admins)", HttpMethod::post,
         "/v1/users/{user_id}/block", Access::signed_in, {kUserId}, [](Context& ctx, const Json& p) {
           return user_json(ctx.platform.accounts().set_blocked(ctx.actor, id(p, "user_id", IdKind::user), true));
         }});
  r.add({"users.unblock", "Unblock an account (admins)", HttpMethod::post, "/v1/users/{user_id}/unblock",
         Access::signed_in, {kUserId}, [](Context& ctx, const Json& p) {
           return user_json(ctx.platform.accounts().set_blocked(ctx.actor, id(p, "user_id", IdKind::user), false));
         }});
  r.add({"users.roles.grant", "Grant a role (admins)", HttpMethod::post, "/v1/users/{user_id}/roles",
         Access::signed_in, {kUserId, {"role", ParamType::string, true, "the role"}},
         [](Context& ctx, const Json& p) {
           return user_json(
               ctx.platform.accounts().grant_role(ctx.actor, id(p, "user_id", IdKind::user), role_param(p)));
         }});
  r.add({"users.roles.revoke", "Revoke a role (admins)", HttpMethod::del, "/v1/users/{user_id}/roles/{role}",
         Access::signed_in, {kUserId, {"role", ParamType::string, true, "the role"}},
         [](Context& ctx, const Json& p) {
           return user_json(
               ctx.platform.accounts().revoke_role(ctx.actor, id(p, "user_id", IdKind::user), role_param(p)));
         }});
  r.add({"audit.list", "Security events, oldest first (admins)", HttpMethod::get, "/v1/audit", Access::signed_in,
         paging_params({{"user_id", ParamType::id, false, "only events about this account", IdKind::user}}),
         [](Context& ctx, const Json& p) {
           const auto page = page_request(p);
           return page_json(ctx.platform.accounts().audit_log(ctx.actor, opt_id(p, "user_id", IdKind::user),
                                                              id_position("audit.list", page.cursor), page.limit),
                            audit_json, [](const AuditEntry& e) { return id_cursor("audit.list", e.id); });
         },
         "items"});
}

}  // namespace fitkit::api
