// Setting, reading and removing avatars: bytes in the blob store, the type on the profile row.
#include "accounts/avatar.hpp"

#include "core/runtime.hpp"
#include "fitkit/account_data.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/profiles.hpp"

namespace fitkit::accounts {

std::optional<std::string_view> sniff_image_type(std::string_view b) noexcept {
  using namespace std::string_view_literals;
  if (b.starts_with("\x89PNG\r\n\x1a\n"sv)) return "image/png";
  if (b.starts_with("\xff\xd8\xff"sv)) return "image/jpeg";
  if (b.starts_with("GIF87a"sv) || b.starts_with("GIF89a"sv)) return "image/gif";
  // RIFF, a 4-byte size, then WEBP and the first chunk's tag (VP8, VP8L or VP8X).
  if (b.size() >= 16 && b.starts_with("RIFF"sv) && b.substr(8, 7) == "WEBPVP8"sv) return "image/webp";
  return std::nullopt;
}

std::string_view checked_picture(std::string_view bytes, const std::string& field, std::size_t max_bytes) {
  if (bytes.empty()) throw Error::invalid(field, "the " + field + " is empty");
  if (bytes.size() > max_bytes)
    throw Error::invalid(field, "the " + field + " is larger than " + std::to_string(max_bytes / (1024 * 1024)) +
                                    " MiB; make it smaller");
  const auto type = sniff_image_type(bytes);
  // GIF, which an avatar may be, is no picture of a thing.
  if (!type || *type == "image/gif") throw Error::invalid(field, "the " + field + " must be a PNG, JPEG or WebP image");
  return *type;
}

std::string avatar_key(std::int64_t user_id) { return "avatars/" + format_id(IdKind::user, user_id); }

}  // namespace fitkit::accounts

namespace fitkit {
namespace {

std::string mebibytes(std::size_t bytes) {
  return bytes % (1024 * 1024) == 0 ? std::to_string(bytes / (1024 * 1024)) + " MiB"
                                    : std::to_string(bytes) + " bytes";
}

}  // namespace

void AccountDataService::set_avatar(const Actor& actor, std::string_view image) {
  if (!actor.is_user()) throw Error::unauthenticated();
  const auto limit = rt_.options.auth.avatar_max_bytes;
  if (image.empty()) throw Error::invalid("image", "the image is empty");
  if (image.size() > limit)
    throw Error::invalid("image", "the image is larger than " + mebibytes(limit) + "; make it smaller");
  const auto type = accounts::sniff_image_type(image);
  if (!type) throw Error::invalid("image", "the image must be a PNG, JPEG, WebP or GIF file");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  if (c->exec("UPDATE profiles SET avatar_type = ?, updated_at = ? WHERE user_id = ?",
              {*type, rt_.now(), actor.user_id}) == 0)
    throw Error::not_found("no such profile");
  // Stored before the commit: if the store fails, the profile does not claim an avatar.
  rt_.blobs->put(accounts::avatar_key(actor.user_id), image);
  tx.commit();
}

Avatar AccountDataService::avatar(const Actor& actor, std::int64_t user_id) {
  // The same rule as the profile: whoever may not see it gets not_found.
  ProfileService(rt_).get(actor, user_id);
  auto c = rt_.db->acquire();
  auto type = c->query_text("SELECT avatar_type FROM profiles WHERE user_id = ?", {user_id});
  if (!type) throw Error::not_found("this user has no avatar");
  auto bytes = rt_.blobs->get(accounts::avatar_key(user_id));
  if (!bytes) throw Error::not_found("this user has no avatar");
  // The stored bytes decide the type, so that an interrupted replacement never mislabels them.
  auto sniffed = accounts::sniff_image_type(*bytes);
  return {std::string(sniffed.value_or(*type)), std::move(*bytes)};
}

void AccountDataService::delete_avatar(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  if (c->exec("UPDATE profiles SET avatar_type = NULL, updated_at = ? WHERE user_id = ? AND avatar_type IS NOT NULL",
              {rt_.now(), actor.user_id}) == 0)
    throw Error::not_found("you have no avatar");
  rt_.blobs->remove(accounts::avatar_key(actor.user_id));
  tx.commit();
}

}  // namespace fitkit
