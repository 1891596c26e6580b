#include "api/registry.hpp"

#include <algorithm>
#include <fstream>

#include "core/crypto.hpp"
#include "core/time_format.hpp"
#include "fitkit/error.hpp"

namespace fitkit::api {

std::string_view to_string(ParamType type) noexcept {
  switch (type) {
    case ParamType::string: return "string";
    case ParamType::integer: return "integer";
    case ParamType::number: return "number";
    case ParamType::boolean: return "boolean";
    case ParamType::id: return "id";
    case ParamType::array: return "array";
    case ParamType::object: return "object";
    case ParamType::file: return "file";
  }
  return "string";
}

std::string_view to_string(HttpMethod method) noexcept {
  switch (method) {
    case HttpMethod::get: return "GET";
    case HttpMethod::post: return "POST";
    case HttpMethod::put: return "PUT";
    case HttpMethod::patch: return "PATCH";
    case HttpMethod::del: return "DELETE";
  }
  return "POST";
}

ParamSpec secret_param(std::string name, bool required, std::string help) {
  ParamSpec p{std::move(name), ParamType::string, required, std::move(help)};
  p.secret = true;
  p.max_length = 1024;
  return p;
}

void Registry::add(Operation op) {
  if (find(op.name)) throw Error::internal("operation registered twice: " + op.name);
  ops_.push_back(std::move(op));
}

const Operation* Registry::find(std::string_view name) const {
  auto it = std::find_if(ops_.begin(), ops_.end(), [&](const Operation& o) { return o.name == name; });
  return it == ops_.end() ? nullptr : &*it;
}

namespace {

void check_param(const ParamSpec& spec, const Json& v) {
  auto wrong = [&](std::string_view what) {
    return Error::invalid(spec.name, spec.name + " must be " + std::string(what));
  };
  switch (spec.type) {
    case ParamType::string:
    case ParamType::id:
      if (!v.is_string()) throw wrong("a string");
      if (v.get_ref<const std::string&>().size() > spec.max_length)
        throw wrong("at most " + std::to_string(spec.max_length) + " bytes long");
      // JSON can carry \u0000; no text of ours holds it, and PostgreSQL text cannot.
      if (v.get_ref<const std::string&>().find('\0') != std::string::npos) throw wrong("text without NUL characters");
      if (spec.type == ParamType::id && spec.id_kind) parse_id(*spec.id_kind, v.get<std::string>(), spec.name);
      break;
    case ParamType::integer:
      if (!v.is_number_integer()) throw wrong("an integer");
      break;
    case ParamType::number:
      if (!v.is_number()) throw wrong("a number");
      break;
    case ParamType::boolean:
      if (!v.is_boolean()) throw wrong("true or false");
      break;
    case ParamType::array:
      if (!v.is_array()) throw wrong("an array");
      break;
    case ParamType::object:
      if (!v.is_object()) throw wrong("an object");
      break;
    case ParamType::file: {
      if (!v.is_string()) throw wrong("a file's bytes in base64");
      const auto& text = v.get_ref<const std::string&>();
      // Base64 grows 3 bytes into 4: a text this long holds too many bytes, without decoding it.
      if (text.size() / 4 * 3 > spec.max_length + 2) throw wrong("at most " + std::to_string(spec.max_length) + " bytes");
      // Checked here without decoding; the handler decodes it once (file_bytes).
      const auto size = crypto::base64_decoded_size(text);
      if (!size) throw wrong("a file's bytes in base64 (standard alphabet, padded)");
      if (*size > spec.max_length) throw wrong("at most " + std::to_string(spec.max_length) + " bytes");
      break;
    }
  }
}

}  // namespace

Json Registry::invoke(std::string_view name, Context& ctx, const Json& params) const {
  const Operation* op = find(name);
  if (!op) throw Error::not_found("no operation named '" + std::string(name) + "' (see `fitctl ops list`)");
  return invoke(*op, ctx, params);
}

Json Registry::invoke(const Operation& op, Context& ctx, const Json& params) const {
  if (op.access == Access::signed_in && ctx.actor.is_anonymous())
    throw Error::unauthenticated("sign in first: " + op.name + " needs a signed-in caller");
  if (!params.is_null() && !params.is_object()) throw Error::invalid("", "parameters must be a JSON object");
  const Json& p = params.is_null() ? Json::object() : params;
  for (const auto& [key, value] : p.items()) {
    auto spec = std::find_if(op.params.begin(), op.params.end(), [&](auto& s) { return s.name == key; });
    if (spec == op.params.end())
      throw Error::invalid(key, "unknown parameter '" + key + "' for " + op.name);
    if (!value.is_null()) check_param(*spec, value);
  }
  for (const auto& spec : op.params)
    if (spec.required && (!p.contains(spec.name) || p[spec.name].is_null()))
      throw Error::invalid(spec.name, spec.name + " is required");
  return op.handler(ctx, p);
}

std::string str(const Json& p, std::string_view name) {
  auto v = opt_str(p, name);
  if (!v) throw Error::invalid(std::string(name), std::string(name) + " is required");
  return *v;
}

std::optional<std::string> opt_str(const Json& p, std::string_view name) {
  auto it = p.find(name);
  if (it == p.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::vector<std::string>> opt_string_list(const Json& p, std::string_view name) {
  auto it = p.find(name);
  if (it == p.end() || it->is_null()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) throw Error::invalid(std::string(name), std::string(name) + " must be a list of names");
    out.push_back(v.get<std::string>());
  }
  return out;
}


std::optional<std::int64_t> opt_int(const Json& p, std::string_view name) {
  auto it = p.find(name);
  if (it == p.end() || it->is_null()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::optional<double> opt_num(const Json& p, std::string_view name) {
  auto it = p.find(name);
  if (it == p.end() || it->is_null()) return std::nullopt;
  return it->get<double>();
}

std::optional<std::int64_t> opt_time(const Json& p, std::string_view name) {
  auto text = opt_str(p, name);
  if (!text) return std::nullopt;
  auto t = parse_rfc3339(*text);
  if (!t) throw Error::invalid(std::string(name), std::string(name) + " must be an RFC 3339 time, e.g. 2026-05-01T07:30:00Z");
  return t;
}

Change<std::string> text_change(const Json& p, const char* name) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::string>();
  return std::optional<std::string>(it->get<std::string>());
}

Change<double> number_change(const Json& p, const char* name) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  if (it->is_null()) return std::optional<double>();
  return std::optional<double>(it->get<double>());
}

Change<std::int64_t> integer_change(const Json& p, const char* name) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(it->get<std::int64_t>());
}

Change<std::int64_t> time_change(const Json& p, const char* name) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  if (it->is_null() || (it->is_string() && it->get<std::string>().empty())) return std::optional<std::int64_t>();
  return opt_time(p, name);
}

