#include "gear/gear_account.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "core/runtime.hpp"
#include "gear/gear_json.hpp"
#include "gear/gear_store.hpp"

namespace fitkit::gear {

Json export_user_gear(Runtime& rt, const Actor& actor) {
  GearService service(rt);
  std::vector<std::int64_t> reviewed;
  {
    auto c = rt.db->acquire();
    c->query("SELECT gear_id FROM gear_reviews WHERE user_id = ? ORDER BY gear_id", {actor.user_id},
             [&](const storage::Row& r) { reviewed.push_back(r.i64(0)); });
  }
  Json items = Json::array();
  for (bool archived : {false, true}) {
    GearQuery q;
    q.archived = archived;
    q.limit = kPageLimitMax;
    for (;;) {
      const auto page = service.list(actor, q);
      for (const auto& g : page.items) {
        Json item = gear_json(g);
        item["review"] = nullptr;
        if (std::binary_search(reviewed.begin(), reviewed.end(), g.id))
          item["review"] = gear_review_json(service.review(actor, g.id));
        item["photo"] = nullptr;
        if (g.photo_type) {
          const auto photo = service.photo(actor, g.id);
          item["photo"] = {{"content_type", photo.content_type},
                           {"image_base64", crypto::base64_encode(photo.bytes)}};
        }
        items.push_back(std::move(item));
      }
      if (!page.more || page.items.empty()) break;
      q.before = page.items.back().id;
    }
  }
  Json log = Json::array();
  UsageQuery uq;
  uq.limit = kPageLimitMax;
  for (;;) {
    const auto page = service.usage_log(actor, uq);
    for (const auto& e : page.items) log.push_back(usage_entry_json(e));
    if (!page.more || page.items.empty()) break;
    uq.before = std::pair{page.items.back().date, page.items.back().id};
  }
  Json defaults = Json::array();
  for (const auto& d : service.defaults(actor)) defaults.push_back(gear_default_json(d));
  Json limits = Json::array();
  for (const auto& l : service.category_limits(actor)) limits.push_back(category_limit_json(l));
  return Json{{"gear", std::move(items)},
              {"gear_usage_log", std::move(log)},
              {"gear_defaults", std::move(defaults)},
              {"gear_category_limits", std::move(limits)}};
}

std::vector<std::string> delete_user_gear(storage::Connection& c, std::int64_t user_id) {
  std::vector<std::string> photos;
  c.query("SELECT id FROM gear_items WHERE user_id = ? AND photo_type IS NOT NULL", {user_id},
          [&](const storage::Row& r) { photos.push_back(photo_key(user_id, r.i64(0))); });
  c.exec("DELETE FROM workout_gear WHERE gear_id IN (SELECT id FROM gear_items WHERE user_id = ?)", {user_id});
  c.exec("DELETE FROM gear_usage_log WHERE user_id = ?", {user_id});
  c.exec("DELETE FROM gear_defaults WHERE user_id = ?", {user_id});
  c.exec("DELETE FROM gear_category_limits WHERE user_id = ?", {user_id});
  c.exec("DELETE FROM gear_reviews WHERE user_id = ?", {user_id});
  // Collections, installs and notices go with their items (ON DELETE CASCADE).
  c.exec("DELETE FROM gear_items WHERE user_id = ?", {user_id});
  return photos;
}

}  // namespace fitkit::gear
