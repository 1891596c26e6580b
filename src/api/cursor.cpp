#include "api/cursor.hpp"

#include <limits>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"

namespace fitkit::api {
namespace {

constexpr char kVersion = 1;
constexpr std::size_t kMaxCursor = 512;  // bytes of text; ours are under 100
constexpr std::size_t kCheckSize = 4;

// Catches a cursor altered by hand or garbled in transit. Not a signature: the cursor is no secret
// and a forged one is still only a position.
std::string check_value(std::string_view bytes) { return crypto::sha256(bytes).substr(0, kCheckSize); }

void append_short_text(std::string& out, std::string_view text) {
  if (text.size() > 255) throw Error::internal("a cursor key of more than 255 bytes");
  out.push_back(static_cast<char>(text.size()));
  out.append(text);
}

}  // namespace

CursorWriter::CursorWriter(std::string_view list) {
  bytes_.push_back(kVersion);
  append_short_text(bytes_, list);
}

CursorWriter& CursorWriter::integer(std::int64_t value) {
  bytes_.push_back('i');
  const auto bits = static_cast<std::uint64_t>(value);
  for (int shift = 56; shift >= 0; shift -= 8) bytes_.push_back(static_cast<char>((bits >> shift) & 0xFF));
  return *this;
}

CursorWriter& CursorWriter::text(std::string_view value) {
  bytes_.push_back('s');
  append_short_text(bytes_, value);
  return *this;
}

std::string CursorWriter::finish() const { return crypto::base64url_encode(bytes_ + check_value(bytes_)); }

CursorReader::CursorReader(std::string_view list, std::string_view cursor) : list_(list) {
  auto bytes = cursor.size() <= kMaxCursor ? crypto::base64url_decode(cursor) : std::nullopt;
  if (!bytes || bytes->size() < 2 + kCheckSize) refuse();
  const std::string_view body = std::string_view(*bytes).substr(0, bytes->size() - kCheckSize);
  if (std::string_view(*bytes).substr(body.size()) != check_value(body) || body[0] != kVersion) refuse();
  bytes_ = std::string(body);
  pos_ = 1;
  const auto name_size = static_cast<unsigned char>(bytes_[pos_++]);
  if (bytes_.size() - pos_ < name_size || std::string_view(bytes_).substr(pos_, name_size) != list) refuse();
  pos_ += name_size;
}

std::int64_t CursorReader::integer() {
  if (bytes_.size() - pos_ < 9 || bytes_[pos_] != 'i') refuse();
  ++pos_;
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<unsigned char>(bytes_[pos_++]);
  return static_cast<std::int64_t>(bits);
}

std::string CursorReader::text() {
  if (bytes_.size() - pos_ < 2 || bytes_[pos_] != 's') refuse();
  const auto size = static_cast<unsigned char>(bytes_[pos_ + 1]);
  pos_ += 2;
  if (bytes_.size() - pos_ < size) refuse();
  std::string out = bytes_.substr(pos_, size);
  pos_ += size;
  return out;
}

void CursorReader::finish() const {
  if (pos_ != bytes_.size()) refuse();
}

void CursorReader::refuse() const {
  // The cursor itself is not repeated: it is the caller's, and may be long or garbled.
  throw Error::invalid("cursor", "cursor is not one that " + list_ +
                                     " gave: pass the next_cursor of its previous page, or leave it out to start");
}

std::string id_cursor(std::string_view list, std::int64_t id) { return CursorWriter(list).integer(id).finish(); }

std::optional<std::int64_t> id_position(std::string_view list, const std::optional<std::string>& cursor) {
  if (!cursor) return std::nullopt;
  CursorReader reader(list, *cursor);
  const auto id = reader.integer();
  reader.finish();
  return id;
}

std::vector<ParamSpec> paging_params(std::vector<ParamSpec> others) {
  others.push_back({"cursor", ParamType::string, false,
                    "where to go on: the next_cursor of the previous page (leave out for the first)", {}, false,
                    kMaxCursor});
  others.push_back({"limit", ParamType::integer, false,
                    "items per page, 1 to " + std::to_string(kPageLimitMax) + " (default " +
                        std::to_string(kPageLimitDefault) + ")"});
  return others;
}

PageRequest page_request(const Json& p) {
  PageRequest out;
  out.cursor = opt_str(p, "cursor");
  if (auto it = p.find("limit"); it != p.end() && !it->is_null()) {
    // Above 2^63 - 1, an unsigned JSON number would wrap to a negative one when read as signed.
    const bool huge = it->is_number_unsigned() &&
                      it->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    const std::int64_t limit = huge ? std::numeric_limits<std::int64_t>::max() : it->get<std::int64_t>();
    check_page_limit(limit);
    out.limit = static_cast<int>(limit);
  }
  return out;
}

}  // namespace fitkit::api
