// The JSON of domain objects, built fast. ObjectBuilder builds an object field by field, in
// order: several times faster than an initializer list, which copies every value, and this is
// on every read's path. Keys must be distinct; nothing checks it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/time_format.hpp"
#include "fitkit/id.hpp"

namespace fitkit {

class ObjectBuilder {
 public:
  using Json = nlohmann::ordered_json;
  explicit ObjectBuilder(std::size_t fields) { fields_.reserve(fields); }
  ObjectBuilder& add(const char* key, Json value) {
    fields_.emplace_back(key, std::move(value));
    return *this;
  }
  template <class T>
  ObjectBuilder& add_optional(const char* key, const std::optional<T>& value) {  // null when empty
    return add(key, value ? Json(*value) : Json(nullptr));
  }
  Json build() { return Json(std::move(fields_)); }  // leaves the builder empty

 private:
  Json::object_t fields_;
};

// A time as RFC 3339 text; null for 0, a time that never came.
inline nlohmann::ordered_json time_json(std::int64_t epoch_ms) {
  return epoch_ms ? nlohmann::ordered_json(format_utc(epoch_ms)) : nlohmann::ordered_json(nullptr);
}

// An id in its public form ("usr_…"), or null for none.
inline nlohmann::ordered_json id_json(IdKind kind, const std::optional<std::int64_t>& id) {
  return id ? nlohmann::ordered_json(format_id(kind, *id)) : nlohmann::ordered_json(nullptr);
}

}  // namespace fitkit
