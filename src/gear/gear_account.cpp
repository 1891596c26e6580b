#include "gear/gear_account.hpp"

#include "gear/gear_store.hpp"

namespace fitkit::gear {

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
