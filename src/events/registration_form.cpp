// The questions of a registration form: their checks and their JSON forms. The answers are in
// registration_answers.cpp.
#include "events/registration_form.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/text_rules.hpp"
#include "fitkit/error.hpp"

namespace fitkit::events {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxKey = 40, kMaxLabel = 200, kMaxOption = 100, kMaxHelp = 500;

std::string at(const std::string& field, std::size_t i) { return field + "[" + std::to_string(i) + "]"; }

bool is_choice(std::string_view type) { return type == "single_choice" || type == "multiple_choice"; }

bool is_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxKey || key[0] < 'a' || key[0] > 'z') return false;
  return std::all_of(key.begin(), key.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

void check_type(std::string_view type, const std::string& field) {
  const auto& types = form_question_types();
  if (std::find(types.begin(), types.end(), type) != types.end()) return;
  std::string listed;
  for (auto t : types) listed += (listed.empty() ? "" : ", ") + std::string(t);
  throw Error::invalid(field, field + " must be one of " + listed);
}

std::vector<std::string> checked_options(const std::vector<std::string>& options, std::string_view type,
                                         const std::string& field) {
  if (!is_choice(type)) {
    if (!options.empty()) throw Error::invalid(field, "only single_choice and multiple_choice questions have options");
    return {};
  }
  if (options.size() < 2 || options.size() > kMaxFormOptions)
    throw Error::invalid(field, "a " + std::string(type) + " question needs 2 to " + std::to_string(kMaxFormOptions) + " options");
  std::vector<std::string> out;
  for (std::size_t j = 0; j < options.size(); ++j) {
    auto option = text::one_line(options[j], at(field, j), kMaxOption);
    // Options that differ only in case or width would read as one in an export.
    for (const auto& earlier : out)
      if (text::text_key(earlier) == text::text_key(option))
        throw Error::invalid(at(field, j), at(field, j) + " repeats the option " + earlier);
    out.push_back(std::move(option));
  }
  return out;
}

void check_bounds(const FormQuestion& q, const std::string& field) {
  if (q.type != "number") {
    if (q.min || q.max) throw Error::invalid(field + (q.min ? ".min" : ".max"), "only number questions have min and max");
    return;
  }
  if (q.min && !std::isfinite(*q.min)) throw Error::invalid(field + ".min", field + ".min must be a finite number");
  if (q.max && !std::isfinite(*q.max)) throw Error::invalid(field + ".max", field + ".max must be a finite number");
  if (q.min && q.max && *q.min > *q.max) throw Error::invalid(field + ".max", field + ".max is below min");
}

// A name from the request shown in an error only when it is short and plain.
bool is_plain_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// A member of a request object read as T (null is absent), or an error naming `field.key`.
template <class T>
std::optional<T> member(const Json& j, const char* key, const std::string& field, const char* what) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  const bool ok = std::is_same_v<T, std::string> ? it->is_string() : std::is_same_v<T, bool> ? it->is_boolean() : it->is_number();
  if (!ok) throw Error::invalid(field + "." + key, field + "." + key + " must be " + what);
  return it->get<T>();
}

std::vector<std::string> options_from(const Json& j, const std::string& field) {
  std::vector<std::string> out;
  auto it = j.find("options");
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) throw Error::invalid(field + ".options", field + ".options must be an array of texts");
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    if (!v.is_string()) throw Error::invalid(at(field + ".options", i), at(field + ".options", i) + " must be a text");
    out.push_back(v.get<std::string>());
  }
  return out;
}

