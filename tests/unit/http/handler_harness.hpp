// Drives http::Handler::handle directly: a request made of plain strings, the answer read
// back as the server would write it. For what depends on ServerOptions (CORS, budgets, the
// access log) and for many requests from many threads without sockets in between.
#pragma once

#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/handler.hpp"

namespace fitkit::test {

inline bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

using Fields = std::vector<std::pair<std::string, std::string>>;

class FieldLookup : public http::HeaderLookup {
 public:
  explicit FieldLookup(const Fields& fields) : fields_(fields) {}
  std::string_view get(std::string_view name) const override {
    for (const auto& [k, v] : fields_)
      if (iequal(k, name)) return v;
    return {};
  }

 private:
  const Fields& fields_;
};

struct Answer {
  int status = 0;
  std::string content_type;
  std::string body;
  Fields headers;
  std::int64_t retry_after_s = 0;
  std::string www_authenticate;

  // The first field of that name; "" when absent.
  std::string header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (iequal(k, name)) return v;
    return {};
  }
  int count(std::string_view name) const {
    int n = 0;
    for (const auto& [k, v] : headers) n += iequal(k, name) ? 1 : 0;
    return n;
  }
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

struct Call {
  std::string method = "GET";
  std::string target;
  std::string body;
  Fields headers;
  std::string ip = "192.0.2.10";

  Call& with(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Call& bearer(const std::string& token) { return with("Authorization", "Bearer " + token); }
};

inline Call get(std::string target) { return Call{"GET", std::move(target), {}, {}, "192.0.2.10"}; }
inline Call send(std::string method, std::string target, const nlohmann::json& body = nlohmann::json::object()) {
  return Call{std::move(method), std::move(target), body.dump(), {{"Content-Type", "application/json"}}, "192.0.2.10"};
}

inline Answer run(const http::Handler& handler, const Call& call) {
  FieldLookup lookup(call.headers);
  http::Request r;
  const std::string& m = call.method;
  if (m == "GET") r.method = api::HttpMethod::get;
  else if (m == "POST") r.method = api::HttpMethod::post;
  else if (m == "PUT") r.method = api::HttpMethod::put;
  else if (m == "PATCH") r.method = api::HttpMethod::patch;
  else if (m == "DELETE") r.method = api::HttpMethod::del;
  r.method_name = m;
  r.target = call.target;
  r.authorization = lookup.get("Authorization");
  r.user_agent = lookup.get("User-Agent");
  r.content_type = lookup.get("Content-Type");
  r.body = call.body;
  r.client_ip = &call.ip;
  r.headers = &lookup;
  http::Response out;
  handler.handle(r, out);
  Answer a;
  a.status = out.status;
  a.content_type = std::string(out.content_type);
  a.body = std::string(out.payload());
  a.headers = out.headers;
  a.retry_after_s = out.retry_after_s;
  a.www_authenticate = std::string(out.www_authenticate);
  return a;
}

}  // namespace fitkit::test
