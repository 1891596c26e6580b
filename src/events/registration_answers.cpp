// A registrant's answers to an event's registration form: checked against the questions,
// normalised as stored, and shown as text in exports.
#include <algorithm>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "accounts/time_zone.hpp"
#include "core/text_rules.hpp"
#include "events/registration_form.hpp"
#include "fitkit/error.hpp"

namespace fitkit::events {
namespace {

using Json = nlohmann::ordered_json;

std::string_view trimmed(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Absent, null, a blank text or an empty list: what a form left empty sends.
bool is_unanswered(const Json* v) {
  return !v || v->is_null() || (v->is_string() && trimmed(v->get_ref<const std::string&>()).empty()) ||
         (v->is_array() && v->empty());
}

// Shortest text that reads back as the same double: "2.5", "1500", "0.001", "1e+20".
std::string number_text(double x) {
  char buf[64];
  const double a = std::fabs(x);
  const auto format = (a == 0 || (a >= 1e-4 && a < 1e15)) ? std::chars_format::fixed : std::chars_format::general;
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x, format);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(x);
}

std::string listed(const std::vector<std::string>& options) {
  std::string out;
  for (const auto& o : options) out += (out.empty() ? "" : ", ") + o;
  return out;
}

bool is_clock_time(std::string_view t) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (t.size() != 5 || t[2] != ':' || !digit(t[0]) || !digit(t[1]) || !digit(t[3]) || !digit(t[4])) return false;
  return (t[0] - '0') * 10 + (t[1] - '0') <= 23 && t[3] <= '5';
}

// What a question accepts, for the message of a refusal.
std::string expected(const FormQuestion& q) {
  const auto& t = q.type;
  if (t == "text") return "one line of text, at most " + std::to_string(kMaxTextAnswer) + " characters";
  if (t == "number") {
    if (q.min && q.max) return "a number from " + number_text(*q.min) + " to " + number_text(*q.max);
    if (q.min) return "a number of at least " + number_text(*q.min);
    if (q.max) return "a number of at most " + number_text(*q.max);
    return "a number";
  }
  if (t == "boolean") return "true or false";
  if (t == "single_choice") return "one of: " + listed(q.options);
  if (t == "multiple_choice") return "a list of different options from: " + listed(q.options);
  if (t == "date") return "a date as YYYY-MM-DD";
  if (t == "time") return "a time of day as HH:MM, from 00:00 to 23:59";
  if (t == "phone") return "a phone number in international E.164 form, such as +4915123456789";
  return "an answer";
}

// The answer as stored, or nullopt when the value is not what the question accepts.
std::optional<Json> accepted(const FormQuestion& q, const Json& v) {
  const auto& t = q.type;
  if (t == "number") {
    if (!v.is_number()) return std::nullopt;
    const double x = v.get<double>();
    if (!std::isfinite(x) || (q.min && x < *q.min) || (q.max && x > *q.max)) return std::nullopt;
    return v;
  }
  if (t == "boolean") return v.is_boolean() ? std::optional<Json>(v) : std::nullopt;
  if (t == "multiple_choice") {
    if (!v.is_array()) return std::nullopt;
    std::vector<bool> chosen(q.options.size(), false);
    for (const auto& item : v) {
      if (!item.is_string()) return std::nullopt;
      const auto it = std::find(q.options.begin(), q.options.end(), item.get_ref<const std::string&>());
      if (it == q.options.end() || chosen[it - q.options.begin()]) return std::nullopt;
      chosen[it - q.options.begin()] = true;
    }
    Json out = Json::array();
    for (std::size_t i = 0; i < q.options.size(); ++i)
      if (chosen[i]) out.push_back(q.options[i]);
    return out;
  }
  if (!v.is_string()) return std::nullopt;
  const auto& s = v.get_ref<const std::string&>();
  if (t == "text") {
    try {
      return Json(text::one_line(s, "answer", kMaxTextAnswer));
    } catch (const Error&) {
      return std::nullopt;
    }
  }
  const bool ok = t == "single_choice" ? std::find(q.options.begin(), q.options.end(), s) != q.options.end()
                  : t == "date"        ? accounts::is_valid_date(s)
                  : t == "time"        ? is_clock_time(s)
                  : t == "phone"       ? text::is_e164(s)
                                       : false;
  return ok ? std::optional<Json>(v) : std::nullopt;
}

// A key of the answers shown in an error only when it is short and plain.
bool is_plain_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string display(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_number()) return number_text(v.get<double>());
  if (!v.is_array()) return "";
  std::string out;
  for (const auto& item : v) out += (out.empty() ? "" : ", ") + display(item);
  return out;
}

}  // namespace

std::string checked_answers(const std::vector<FormQuestion>& form, std::string_view answers_json, Required required) {
  if (answers_json.size() > kMaxAnswersBytes)
    throw Error::invalid("answers", "answers must be at most " + std::to_string(kMaxAnswersBytes / 1024) + " KiB");
  const auto answers = Json::parse(answers_json, nullptr, false);
  if (!answers.is_object()) throw Error::invalid("answers", "answers must be a JSON object of question keys and answers");
  for (const auto& [key, value] : answers.items()) {
    if (std::any_of(form.begin(), form.end(), [&](const FormQuestion& q) { return q.key == key; })) continue;
    if (is_plain_name(key)) throw Error::invalid("answers." + key, "the form has no question " + key);
    throw Error::invalid("answers", "answers hold a key that is not a question of the form");
  }
  Json out = Json::object();
  for (const auto& q : form) {
    const auto field = "answers." + q.key;
    const auto it = answers.find(q.key);
    const Json* value = it == answers.end() ? nullptr : &*it;
    if (is_unanswered(value)) {
      if (q.required && required == Required::enforced) throw Error::invalid(field, q.label + " is required");
      continue;
    }
    auto stored = accepted(q, *value);
    if (!stored) throw Error::invalid(field, q.label + " must be " + expected(q));
    out[q.key] = std::move(*stored);
  }
  return out.dump();
}

std::string answer_text(const FormQuestion& q, std::string_view stored_answers_json) {
  const auto answers = Json::parse(stored_answers_json, nullptr, false);
  if (!answers.is_object()) return "";
  const auto it = answers.find(q.key);
  return it == answers.end() ? "" : display(*it);
}

}  // namespace fitkit::events
