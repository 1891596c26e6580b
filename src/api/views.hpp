// The JSON shapes of domain objects, shared by the operations.
#pragma once

#include <optional>

#include "api/registry.hpp"
#include "fitkit/accounts.hpp"
#include "fitkit/page.hpp"
#include "fitkit/profiles.hpp"

namespace fitkit::api {

// Builds a JSON object field by field, in order. Several times faster than an
// initializer list, which copies every value: this is on every read's path.
// Keys must be distinct; nothing checks it.
class ObjectBuilder {
 public:
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

Json user_json(const User& u);
Json profile_json(const Profile& p);
Json roles_json(const RoleSet& roles);
Json time_json(std::int64_t epoch_ms);  // RFC 3339 text; null for 0
// A list result: {"items": [...], "next_cursor": "..." or null}.
Json page_json(Json items, std::optional<std::string> next_cursor);

// A page as a list result: next_cursor is the cursor of its last item when more follow, and null
// exactly when none did as of this read, so that a cursor never leads to a page known to be empty.
template <class T, class ItemJson, class CursorOf>
Json page_json(const Page<T>& page, ItemJson&& item_json, CursorOf&& cursor_of) {
  Json items = Json::array();
  for (const auto& item : page.items) items.push_back(item_json(item));
  std::optional<std::string> next;
  if (page.more && !page.items.empty()) next = cursor_of(page.items.back());
  return page_json(std::move(items), std::move(next));
}

}  // namespace fitkit::api
