// The differential test's generator: a seeded random sequence of operations over the registry,
// with their callers and parameters, about a fifth of them bad on purpose.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>

#include "api/registry.hpp"
#include "unit/api/differential_model.hpp"
#include "unit/api/differential_values.hpp"

namespace fitkit::test::diff {

class Generator : RandomValues {
 public:
  // With `known_differences`, the inputs of differences once found (test_differential.cpp,
  // "differences once found") are drawn too: NUL characters in free text (device names, filters).
  Generator(std::uint64_t seed, Model& model, bool known_differences = false)
      : RandomValues(seed, known_differences), m_(model) {
    // A cast to start from: the first admin (made by the system), a coach and two sign-ups.
    const ActorSpec system{ActorSpec::Kind::system};
    cast_.push_back(create_step(system, "root@example.com", {"admin"}));
    cast_.push_back(login_step(-1, "root@example.com", kAdminPassword));
    cast_.push_back(create_step(system, "coach@example.com", {"coach"}));
    cast_.push_back(register_step("ann@example.com", "ann_runs"));
    cast_.push_back(register_step("bob@example.com", ""));
  }

  // How far the clock moves before the next step: mostly not at all or seconds, sometimes past
  // an access token's life (15 minutes), a reset link's (1 hour) or a mail cap's window.
  std::int64_t advance_ms() {
    if (burst_ > 0) return 0;
    const double r = real();
    if (r < 0.2) return 0;  // two steps in one millisecond: ties in every ORDER BY on a time
    if (r < 0.55) return uniform(1, 2000);
    if (r < 0.80) return uniform(2000, 5 * kMinuteMs);
    if (r < 0.98) return uniform(5 * kMinuteMs, 90 * kMinuteMs);
    return uniform(90 * kMinuteMs, 2 * kDayMs);
  }

  Step next() {
    if (!cast_.empty()) {
      Step s = std::move(cast_.front());
      cast_.pop_front();
      return s;
    }
    // The second half of a flow (the link in a mail, the code in an SMS), mostly soon after the first.
    if (!follow_ups_.empty() && burst_ == 0 && chance(0.6)) {
      Maker next = std::move(follow_ups_.front());
      follow_ups_.pop_front();
      return next();
    }
    // Now and then the same kind of operation two or three times in one millisecond.
    if (burst_ > 0) {
      --burst_;
    } else {
      if (chance(0.05)) burst_ = static_cast<int>(uniform(1, 2));
      last_ = pick_operation();
    }
    Step s = last_();
    if (chance(0.12)) corrupt(s);
    return s;
  }

  static constexpr const char* kAdminPassword = "the differential admin passphrase";

 private:
  using Maker = std::function<Step()>;

  // ---- who calls ----
  int random_user_where(const std::function<bool(const UserModel&)>& fits) {
    std::vector<int> found;
    for (std::size_t i = 0; i < m_.users.size(); ++i)
      if (fits(m_.users[i])) found.push_back(static_cast<int>(i));
    return found.empty() ? -1 : pick(found);
  }
  int random_user(bool live_only = true) {
    return random_user_where([&](const UserModel& u) { return !live_only || !u.deleted; });
  }
  // A caller for a user's own operations: mostly an active account the platforms have named.
  int someone() {
    const double r = real();
    int u = -1;
    if (r < 0.8)
      u = random_user_where([](const UserModel& x) { return x.status == "active" && !x.id.empty(); });
    else if (r < 0.95)
      u = random_user(true);
    return u >= 0 ? u : random_user(false);
  }
  // The first admin, by id once a result named it: its address may change along the way.
  int admin() {
    if (admin_id_.empty())
      if (int u = m_.user_by_email("root@example.com"); u >= 0) admin_id_ = m_.users[u].id;
    return m_.user_by_id(admin_id_);
  }

