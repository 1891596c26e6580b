#include "http/request_id.hpp"

#include "core/crypto.hpp"

namespace fitkit::http {

bool is_valid_request_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string request_id_for(std::string_view offered) {
  if (is_valid_request_id(offered)) return std::string(offered);
  return crypto::hex(crypto::random_bytes(16));
}

}  // namespace fitkit::http
