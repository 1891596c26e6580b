// The JSON shapes of domain objects, shared by the operations.
#pragma once

#include <optional>

#include "api/registry.hpp"
#include "core/object_builder.hpp"
#include "fitkit/accounts.hpp"
#include "fitkit/page.hpp"
#include "fitkit/profiles.hpp"

namespace fitkit::api {

Json user_json(const User& u);
Json profile_json(const Profile& p);
Json roles_json(const RoleSet& roles);
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