  // A user as a caller: one of their sessions with a fresh access token, else acting as them.
  ActorSpec as(int u) {
    if (u < 0) return ActorSpec{ActorSpec::Kind::anonymous, "", ip()};
    const auto& user = m_.users[static_cast<std::size_t>(u)];
    std::vector<const SessionModel*> live, any;
    for (const auto& s : m_.sessions)
      if (s.user_id == user.id && !user.id.empty()) {
        any.push_back(&s);
        if (!s.ended && s.issued_at && m_.now - s.issued_at < 14 * kMinuteMs) live.push_back(&s);
      }
    if (!live.empty() && chance(0.85)) return ActorSpec{ActorSpec::Kind::session, pick(live)->access, ip()};
    if (!any.empty() && chance(0.1)) return ActorSpec{ActorSpec::Kind::session, pick(any)->access, ip()};
    if (!user.id.empty()) return ActorSpec{ActorSpec::Kind::as_user, user.id, ""};
    return ActorSpec{ActorSpec::Kind::anonymous, "", ip()};
  }
  ActorSpec anyone() {
    const double r = real();
    if (r < 0.15) return ActorSpec{ActorSpec::Kind::anonymous, "", ip()};
    if (r < 0.22) return ActorSpec{ActorSpec::Kind::system};
    if (r < 0.45) return as(admin());
    return as(random_user());
  }
  ActorSpec anonymous() { return ActorSpec{ActorSpec::Kind::anonymous, "", ip()}; }
  // Some user's id, a deleted one's, or one that names nobody.
  std::string some_user_id() {
    const double r = real();
    int u = r < 0.85   ? random_user_where([](const UserModel& x) { return !x.deleted && !x.id.empty(); })
            : r < 0.95 ? random_user_where([](const UserModel& x) { return !x.id.empty(); })
                       : -1;
    return u < 0 ? unknown_id(IdKind::user) : m_.users[static_cast<std::size_t>(u)].id;
  }
  std::string some_token(const std::string& purpose) {
    std::vector<std::string> fresh, all;
    for (const auto& t : m_.tokens)
      if (t.purpose == purpose) {
        all.push_back(t.token);
        if (!t.spent) fresh.push_back(t.token);
      }
    if (all.empty() || chance(0.08)) return chance(0.5) ? "not-a-token" : "";
    return !fresh.empty() && chance(0.85) ? pick(fresh) : pick(all);
  }
  // The newest link of this kind mailed to `to` and not yet used, else any link of the kind.
  std::string token_for(const std::string& purpose, const std::string& to) {
    for (auto it = m_.tokens.rbegin(); it != m_.tokens.rend(); ++it)
      if (it->purpose == purpose && it->to == to && !it->spent) return it->token;
    return some_token(purpose);
  }
  std::string user_of_token(const std::string& token) {
    for (const auto& t : m_.tokens)
      if (t.token == token) return t.to;
    return "";
  }

  // ---- steps ----
  static Step step(std::string op, ActorSpec actor, Json params, int user = -1) {
    Step s;
    s.op = std::move(op);
    s.actor = std::move(actor);
    s.params = std::move(params);
    s.user = user;
    return s;
  }
  Step create_step(ActorSpec actor, const std::string& email, std::vector<std::string> roles) {
    Step s =
        step("users.create", std::move(actor),
             {{"email", email}, {"password", email == "root@example.com" ? kAdminPassword : password()}});
    if (!roles.empty()) s.params["roles"] = roles;
    s.email = email;
    s.password = s.params["password"];
    return s;
  }
  Step login_step(int u, const std::string& email, const std::string& pw) {
    Step s = step("auth.login", anonymous(), {{"email", typed(email)}, {"password", pw}}, u);
    if (auto d = device(); !d.empty()) s.params["device_name"] = d;
    return s;
  }
  Step register_step(const std::string& email, const std::string& nickname) {
    Step s = step("auth.register", anonymous(), {{"email", typed(email)}, {"password", password()}});
    if (!nickname.empty()) s.params["nickname"] = nickname;
    s.email = email;
    s.password = s.params["password"];
    return s;
  }

