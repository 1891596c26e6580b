#include "http/params.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "http/multipart.hpp"
#include "http/problem.hpp"

namespace fitkit::http {
namespace {

const api::ParamSpec* find_spec(const api::Operation& op, std::string_view name) {
  auto it = std::find_if(op.params.begin(), op.params.end(), [&](const api::ParamSpec& s) { return s.name == name; });
  return it == op.params.end() ? nullptr : &*it;
}

Error wrong(std::string_view name, std::string_view what) {
  return Error::invalid(std::string(name), std::string(name) + " must be " + std::string(what));
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

api::Json parse_json_text(std::string_view text, std::string_view what) {
  try {
    return api::Json::parse(text);
  } catch (const api::Json::parse_error& e) {
    // The parser's own message quotes the input, which may hold a password.
    throw Error::invalid("", std::string(what) + " is not valid JSON (near byte " + std::to_string(e.byte) + ")");
  }
}

std::string decode_path_segment(std::string_view name, std::string_view raw) {
  auto pct = boost::urls::make_pct_string_view(raw);
  if (!pct) throw Error::invalid(std::string(name), std::string(name) + " has a bad percent-encoding in the path");
  std::string out;
  out.reserve(pct->decoded_size());
  pct->decode({}, boost::urls::string_token::assign_to(out));
  return out;
}

// Query text: '+' is a space, as HTML forms and most clients encode it.
std::string decode_query(std::string_view text, std::string_view field) {
  auto pct = boost::urls::make_pct_string_view(text);
  if (!pct)
    throw Error::invalid(std::string(field), "the query string has a bad percent-encoding" +
                                                 (field.empty() ? std::string() : " in " + std::string(field)));
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  std::string out;
  pct->decode(opts, boost::urls::string_token::assign_to(out));
  return out;
}

}  // namespace

bool is_json_media_type(std::string_view content_type) noexcept {
  auto type = trim(content_type.substr(0, content_type.find(';')));
  constexpr std::string_view kJson = "application/json";
  return type.size() == kJson.size() && std::equal(type.begin(), type.end(), kJson.begin(), [](char a, char b) {
           return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
         });
}

api::Json text_to_param(const api::Operation& op, std::string_view name, std::string text) {
  const api::ParamSpec* spec = find_spec(op, name);
  if (!spec) return text;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  switch (spec->type) {
    case api::ParamType::string:
    case api::ParamType::id:
      return text;
    case api::ParamType::integer: {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(first, last, v);
      if (ec != std::errc() || p != last || text.empty()) throw wrong(name, "an integer");
      return v;
    }
    case api::ParamType::number: {
      double v = 0;
      auto [p, ec] = std::from_chars(first, last, v);
      if (ec != std::errc() || p != last || text.empty() || !std::isfinite(v)) throw wrong(name, "a number");
      return v;
    }
    case api::ParamType::boolean:
      if (text == "true") return true;
      if (text == "false") return false;
      throw wrong(name, "true or false");
    case api::ParamType::array: {
      api::Json items = api::Json::array();
      std::string_view rest = text;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        items.push_back(std::string(rest.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
        if (rest.empty()) items.push_back("");  // "a," is two items
      }
      return items;
    }
    case api::ParamType::object: {
      api::Json v = parse_json_text(text, name);
      if (!v.is_object()) throw wrong(name, "a JSON object");
      return v;
    }
    case api::ParamType::file:
      throw wrong(name, "a file sent in the request body (multipart/form-data or the raw bytes)");
  }
  return text;
}

namespace {

// Parameters from a query string into `params`; a repeated array parameter gathers its values.
void read_query(const api::Operation& op, std::string_view query, api::Json& params) {
  // Split by hand: Boost.URL 1.81's params iterator reads past the end of a
  // query that is not the end of its buffer. Each piece is checked and decoded.
  std::string_view rest_of_query = query;
  while (!rest_of_query.empty()) {
    auto amp = rest_of_query.find('&');
    std::string_view pair = rest_of_query.substr(0, amp);
    rest_of_query = amp == std::string_view::npos ? std::string_view() : rest_of_query.substr(amp + 1);
    auto eq = pair.find('=');
    std::string key = decode_query(pair.substr(0, eq), "");
    if (key.empty()) continue;
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    const api::ParamSpec* spec = find_spec(op, key);
    api::Json value;
    if (spec && spec->type == api::ParamType::array) {
      // Split before decoding, so that an encoded comma (%2C) stays inside an item.
      value = api::Json::array();
      std::string_view rest = raw_value;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        value.push_back(decode_query(rest.substr(0, comma), key));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
        if (rest.empty()) value.push_back("");  // "a," is two items
      }
    } else {
      value = text_to_param(op, key, decode_query(raw_value, key));
    }
    auto it = params.find(key);
    if (it == params.end()) {
      params.emplace(std::move(key), std::move(value));
    } else if (it->is_array() && value.is_array()) {  // ?tag=a&tag=b is tag=a,b
      for (auto& v : value) it->push_back(std::move(v));
    } else {
      throw Error::invalid(key, key + " is given more than once");
    }
  }
}

const api::ParamSpec* file_param(const api::Operation& op) {
  auto it = std::find_if(op.params.begin(), op.params.end(),
                         [](const api::ParamSpec& s) { return s.type == api::ParamType::file; });
  return it == op.params.end() ? nullptr : &*it;
}

void set_once(api::Json& params, const std::string& name, api::Json value) {
  if (params.contains(name)) throw Error::invalid(name, name + " is given more than once");
  params[name] = std::move(value);
}

// A multipart/form-data upload: file parts in base64 as the registry takes them, the file's
// name into "file_name" when the operation has one, text parts converted by their spec.
void read_form(const api::Operation& op, std::string_view body, std::string_view boundary, api::Json& params) {
  for (const auto& part : parse_multipart(body, boundary)) {
    const api::ParamSpec* spec = find_spec(op, part.name);
    if (spec && spec->type == api::ParamType::file) {
      if (part.data.size() > spec->max_length)
        throw HttpError(http_problem(413, "payload_too_large",
                                     part.name + " is larger than " + std::to_string(spec->max_length) + " bytes",
                                     part.name));
      set_once(params, part.name, crypto::base64_encode(part.data));
      if (part.filename && !part.filename->empty() && find_spec(op, "file_name") &&
          !params.contains("file_name"))
        params["file_name"] = *part.filename;
    } else {
      if (part.name == "file_name") params.erase("file_name");  // said outright: it wins
      set_once(params, part.name, text_to_param(op, part.name, std::string(part.data)));
    }
  }
}

}  // namespace

api::Json request_params(const api::Operation& op,
                         const std::vector<std::pair<std::string_view, std::string_view>>& path_params,
                         std::string_view query, std::string_view content_type, std::string_view body,
                         const std::function<std::string_view(std::string_view)>& header) {
  api::Json params = api::Json::object();
  const bool body_method = op.method == api::HttpMethod::post || op.method == api::HttpMethod::put ||
                           op.method == api::HttpMethod::patch;
  const api::ParamSpec* file = file_param(op);
  if (body_method && file && op.raw_body) {
    read_query(op, query, params);
    if (body.size() > file->max_length)
      throw HttpError(http_problem(413, "payload_too_large",
                                   "the body is larger than " + std::to_string(file->max_length) + " bytes"));
    set_once(params, file->name, crypto::base64_encode(body));
  } else if (body_method && file && multipart_boundary(content_type)) {
    read_query(op, query, params);
    read_form(op, body, *multipart_boundary(content_type), params);
  } else if (body_method && file && !body.empty() && !is_json_media_type(content_type)) {
    // The raw bytes of the file as the body; the other parameters in the query string.
    read_query(op, query, params);
    if (body.size() > file->max_length)
      throw HttpError(http_problem(413, "payload_too_large",
                                   "the file is larger than " + std::to_string(file->max_length) + " bytes"));
    set_once(params, file->name, crypto::base64_encode(body));
  } else if (body_method) {
    if (!query.empty())
      throw Error::invalid("", "the parameters of " + std::string(api::to_string(op.method)) +
                                   " go in a JSON body, not in the query string");
    if (!body.empty()) {
      if (!is_json_media_type(content_type))
        throw HttpError(http_problem(415, "unsupported_media_type",
                                     file ? "send a JSON object, multipart/form-data, or the file's bytes"
                                          : "send the parameters as a JSON object with Content-Type: application/json"));
      params = parse_json_text(body, "the request body");
      if (!params.is_object()) throw Error::invalid("", "the request body must be a JSON object");
    }
  } else {
    read_query(op, query, params);
  }
  if (header)
    for (const auto& spec : op.params)
      if (!spec.http_header.empty())
        if (auto value = header(spec.http_header); !value.empty()) set_once(params, spec.name, std::string(value));
  for (const auto& [name, raw] : path_params) {
    api::Json value = text_to_param(op, name, decode_path_segment(name, raw));
    auto it = params.find(name);
    if (it != params.end() && *it != value)
      throw Error::invalid(std::string(name), std::string(name) + " differs between the path and the parameters");
    params[std::string(name)] = std::move(value);
  }
  return params;
}

}  // namespace fitkit::http
