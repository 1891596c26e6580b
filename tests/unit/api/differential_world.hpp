// Two platforms run side by side for the differential test: one on SQLite, one on PostgreSQL,
// on one shared ManualClock. Each side maps its ids and secrets to placeholders numbered in
// order of first appearance ("usr_06BQ…" -> "<usr#3>"), so that the outcomes of one operation
// on the two sides compare as JSON.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "accounts/totp.hpp"
#include "fitkit/error.hpp"
#include "fitkit/outbox.hpp"
#include "fitkit/platform.hpp"
#include "support/temp_dir.hpp"

namespace fitkit::test::diff {

using Json = nlohmann::ordered_json;  // results keep the field order their handler wrote

// Mail and SMS kept in memory, read back after every step.
class CapturingMail final : public MailSender {
 public:
  void send(const MailMessage& m) override { sent.push_back(m); }
  std::vector<MailMessage> sent;
};

class CapturingSms final : public SmsSender {
 public:
  void send(const SmsMessage& m) override { sent.push_back(m); }
  std::vector<SmsMessage> sent;
};

// One side's map between what it made (ids, tokens, codes) and placeholders.
class Placeholders {
 public:
  // "<kind#n>" for `real`: the number it got when first seen, or the next one.
  std::string name(const std::string& kind, const std::string& real) {
    auto it = to_name_.find(real);
    if (it != to_name_.end()) return it->second;
    std::string placeholder = "<" + kind + "#" + std::to_string(++counters_[kind]) + ">";
    to_name_.emplace(real, placeholder);
    to_real_.emplace(placeholder, real);
    return placeholder;
  }
  std::optional<std::string> real(const std::string& placeholder) const {
    auto it = to_real_.find(placeholder);
    if (it == to_real_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, std::string> to_name_, to_real_;
  std::map<std::string, int> counters_;
};

// Who calls: as the generator names it, resolved by each side to its own Actor.
struct ActorSpec {
  enum class Kind { anonymous, system, session, as_user };
  Kind kind = Kind::anonymous;
  std::string ref;  // session: the access token's placeholder; as_user: the user's placeholder
  std::string ip;   // the origin's address, "" for a local process
};

inline std::string describe(const ActorSpec& a) {
  switch (a.kind) {
    case ActorSpec::Kind::anonymous: return "anonymous" + (a.ip.empty() ? "" : " from " + a.ip);
    case ActorSpec::Kind::system: return "system";
    case ActorSpec::Kind::session:
      return "session of access token " + a.ref + (a.ip.empty() ? "" : " from " + a.ip);
    case ActorSpec::Kind::as_user: return "acting as " + a.ref;
  }
  return "?";
}

// One operation as the generator wrote it: ids and secrets as placeholders, "<totp:tok#n>" for
// the current authenticator code of a TOTP secret, or raw text instead of JSON parameters.
struct Step {
  std::string op;
  ActorSpec actor;
  Json params = Json::object();
  std::optional<std::string> raw_params;
  std::string note;  // the bad input meant ("parameter email: wrong type"); for the report
  // For the generator's model, which the parameters alone do not tell: the account the step is
  // about (an index into the model's users), its address and the password that is current if the
  // step succeeds.
  int user = -1;
  std::string email;
  std::string password;
};

// Fields whose values are secrets wherever they appear in a result.
inline bool is_secret_field(const std::string& key) {
  static const std::vector<std::string> kFields{"access_token",   "refresh_token", "secret",
                                                "recovery_codes", "qr_text",       "qr_png_base64"};
  return std::find(kFields.begin(), kFields.end(), key) != kFields.end();
}

class Side {
 public:
  Side(std::string label, const std::string& url, std::shared_ptr<ManualClock> clock)
      : label_(std::move(label)), clock_(std::move(clock)) {
    PlatformOptions options;
    options.database_url = url;
    options.data_dir = dir_.path();
    options.clock = clock_;
    options.mail = mail_;
    options.sms = sms_;
    options.password_hashing = {1024, 1, 1};  // cheap: the test is about storage, not Argon2
    platform_ = Platform::open(std::move(options));
  }

  const std::string& label() const { return label_; }
  Platform& platform() { return *platform_; }

  // Runs the step and returns its outcome in placeholder form: the result or the error, then the
  // mail and SMS the outbox delivered right after.
  Json run(const Step& step) {
    Json out = Json::object();
    // Outside the try: a placeholder this side never produced is a failure of the test itself.
    const std::string text = step.raw_params ? *step.raw_params : resolve(step.params).dump();
    try {
      const Actor actor = resolve_actor(step.actor);
      out["result"] = normalize(Json::parse(platform_->call(step.op, actor, text)));
    } catch (const Error& e) {
      Json error{{"code", std::string(to_string(e.code()))},
                 {"field", e.field()},
                 {"message", normalize_text(e.what())}};
      if (e.code() == ErrorCode::rate_limited) error["retry_after_ms"] = e.retry_after_ms();
      out["error"] = std::move(error);
    } catch (const std::exception& e) {
      out["exception"] = normalize_text(e.what());
    }
    platform_->outbox().deliver_due(1000);
    Json mail = Json::array();
    for (const auto& m : mail_->sent)
      mail.push_back({{"to", m.to}, {"subject", m.subject}, {"text", normalize_mail(m.text)}});
    mail_->sent.clear();
    if (!mail.empty()) out["mail"] = std::move(mail);
    Json sms = Json::array();
    for (const auto& m : sms_->sent) sms.push_back({{"to", m.to}, {"text", normalize_sms(m.text)}});
    sms_->sent.clear();
    if (!sms.empty()) out["sms"] = std::move(sms);
    return out;
  }

 private:
  std::string real(const std::string& placeholder) const {
    auto r = names_.real(placeholder);
    if (!r) throw std::logic_error(label_ + " has never produced " + placeholder);
    return *r;
  }

  Actor resolve_actor(const ActorSpec& a) {
    const Origin origin{a.ip, "fitkit-diff/1"};
    switch (a.kind) {
      case ActorSpec::Kind::anonymous: return Actor::anonymous(origin);
      case ActorSpec::Kind::system: return Actor::system();
      case ActorSpec::Kind::session: return platform_->authenticate(real(a.ref), origin);
      case ActorSpec::Kind::as_user: return platform_->act_as(real(a.ref), origin);
    }
    return Actor::anonymous();
  }

  // Placeholders back to this side's values; "<totp:tok#n>" to the code of that secret now.
  Json resolve(const Json& v) const {
    if (v.is_array() || v.is_object()) {
      Json out = v;
      for (auto& item : out) item = resolve(item);
      return out;
    }
    if (!v.is_string()) return v;
    const auto& s = v.get_ref<const std::string&>();
    static const std::regex placeholder("<(totp:)?[a-z]+#[0-9]+>");
    if (!std::regex_match(s, placeholder)) return v;
    if (s.starts_with("<totp:")) return accounts::totp_code(real("<" + s.substr(6)), clock_->now_ms());
    return real(s);
  }

  std::string normalize_text(const std::string& text) {
    static const std::regex ids("\\b(usr|ses|ntf|obx|aud)_[0-9A-HJKMNP-TV-Z]{13}\\b");
    return replace_all(text, ids, [&](const std::smatch& m) { return names_.name(m[1], m[0]); });
  }

  Json normalize(const Json& v, bool secret = false) {
    if (v.is_object()) {
      Json out = Json::object();
      for (const auto& [key, item] : v.items())
        // A page cursor holds this side's ids: "<cur#n>", passed back as such by the generator.
        out[key] = key == "next_cursor" && item.is_string() ? Json(names_.name("cur", item.get<std::string>()))
                                                            : normalize(item, secret || is_secret_field(key));
      return out;
    }
    if (v.is_array()) {
      Json out = Json::array();
      for (const auto& item : v) out.push_back(normalize(item, secret));
      return out;
    }
    if (!v.is_string()) return v;
    const auto& s = v.get_ref<const std::string&>();
    if (secret) return names_.name("tok", s);
    // An otpauth:// URI carries the secret that the "secret" field of the same result names.
    static const std::regex totp_secret("secret=([A-Z2-7]+)");
    const std::string text = replace_all(
        s, totp_secret, [&](const std::smatch& m) { return "secret=" + names_.name("tok", m[1]); });
    return normalize_text(text);
  }

  std::string normalize_mail(const std::string& text) {
    static const std::regex token("token=([A-Za-z0-9_-]+)");
    return normalize_text(
        replace_all(text, token, [&](const std::smatch& m) { return "token=" + names_.name("mail", m[1]); }));
  }

  std::string normalize_sms(const std::string& text) {
    static const std::regex code("\\b([0-9]{6})\\b");
    return replace_all(text, code, [&](const std::smatch& m) { return names_.name("code", m[1]); });
  }

  template <class F>
  static std::string replace_all(const std::string& text, const std::regex& re, F&& with) {
    std::string out;
    auto last = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) {
      out.append(last, (*it)[0].first);
      out += with(*it);
      last = (*it)[0].second;
    }
    out.append(last, text.cend());
    return out;
  }

  std::string label_;
  std::shared_ptr<ManualClock> clock_;
  TempDir dir_{"fitkit-diff"};
  std::shared_ptr<CapturingMail> mail_ = std::make_shared<CapturingMail>();
  std::shared_ptr<CapturingSms> sms_ = std::make_shared<CapturingSms>();
  std::unique_ptr<Platform> platform_;
  Placeholders names_;
};

}  // namespace fitkit::test::diff
