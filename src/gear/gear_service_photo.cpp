// An item's photo: the bytes in the blob store under the owner, the type on the item's row.
#include "accounts/avatar.hpp"
#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/gear.hpp"
#include "gear/gear_store.hpp"

namespace fitkit {
namespace {

// PNG, JPEG and WebP; GIF, which the avatar takes, is no photo of a thing.
std::optional<std::string_view> photo_type(std::string_view bytes) {
  auto type = accounts::sniff_image_type(bytes);
  if (type && *type == "image/gif") return std::nullopt;
  return type;
}

}  // namespace

GearItem GearService::set_photo(const Actor& actor, std::int64_t gear_id, std::string_view bytes) {
  const auto type = accounts::checked_picture(bytes, "photo", kGearPhotoMaxBytes);
  auto c = rt_.db->acquire();
  const auto item = gear::changeable_item(*c, actor, gear_id);
  storage::Transaction tx(*c);
  c->exec("UPDATE gear_items SET photo_type = ?, updated_at = ? WHERE id = ?", {type, rt_.now(), gear_id});
  // Stored before the commit: if the store fails, the item does not claim a photo.
  rt_.blobs->put(gear::photo_key(item.user_id, gear_id), bytes);
  auto out = gear::reload(*c, gear_id);
  tx.commit();
  return out;
}

GearService::Photo GearService::photo(const Actor& actor, std::int64_t gear_id) {
  auto c = rt_.db->acquire();
  const auto item = gear::visible_item(*c, actor, gear_id);
  if (!item.photo_type) throw Error::not_found("this item has no photo");
  auto bytes = rt_.blobs->get(gear::photo_key(item.user_id, gear_id));
  if (!bytes) throw Error::not_found("this item has no photo");
  // The stored bytes decide the type, so that an interrupted replacement never mislabels them.
  const auto sniffed = photo_type(*bytes);
  return {std::string(sniffed.value_or(*item.photo_type)), std::move(*bytes)};
}

GearItem GearService::delete_photo(const Actor& actor, std::int64_t gear_id) {
  auto c = rt_.db->acquire();
  const auto item = gear::changeable_item(*c, actor, gear_id);
  if (!item.photo_type) throw Error::not_found("this item has no photo");
  storage::Transaction tx(*c);
  c->exec("UPDATE gear_items SET photo_type = NULL, updated_at = ? WHERE id = ?", {rt_.now(), gear_id});
  auto blobs = rt_.blobs;
  c->after_commit([blobs, key = gear::photo_key(item.user_id, gear_id)] { blobs->remove(key); });
  auto out = gear::reload(*c, gear_id);
  tx.commit();
  return out;
}

}  // namespace fitkit
