// The account operations the differential generator draws from: sign-up, sign-in, credentials,
// sessions and administration, with the second halves of their flows (the link in a mail).
#pragma once

#include "unit/api/differential_ops.hpp"

namespace fitkit::test::diff {

inline Step Generator::verify(const std::string& token) {
  return step("auth.verify_email", anonymous(), {{"token", token}}, holder_of(token));
}

inline Step Generator::reset(const std::string& token) {
  Step s = step("auth.password_reset.confirm", anonymous(), {{"token", token}, {"password", new_password()}},
                holder_of(token));
  s.password = s.params["password"];
  return s;
}

// Whose address changes, the model learns from the result.
inline Step Generator::confirm_email(const std::string& token) {
  return step("auth.email.confirm", anonymous(), {{"token", token}});
}

inline Step Generator::totp_confirm(int u) {
  const bool known = u >= 0 && !m_.users[u].totp_secret.empty();
  return step("auth.totp.confirm", as(u), {{"code", known && chance(0.85) ? totp_of(m_.users[u]) : "000000"}},
              u);
}

inline Step Generator::revoke_session(int u) {
  std::vector<std::string> own;
  for (const auto& s : m_.sessions)
    if (u >= 0 && s.user_id == m_.users[u].id && !s.ended) own.push_back(s.session_id);
  const double r = real();
  const std::string id = r < 0.7 && !own.empty()               ? pick(own)
                         : r < 0.85 && !m_.session_ids.empty() ? pick(m_.session_ids)
                                                               : unknown_id(IdKind::session);
  return step("sessions.revoke", as(u), {{"session_id", id}}, u);
}

inline std::vector<std::pair<int, Generator::Maker>> Generator::account_makers() {
  return {
      {6,
       [=, this] {
         const int existing = chance(0.15) ? random_user() : -1;
         static const std::vector<std::string> nicks{"",           "",         "ann_runs", "ab",
                                                     "with space", "Ann_Runs", "n.1"};
         std::string nick = chance(0.4) ? "n" + std::to_string(uniform(1, 80)) : pick(nicks);
         Step s = register_step(existing >= 0 ? m_.users[existing].email : fresh_email(), nick);
         if (chance(0.2)) s.params["language"] = chance(0.8) ? "ru" : "fr";
         if (chance(0.06)) s.params["password"] = weak_password();
         if (chance(0.05)) s.params["email"] = bad_email();
         s.password = s.params["password"];
         if (chance(0.7))
           follow_ups_.push_back([=, this] { return verify(token_for("verify-email", s.email)); });
         return s;
       }},
      {3, [=, this] { return verify(some_token("verify-email")); }},
      {1,
       [=, this] {
         const int u = someone();
         return step("auth.verify_email.resend", anonymous(),
                     {{"email", u >= 0 ? typed(m_.users[u].email) : fresh_email()}});
       }},
      {10,
       [=, this] {
         const int u = chance(0.7)
                           ? random_user_where([](const UserModel& x) { return x.status == "active"; })
                           : random_user(false);
         if (u < 0) return login_step(-1, fresh_email(), password());
         const auto& user = m_.users[u];
         Step s = login_step(u, user.email, own_password(u));
         const double r = real();
         if (user.totp_on && r < 0.75)
           s.params["totp_code"] = totp_of(user);
         else if (user.totp_on && r < 0.9 && !user.recovery_codes.empty())
           s.params["recovery_code"] = pick(user.recovery_codes);
         else if (r < 0.03)
           s.params["totp_code"] = "123456";
         return s;
       }},
      {4,
       [=, this] {
         if (m_.sessions.empty())
           return step("auth.refresh", anonymous(), {{"refresh_token", "nothing-issued-yet"}});
         const auto& s = pick(m_.sessions);
         std::string token = s.refresh;
         if (!s.spent_refresh.empty() && chance(0.15))
           token = pick(s.spent_refresh);
         else if (chance(0.05))
           token = "garbage-refresh-token";
         return step("auth.refresh", anonymous(), {{"refresh_token", token}});
       }},
      {2,
       [=, this] {
         std::vector<const SessionModel*> live;
         for (const auto& s : m_.sessions)
           if (!s.ended && s.issued_at && m_.now - s.issued_at < 14 * kMinuteMs) live.push_back(&s);
         if (live.empty() || chance(0.2)) return step("auth.logout", as(someone()), Json::object());
         return step("auth.logout", ActorSpec{ActorSpec::Kind::session, pick(live)->access, ip()},
                     Json::object());
       }},
      {3,
       [=, this] {
         const int u = someone();
         const std::string email = u >= 0 ? m_.users[u].email : fresh_email();
         if (chance(0.6))
           follow_ups_.push_back([=, this] { return reset(token_for("reset-password", email)); });
         return step("auth.password_reset.request", anonymous(), {{"email", typed(email)}});
       }},
      {2, [=, this] { return reset(some_token("reset-password")); }},
      {3,
       [=, this] {
         const int u = someone();
         Step s = step("auth.password.change", as(u),
                       {{"current_password", own_password(u)}, {"new_password", new_password()}}, u);
         s.password = s.params["new_password"];
         return s;
       }},
      {3,
       [=, this] {
         const int u = someone(), other = random_user();
         const double r = real();
         std::string to = r < 0.7                  ? fresh_email()
                          : r < 0.85 && other >= 0 ? m_.users[other].email
                          : r < 0.9 && u >= 0      ? m_.users[u].email
                                                   : bad_email();
         if (chance(0.6))
           follow_ups_.push_back([=, this] { return confirm_email(token_for("confirm-email", to)); });
         return step("auth.email.change", as(u), {{"password", own_password(u)}, {"new_email", to}}, u);
       }},
      {2, [=, this] { return confirm_email(some_token("confirm-email")); }},
      {2,
       [=, this] {
         const int u = someone();
         Step s = step("auth.totp.enroll", as(u), {{"password", own_password(u)}}, u);
         static const std::vector<std::string> qr{"none", "text", "png", "svg"};
         if (chance(0.3)) s.params["qr"] = pick(qr);
         if (chance(0.6)) follow_ups_.push_back([=, this] { return totp_confirm(u); });
         return s;
       }},
      {1,
       [=, this] {
         int u = random_user_where(
             [](const UserModel& x) { return !x.totp_secret.empty() && !x.totp_on && !x.deleted; });
         return totp_confirm(u < 0 || chance(0.2) ? someone() : u);
       }},
      {1,
       [=, this] {
         int u = random_user_where([](const UserModel& x) { return x.totp_on && !x.deleted; });
         if (u < 0 || chance(0.2)) u = someone();
         const bool on = u >= 0 && m_.users[u].totp_on;
         std::string code = on && chance(0.7) ? totp_of(m_.users[u]) : "000000";
         if (on && chance(0.3) && !m_.users[u].recovery_codes.empty())
           code = pick(m_.users[u].recovery_codes);
         return step("auth.totp.disable", as(u), {{"password", own_password(u)}, {"code", code}}, u);
       }},
      {3,
       [=, this] {
         const int u = someone();
         if (chance(0.5)) follow_ups_.push_back([=, this] { return revoke_session(u); });
         return list_step("sessions.list", as(u), Json::object(), 0.2);
       }},
      {2, [=, this] { return revoke_session(someone()); }},
      {1, [=, this] { return step("sessions.revoke_others", as(someone()), Json::object()); }},
      {3,
       [=, this] {
         static const std::vector<std::string> roles{"coach", "moderator", "organizer", "analyst",
                                                     "marketer"};
         const double r = real();
         const int other = random_user();
         const std::string email = r < 0.85                 ? fresh_email()
                                   : r < 0.95 && other >= 0 ? m_.users[other].email
                                                            : bad_email();
         Step s = create_step(chance(0.7) ? as(admin()) : anyone(), email, {});
         if (chance(0.5)) s.params["roles"] = Json::array({pick(roles)});
         if (chance(0.05)) s.params["roles"] = Json::array({"wizard"});
         if (chance(0.1)) s.params["language"] = chance(0.7) ? "ru" : "de";
         return s;
       }},
      {2,
       [=, this] {
         return step("users.get", admin_or(0.5), {{"user_id", some_user_id()}});
       }},
      {3,
       [=, this] {
         static const std::vector<std::string> statuses{"pending", "active", "blocked", "deleted", "gone"};
         static const std::vector<std::string> roles{"coach", "admin", "user", "wizard"};
         static const std::vector<std::string> prefixes{"u1",   "U1", "root", "",        "%",    "_",
                                                        "ann@", "u",  "fit.", "Телефон", "u\x7f"};
         Json p = Json::object();
         if (chance(0.3)) p["status"] = pick(statuses);
         if (chance(0.2)) p["role"] = pick(roles);
         if (chance(0.3))
           p["email_prefix"] = nul_in_text_ && chance(0.2) ? std::string("u\0", 2) : pick(prefixes);
         return list_step("users.list", admin_or(0.85), p);
       }},
      {2,
       [=, this] {
         return step("users.block", admin_or(0.85), {{"user_id", not_admin()}});
       }},
      {2,
       [=, this] {
         return step("users.unblock", admin_or(0.85), {{"user_id", not_admin()}});
       }},
      {3,
       [=, this] {
         static const std::vector<std::string> roles{"coach", "moderator", "organizer", "analyst",
                                                     "user",  "admin",     "king"};
         return step(chance(0.6) ? "users.roles.grant" : "users.roles.revoke", admin_or(0.85),
                     {{"user_id", not_admin()}, {"role", pick(roles)}});
       }},
      {2,
       [=, this] {
         Json p = Json::object();
         if (chance(0.4)) p["user_id"] = some_user_id();
         p["limit"] = uniform(1, 8);  // page_params may change it
         return list_step("audit.list", admin_or(0.85), p, 0.4);
       }},
      {1,
       [=, this] {
         const auto id = not_admin();
         return step("users.delete", admin_or(0.85), {{"user_id", id}}, m_.user_by_id(id));
       }},
  };
}

}  // namespace fitkit::test::diff