FormQuestion question_from(const Json& j, const std::string& field) {
  if (!j.is_object()) throw Error::invalid(field, field + " must be an object");
  static const std::vector<std::string_view> known{"key", "label", "type", "required", "options", "min", "max", "help"};
  for (const auto& [name, value] : j.items())
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      if (is_plain_name(name)) throw Error::invalid(field + "." + name, field + " has no field " + name);
      throw Error::invalid(field, field + " holds a field that questions do not have");
    }
  FormQuestion q;
  q.key = member<std::string>(j, "key", field, "a text").value_or("");
  q.label = member<std::string>(j, "label", field, "a text").value_or("");
  q.type = member<std::string>(j, "type", field, "a text").value_or("");
  q.required = member<bool>(j, "required", field, "true or false").value_or(false);
  q.options = options_from(j, field);
  q.min = member<double>(j, "min", field, "a number");
  q.max = member<double>(j, "max", field, "a number");
  q.help = member<std::string>(j, "help", field, "a text");
  return q;
}

Json question_json(const FormQuestion& q, bool every_field) {
  Json j{{"key", q.key}, {"label", q.label}, {"type", q.type}, {"required", q.required}};
  const auto put = [&](const char* name, const auto& value) {
    if (value) j[name] = *value;
    else if (every_field) j[name] = nullptr;
  };
  if (!q.options.empty() || every_field) j["options"] = q.options;
  put("min", q.min);
  put("max", q.max);
  put("help", q.help);
  return j;
}

std::string form_dump(const std::vector<FormQuestion>& form, bool every_field) {
  Json out = Json::array();
  for (const auto& q : form) out.push_back(question_json(q, every_field));
  return out.dump();
}

}  // namespace

const std::vector<std::string_view>& form_question_types() noexcept {
  static const std::vector<std::string_view> types{"text", "number",          "boolean", "single_choice",
                                                   "multiple_choice", "date", "time",    "phone"};
  return types;
}

std::vector<FormQuestion> checked_form(std::vector<FormQuestion> form) {
  if (form.size() > kMaxFormQuestions)
    throw Error::invalid("form", "form holds at most " + std::to_string(kMaxFormQuestions) + " questions");
  for (std::size_t i = 0; i < form.size(); ++i) {
    auto& q = form[i];
    const auto field = at("form", i);
    if (!is_key(q.key))
      throw Error::invalid(field + ".key", field + ".key must be 1 to 40 of a-z, 0-9 and _, starting with a letter");
    for (std::size_t j = 0; j < i; ++j)
      if (form[j].key == q.key) throw Error::invalid(field + ".key", "two questions have the key " + q.key);
    q.label = text::one_line(q.label, field + ".label", kMaxLabel);
    check_type(q.type, field + ".type");
    q.options = checked_options(q.options, q.type, field + ".options");
    check_bounds(q, field);
    if (q.help) q.help = text::free_text(*q.help, field + ".help", kMaxHelp);
    if (q.help && q.help->empty()) q.help.reset();
  }
  return form;
}

std::string form_text(const std::vector<FormQuestion>& form) { return form_dump(form, false); }

std::string form_json(const std::vector<FormQuestion>& form) { return form_dump(form, true); }

std::vector<FormQuestion> form_of(std::string_view text) {
  std::vector<FormQuestion> out;
  const auto j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& item : j) {
    if (!item.is_object()) continue;
    FormQuestion q{item.value("key", ""), item.value("label", ""), item.value("type", ""), item.value("required", false),
                   item.value("options", std::vector<std::string>{}), std::nullopt, std::nullopt, std::nullopt};
    if (auto it = item.find("min"); it != item.end() && it->is_number()) q.min = it->get<double>();
    if (auto it = item.find("max"); it != item.end() && it->is_number()) q.max = it->get<double>();
    if (auto it = item.find("help"); it != item.end() && it->is_string()) q.help = it->get<std::string>();
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<FormQuestion> form_from_json(std::string_view json_array_text) {
  const auto j = Json::parse(json_array_text, nullptr, false);
  if (!j.is_array()) throw Error::invalid("form", "form must be a JSON array of questions");
  if (j.size() > kMaxFormQuestions)
    throw Error::invalid("form", "form holds at most " + std::to_string(kMaxFormQuestions) + " questions");
  std::vector<FormQuestion> form;
  for (std::size_t i = 0; i < j.size(); ++i) form.push_back(question_from(j[i], at("form", i)));
  return checked_form(std::move(form));
}

}  // namespace fitkit::events
