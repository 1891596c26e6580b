// Avatars: which images are accepted, told by their first bytes, and where they are kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fitkit::accounts {

// The media type of a PNG, JPEG, WebP or GIF image from its signature; nothing
// for any other bytes (SVG, which can carry scripts, is not accepted).
std::optional<std::string_view> sniff_image_type(std::string_view bytes) noexcept;

// The blob store key of a user's avatar: "avatars/usr_…".
std::string avatar_key(std::int64_t user_id);

}  // namespace fitkit::accounts
