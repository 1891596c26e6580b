// How the differential generator draws a step: an operation by weight (the makers of
// differential_account_steps.hpp and differential_data_steps.hpp), then, now and then, one bad
// input on top: the operation, the text, the caller or one parameter.
#pragma once

#include "unit/api/differential_account_steps.hpp"
#include "unit/api/differential_data_steps.hpp"

namespace fitkit::test::diff {

inline Generator::Maker Generator::pick_operation() {
  auto makers = account_makers();
  for (auto& m : data_makers()) makers.push_back(std::move(m));
  std::int64_t total = 0;
  for (const auto& [weight, maker] : makers) total += weight;
  std::int64_t r = uniform(0, total - 1);
  for (const auto& [weight, maker] : makers) {
    if (r < weight) return maker;
    r -= weight;
  }
  return makers.back().second;
}

inline Json Generator::wrong_value(api::ParamType type) {
  using api::ParamType;
  static const std::vector<Json> not_text{42, true, Json::array({"a"}), Json::object(), 1.5, -0.0};
  static const std::vector<Json> not_integer{"7",
                                             1.5,
                                             true,
                                             Json::array(),
                                             std::int64_t{9223372036854775807},
                                             std::uint64_t{18446744073709551615u},
                                             std::int64_t{-9223372036854775807 - 1}};
  static const std::vector<Json> not_number{"1.5", true, Json::array(), 1e308, -1e-300};
  static const std::vector<Json> not_boolean{1, "true", Json::object()};
  static const std::vector<Json> not_array{"a,b", 5, Json::object()};
  switch (type) {
    case ParamType::string:
    case ParamType::id: return pick(not_text);
    case ParamType::integer: return pick(not_integer);
    case ParamType::number: return pick(not_number);
    case ParamType::boolean: return pick(not_boolean);
    case ParamType::array:
    case ParamType::object: return pick(not_array);
    case ParamType::file: return pick(std::vector<Json>{"not base64!", 5, "QQ", Json::array()});
  }
  return nullptr;
}

// One bad input on top of a plausible step: the operation, the text, the caller or one parameter.
inline void Generator::corrupt(Step& s) {
  const api::Operation* op = api::registry().find(s.op);
  const double r = real();
  if (r < 0.04) {
    s.op = pick(std::vector<std::string>{"users.nuke", "auth", s.op + ".extra", ""});
    s.note = "an operation that does not exist";
    return;
  }
  if (r < 0.12) {
    s.raw_params =
        pick(std::vector<std::string>{"[1,2]", "\"text\"", "{not json", "null", "{\"email\":", "42", "",
                                      "{\"email\":\"\\ud800\"}", "{\"a\":1,\"a\":2}"});
    s.note = "parameters that are not a JSON object";
    return;
  }
  if (r < 0.24) {
    s.actor = anyone();
    s.user = -1;
    s.note = "another caller";
    return;
  }
  if (r < 0.30 || !op || op->params.empty()) {
    s.params[chance(0.5) ? "is_admin" : "user_id_override"] = true;
    s.note = "an unknown parameter";
    return;
  }
  const api::ParamSpec& spec = pick(op->params);
  s.note = "parameter " + spec.name + ": ";
  if (r < 0.45) {
    s.params[spec.name] = wrong_value(spec.type);
    s.note += "wrong type";
  } else if (r < 0.55) {
    s.params.erase(spec.name);
    s.note += "missing";
  } else if (r < 0.68 && (spec.type == api::ParamType::string || spec.type == api::ParamType::id) &&
             spec.max_length <= 20000) {
    s.params[spec.name] = std::string(spec.max_length + 1, 'a');
    s.note += "one byte too long";
  } else if (r < 0.82) {
    const std::string base = s.params.contains(spec.name) && s.params[spec.name].is_string()
                                 ? s.params[spec.name].get<std::string>()
                                 : "x";
    s.params[spec.name] = base + (nul_in_text_ && chance(0.3)
                                      ? std::string("\0", 1)
                                      : pick(std::vector<std::string>{"\x07", "\n", "\x7f", "\xc3\xa9"}));
    s.note += "a control character or a NUL";
  } else if (r < 0.90) {
    s.params[spec.name] = nullptr;
    s.note += "null";
  } else {
    static const std::vector<std::string> ids{
        "usr_", "usr_!!!!!!!!!!!!!", "ses_0000000000001", "usr_ZZZZZZZZZZZZZ", "usr_0000000000000", "42"};
    s.params[spec.name] = chance(0.5) ? pick(ids) : unknown_id(spec.id_kind.value_or(IdKind::user));
    s.note += "an id of nobody or of the wrong kind";
  }
}

}  // namespace fitkit::test::diff