  // The paging parameters of a list: now and then a cursor it gave before, another list's or a
  // garbled one, and a limit, mostly small, now and then out of range.
  void page_params(Json& p, const std::string& op, double cursor_chance = 0.3) {
    if (chance(cursor_chance)) {
      std::vector<std::string> others;
      for (const auto& [list, cursors] : m_.cursors)
        if (list != op) others.insert(others.end(), cursors.begin(), cursors.end());
      static const std::vector<std::string> garbled{"", "garbage", "AAAAAAAAAAAA", "bm90IGEgY3Vyc29y"};
      const double r = real();
      if (r < 0.8 && !m_.cursors[op].empty())
        p["cursor"] = pick(m_.cursors[op]);
      else if (r < 0.9 && !others.empty())
        p["cursor"] = pick(others);
      else
        p["cursor"] = pick(garbled);
    }
    if (chance(0.5))
      p["limit"] = chance(0.9) ? uniform(1, 5)
                               : pick(std::vector<std::int64_t>{0, -1, 201, 4294967297, 4294967296 + 3});
  }

  // A list step with paging parameters; now and then followed by the next page, from the newest
  // cursor the list gave by then.
  Step list_step(const std::string& op, ActorSpec actor, Json p, double cursor_chance = 0.3) {
    page_params(p, op, cursor_chance);
    if (chance(0.5))
      follow_ups_.push_back([=, this] {
        Json next = p;
        if (!m_.cursors[op].empty()) next["cursor"] = m_.cursors[op].back();
        return step(op, actor, next);
      });
    return step(op, std::move(actor), std::move(p));
  }

  // Parts of the steps that several makers share.
  std::string own_password(int u) { return u >= 0 && chance(0.85) ? m_.users[u].password : password(); }
  std::string new_password() { return chance(0.12) ? weak_password() : password(); }
  int holder_of(const std::string& token) { return m_.user_by_email(user_of_token(token)); }
  static std::string totp_of(const UserModel& u) { return "<totp:" + u.totp_secret.substr(1); }
  ActorSpec admin_or(double p) { return chance(p) ? as(admin()) : anyone(); }
  // Some user's id, but not the first admin's: blocking or deleting it would end the run's admin.
  std::string not_admin() {
    for (int tries = 0; tries < 5; ++tries) {
      auto id = some_user_id();
      if (admin() < 0 || id != m_.users[admin()].id) return id;
    }
    return unknown_id(IdKind::user);
  }
  int with_role(const std::string& role) {
    return random_user_where([&](const UserModel& x) {
      return !x.deleted && std::find(x.roles.begin(), x.roles.end(), role) != x.roles.end();
    });
  }
  std::string user_id_of(int u) {
    return u >= 0 && !m_.users[u].id.empty() ? m_.users[u].id : unknown_id(IdKind::user);
  }

  // The second halves of flows, in differential_account_steps.hpp and differential_data_steps.hpp.
  Step verify(const std::string& token);
  Step reset(const std::string& token);
  Step confirm_email(const std::string& token);
  Step totp_confirm(int u);
  Step revoke_session(int u);
  Step phone_confirm(int u);

  // The makers, each with its weight, and how a step is drawn and spoilt (differential_steps.hpp).
  std::vector<std::pair<int, Maker>> account_makers();
  std::vector<std::pair<int, Maker>> data_makers();
  Step profile_update(ActorSpec actor);
  Maker pick_operation();
  Json wrong_value(api::ParamType type);
  void corrupt(Step& s);

  Model& m_;
  std::deque<Step> cast_;
  std::deque<Maker> follow_ups_;
  int burst_ = 0;  // steps left in a burst of one operation
  Maker last_;
  std::string admin_id_;
};

}  // namespace fitkit::test::diff