std::optional<bool> opt_bool(const Json& p, std::string_view name) {
  auto it = p.find(name);
  if (it == p.end() || it->is_null()) return std::nullopt;
  return it->get<bool>();
}

std::int64_t id(const Json& p, std::string_view name, IdKind kind) {
  return parse_id(kind, str(p, name), name);
}

std::optional<std::int64_t> opt_id(const Json& p, std::string_view name, IdKind kind) {
  auto v = opt_str(p, name);
  if (!v) return std::nullopt;
  return parse_id(kind, *v, name);
}

Json file_result(std::string_view file_name, std::string_view content_type, std::string_view bytes) {
  return Json{{"file_name", file_name}, {"content_type", content_type}, {"content_base64", crypto::base64_encode(bytes)}};
}

std::optional<std::string> opt_file_bytes(const Json& p, std::string_view name) {
  auto v = opt_str(p, name);
  if (!v) return std::nullopt;
  auto bytes = crypto::base64_decode(*v);
  if (!bytes) throw Error::invalid(std::string(name), std::string(name) + " is not valid base64");
  return bytes;
}

const std::filesystem::path* local_file(const Context& ctx, std::string_view name) {
  if (!ctx.local_files) return nullptr;
  auto it = ctx.local_files->find(name);
  return it == ctx.local_files->end() ? nullptr : &it->second;
}

std::string file_bytes_or_local(const Context& ctx, const Json& p, std::string_view name, std::size_t max_bytes) {
  const auto* path = local_file(ctx, name);
  if (!path) return file_bytes(p, name);
  const std::string field(name);
  std::ifstream in(*path, std::ios::binary);
  if (!in) throw Error::invalid(field, path->string() + " cannot be read");
  std::string bytes;
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    if (bytes.size() + static_cast<std::size_t>(in.gcount()) > max_bytes)
      throw Error::invalid(field, path->string() + " is larger than " + std::to_string(max_bytes >> 20) + " MiB");
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  return bytes;
}

Json picture_result(const std::string& name, std::string_view content_type, std::string_view bytes) {
  const auto extension = content_type.substr(content_type.find('/') + 1);
  return file_result(name + "." + (extension == "jpeg" ? std::string("jpg") : std::string(extension)), content_type,
                     bytes);
}

std::string file_bytes(const Json& p, std::string_view name) {
  auto v = opt_file_bytes(p, name);
  if (!v) throw Error::invalid(std::string(name), std::string(name) + " is required");
  return *v;
}

}  // namespace fitkit::api
