// What the differential generator knows of the platforms' state: only enough to pick plausible
// ids, tokens and passwords. It learns from outcomes (the same on both sides, in placeholder
// form), never from what it expects an operation to do.
#pragma once

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "unit/api/differential_world.hpp"

namespace fitkit::test::diff {

struct UserModel {
  std::string email;  // normalized
  std::string password;
  std::string id;  // "<usr#n>", once a result named it
  std::vector<std::string> roles;
  std::string status = "pending";
  bool deleted = false;
  std::string totp_secret;  // "<tok#n>", once enrolled
  bool totp_on = false;
  std::vector<std::string> recovery_codes;
};

struct SessionModel {
  std::string user_id, session_id, access, refresh;
  std::vector<std::string> spent_refresh;  // rotated away: presenting one again ends the session
  std::int64_t issued_at = 0;              // of the access token; 0 once refused
  bool ended = false;
};

struct MailedToken {
  std::string purpose;  // verify-email, reset-password or confirm-email
  std::string to;
  std::string token;   // "<mail#n>"
  bool spent = false;  // redeemed, or refused as used or expired
};

class Model {
 public:
  std::vector<UserModel> users;
  std::vector<SessionModel> sessions;
  std::vector<MailedToken> tokens;
  std::vector<std::string> sms_codes, notification_ids, session_ids, metric_dates;
  std::map<std::string, std::vector<std::string>> cursors;  // list operation -> "<cur#n>" it gave
  std::int64_t now = 0;  // the shared clock, set before each step

  int user_by_email(const std::string& email) const {
    for (std::size_t i = 0; i < users.size(); ++i)
      if (!users[i].deleted && users[i].email == email) return static_cast<int>(i);
    return -1;
  }
  int user_by_id(const std::string& id) const {
    for (std::size_t i = 0; i < users.size(); ++i)
      if (!id.empty() && users[i].id == id) return static_cast<int>(i);
    return -1;
  }

  void update(const Step& step, const Json& outcome) {
    learn_messages(outcome);
    if (auto e = outcome.find("error"); e != outcome.end() && step.actor.kind == ActorSpec::Kind::session)
      learn_refusal(step.actor.ref, (*e)["message"].get<std::string>());
    auto r = outcome.find("result");
    if (auto token = step.params.find("token"); token != step.params.end() && token->is_string())
      for (auto& t : tokens)
        if (t.token == *token &&
            (r != outcome.end() || outcome.dump().find("invalid, used or expired") != std::string::npos))
          t.spent = true;
    if (r == outcome.end()) return;
    scan(*r, step);
    UserModel* u = step.user >= 0 && step.user < static_cast<int>(users.size()) ? &users[step.user] : nullptr;
    const std::string& op = step.op;
    if (op == "auth.register" && user_by_email(step.email) < 0) {
      users.push_back({step.email, step.password, "", {"user"}, "pending"});
    } else if (op == "users.create") {
      if (int i = user_by_id((*r)["id"].get<std::string>()); i >= 0) users[i].password = step.password;
    } else if (u && (op == "auth.password.change" || op == "auth.password_reset.confirm")) {
      u->password = step.password;
    } else if (u && op == "auth.totp.enroll") {
      u->totp_secret = (*r)["secret"].get<std::string>();
    } else if (u && op == "auth.totp.confirm") {
      u->totp_on = true;
      u->recovery_codes = (*r)["recovery_codes"].get<std::vector<std::string>>();
    } else if (u && op == "auth.totp.disable") {
      u->totp_on = false;
      u->totp_secret.clear();
    } else if (u && (op == "account.delete" || op == "users.delete")) {
      u->deleted = true;
      u->status = "deleted";
      for (auto& s : sessions)
        if (s.user_id == u->id) s.ended = true;
    } else if (op == "auth.logout") {
      if (auto* s = session_by_access(step.actor.ref)) s->ended = true;
    }
    if (auto next = r->find("next_cursor"); next != r->end() && next->is_string()) cursors[op].push_back(*next);
    if (op == "sessions.list" && !step.params.contains("cursor") && r->value("next_cursor", Json()).is_null()) {
      // The sessions listed, all on one page, are the caller's live ones; any other of theirs has ended.
      const std::string owner = caller_id(step.actor);
      for (auto& s : sessions)
        if (s.user_id == owner && r->dump().find("\"" + s.session_id + "\"") == std::string::npos)
          s.ended = true;
    } else if (op == "metrics.record") {
      metric_dates.push_back((*r)["date"].get<std::string>());
    }
  }

