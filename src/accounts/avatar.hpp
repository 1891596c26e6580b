// Avatars: which images are accepted, told by their first bytes, and where they are kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fitkit::accounts {

// The media type of a PNG, JPEG, WebP or GIF image from its signature; nothing
// for any other bytes (SVG, which can carry scripts, is not accepted).
std::optional<std::string_view> sniff_image_type(std::string_view bytes) noexcept;

// A picture of a thing shown to others (a gear photo, an organisation's logo, an event's
// cover): PNG, JPEG or WebP by its first bytes, at most max_bytes. Its media type; throws
// Error::invalid(field) for empty, too large or other bytes.
std::string_view checked_picture(std::string_view bytes, const std::string& field, std::size_t max_bytes);

// The blob store key of a user's avatar: "avatars/usr_…".
std::string avatar_key(std::int64_t user_id);

}  // namespace fitkit::accounts