  // The user a caller acts for, when the model knows it.
  std::string caller_id(const ActorSpec& actor) {
    if (actor.kind == ActorSpec::Kind::as_user) return actor.ref;
    if (auto* s = actor.kind == ActorSpec::Kind::session ? session_by_access(actor.ref) : nullptr)
      return s->user_id;
    return "";
  }

  SessionModel* session_by_access(const std::string& access) {
    for (auto& s : sessions)
      if (s.access == access) return &s;
    return nullptr;
  }

 private:
  void learn_messages(const Json& outcome) {
    static const std::regex link("/(verify-email|reset-password|confirm-email)\\?token=(<mail#[0-9]+>)");
    static const std::regex code("<code#[0-9]+>");
    if (auto mail = outcome.find("mail"); mail != outcome.end())
      for (const auto& m : *mail) {
        const auto text = m["text"].get<std::string>();
        std::smatch found;
        if (!std::regex_search(text, found, link)) continue;
        // A new link voids the earlier ones of its kind for the account.
        for (auto& t : tokens)
          if (t.purpose == found[1] && t.to == m["to"]) t.spent = true;
        tokens.push_back({found[1], m["to"], found[2]});
      }
    if (auto sms = outcome.find("sms"); sms != outcome.end())
      for (const auto& m : *sms) {
        const auto text = m["text"].get<std::string>();
        std::smatch found;
        if (std::regex_search(text, found, code)) sms_codes.push_back(found[0]);
      }
  }

  void learn_refusal(const std::string& access, const std::string& message) {
    SessionModel* s = session_by_access(access);
    if (!s) return;
    if (message.find("session has ended") != std::string::npos ||
        message.find("cannot sign in") != std::string::npos)
      s->ended = true;
    else if (message.find("access token") != std::string::npos)
      s->issued_at = 0;  // expired: a refresh may still work
  }

  // Ids, accounts and token pairs anywhere in a result.
  void scan(const Json& v, const Step& step) {
    if (v.is_array()) {
      for (const auto& item : v) scan(item, step);
      return;
    }
    if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      auto remember = [&](const char* prefix, std::vector<std::string>& list) {
        if (s.starts_with(prefix) && std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
      };
      remember("<ntf#", notification_ids);
      remember("<ses#", session_ids);
      return;
    }
    if (!v.is_object()) return;
    for (const auto& [key, item] : v.items()) scan(item, step);
    if (v.contains("access_token"))
      learn_session(v, step);
    else if (v.contains("email") && v.contains("status") && v.contains("id"))
      learn_user(v);
  }

  void learn_user(const Json& v) {
    const auto id = v["id"].get<std::string>();
    const auto email = v["email"].is_string() ? v["email"].get<std::string>() : std::string();
    int i = user_by_id(id);
    if (i < 0) i = user_by_email(email);
    if (i < 0) {
      users.push_back({email, "", id, {}, ""});
      i = static_cast<int>(users.size()) - 1;
    }
    auto& u = users[i];
    u.id = id;
    if (!email.empty()) u.email = email;
    u.status = v["status"].get<std::string>();
    u.deleted = u.status == "deleted";
    if (v.contains("roles")) u.roles = v["roles"].get<std::vector<std::string>>();
  }

  void learn_session(const Json& v, const Step& step) {
    const auto user_id = v["user_id"].get<std::string>();
    if (step.op == "auth.login" && step.user >= 0 && step.user < static_cast<int>(users.size()) &&
        users[step.user].id.empty())
      users[step.user].id = user_id;
    const auto session_id = v["session_id"].get<std::string>();
    for (auto& s : sessions)
      if (s.session_id == session_id) {
        s.spent_refresh.push_back(s.refresh);
        s.access = v["access_token"];
        s.refresh = v["refresh_token"];
        s.issued_at = now;
        return;
      }
    sessions.push_back({user_id, session_id, v["access_token"], v["refresh_token"], {}, now, false});
  }
};

}  // namespace fitkit::test::diff
