// The operations registry: every capability is one operation with a dotted
// name, a parameter spec, an access rule and a handler that calls one service
// method. fitctl, the HTTP router, the C API and the OpenAPI document are all
// built from it.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fitkit/actor.hpp"
#include "fitkit/id.hpp"
#include "fitkit/profiles.hpp"  // Change<T>

namespace fitkit {
class Platform;
}

namespace fitkit::api {

// Insertion-ordered, so that results keep the field order their handler wrote ("id" first).
using Json = nlohmann::ordered_json;

// file: bytes, carried in JSON as standard padded base64; fitctl reads them from a path (or '-', stdin),
// HTTP from a multipart/form-data part or a raw request body. max_length bounds the decoded bytes.
// An operation that also declares a string "file_name" gets the file's name there from fitctl and HTTP.
enum class ParamType { string, integer, number, boolean, id, array, object, file };
std::string_view to_string(ParamType type) noexcept;

struct ParamSpec {
  std::string name;  // snake_case JSON field
  ParamType type = ParamType::string;
  bool required = false;
  std::string help;
  std::optional<IdKind> id_kind;  // for ParamType::id
  bool secret = false;            // passwords, tokens, codes: never logged or echoed
  std::size_t max_length = 10000; // for strings, in bytes
  std::string http_header;        // HTTP takes it from this request header (a webhook's signature)
};

// A password, token or code: never logged or echoed, at most 1 KiB.
ParamSpec secret_param(std::string name, bool required, std::string help);

// Who may call at all; the services decide the rest from their policies.
enum class Access { anyone, signed_in };

enum class HttpMethod { get, post, put, patch, del };
std::string_view to_string(HttpMethod method) noexcept;

// Progress of a long operation (a bulk import): items done, items in all, the current item.
using Progress = std::function<void(std::size_t, std::size_t, std::string_view)>;

// Files on the caller's own machine, by parameter name (Platform::LocalFiles).
using LocalFiles = std::map<std::string, std::filesystem::path, std::less<>>;

struct Context {
  Platform& platform;
  const Actor& actor;
  Progress progress = {};  // set by a front-end that shows it (fitctl on a terminal)
  // Set only by fitctl, for an operation that streams_local_files; never by HTTP or the C API,
  // whose callers must not name files on the server.
  const LocalFiles* local_files = nullptr;
};

using Handler = std::function<Json(Context&, const Json& params)>;

struct Operation {
  std::string name;     // "auth.login"
  std::string summary;  // one line, for help and OpenAPI
  HttpMethod method = HttpMethod::post;
  std::string path;     // "/v1/sessions/{session_id}"; path parameters are params too
  Access access = Access::signed_in;
  std::vector<ParamSpec> params;
  Handler handler;
  std::string list_field;  // the result's array to print as table rows ("items"), if any
  // A GET reads in one storage::Snapshot: one state, one transaction. False for
  // the rare GET that also writes (account.export records an audit entry).
  bool read_snapshot = true;
  // The result is a file, made by file_result(): HTTP answers with its bytes, its content type and
  // a Content-Disposition naming it; fitctl writes the bytes to stdout or to --output FILE.
  bool returns_file = false;
  // A file parameter may instead name a file on the caller's own machine (Context::local_files),
  // which the handler reads from disk as it goes rather than whole: fitctl does so for these.
  bool streams_local_files = false;
  // HTTP passes the request body as it came, whatever its content type, as the file parameter
  // (a webhook, whose signature covers the exact bytes); the rest come from the query and headers.
  bool raw_body = false;
};

// Whether the operation runs inside a storage::Snapshot.
inline bool reads_in_snapshot(const Operation& op) { return op.method == HttpMethod::get && op.read_snapshot; }

// The operation, marked as answering with a file (file_result()).
inline Operation file_operation(Operation op) {
  op.returns_file = true;
  return op;
}

class Registry {
 public:
  void add(Operation op);
  const Operation* find(std::string_view name) const;
  const std::vector<Operation>& all() const { return ops_; }

  // Checks access and the parameters against the spec (types, required,
  // unknown fields refused so nothing is mass-assigned), then runs the handler.
  Json invoke(std::string_view name, Context& ctx, const Json& params) const;
  Json invoke(const Operation& op, Context& ctx, const Json& params) const;

 private:
  std::vector<Operation> ops_;
};

// The registry of every domain's operations, built once.
const Registry& registry();

// Runs one operation: what every front-end calls (Platform::call wraps it).
Json call(Platform& platform, const Actor& actor, std::string_view operation, const Json& params,
          Progress progress = {}, const LocalFiles* local_files = nullptr);
// The same for an operation at hand, which need not be in registry() (tests build their own).
Json call(Platform& platform, const Actor& actor, const Operation& op, const Json& params, Progress progress = {},
          const LocalFiles* local_files = nullptr);

// Maps a path template's parameters: "/v1/sessions/{session_id}" -> {"session_id"}.
std::vector<std::string> path_parameters(std::string_view path);

// Each domain adds its operations (src/api/ops_<domain>.cpp).
void add_account_operations(Registry& r);
void add_session_operations(Registry& r);
void add_profile_operations(Registry& r);
void add_user_admin_operations(Registry& r);
void add_notification_operations(Registry& r);
void add_account_data_operations(Registry& r);
void add_workout_operations(Registry& r);
void add_workout_history_operations(Registry& r);
void add_gear_operations(Registry& r);
void add_training_operations(Registry& r);
void add_organisation_operations(Registry& r);
void add_event_operations(Registry& r);
void add_registration_operations(Registry& r);
void add_participant_operations(Registry& r);
void add_event_message_operations(Registry& r);
void add_result_operations(Registry& r);
void add_result_photo_operations(Registry& r);

// Parameter access for handlers; the registry has already checked types.
std::string str(const Json& p, std::string_view name);
std::optional<std::string> opt_str(const Json& p, std::string_view name);
std::optional<std::int64_t> opt_int(const Json& p, std::string_view name);
// An array parameter's texts; invalid_argument naming it when an element is not a text.
std::optional<std::vector<std::string>> opt_string_list(const Json& p, std::string_view name);
std::optional<double> opt_num(const Json& p, std::string_view name);
std::optional<bool> opt_bool(const Json& p, std::string_view name);
// An RFC 3339 time as epoch ms; invalid_argument naming it otherwise.
std::optional<std::int64_t> opt_time(const Json& p, std::string_view name);
// A field of an update: absent keeps the value (nullopt), null or "" clears it (an empty inner
// optional), anything else sets it.
Change<std::string> text_change(const Json& p, const char* name);
Change<double> number_change(const Json& p, const char* name);
Change<std::int64_t> integer_change(const Json& p, const char* name);
Change<std::int64_t> time_change(const Json& p, const char* name);
std::int64_t id(const Json& p, std::string_view name, IdKind kind);
std::optional<std::int64_t> opt_id(const Json& p, std::string_view name, IdKind kind);
// The JSON of a file result: {"file_name", "content_type", "content_base64"}.
Json file_result(std::string_view file_name, std::string_view content_type, std::string_view bytes);

// file_result() of an image, named `name` with the extension its type has ("png", "jpg", "webp").
Json picture_result(const std::string& name, std::string_view content_type, std::string_view bytes);

// The decoded bytes of a file parameter (the registry has checked the base64 and the size).
std::string file_bytes(const Json& p, std::string_view name);
std::optional<std::string> opt_file_bytes(const Json& p, std::string_view name);
// The local file given for a file parameter of an operation that streams_local_files, or null.
const std::filesystem::path* local_file(const Context& ctx, std::string_view name);
// The bytes of a file parameter: read from the local file fitctl named for it, or else decoded
// from the parameter. invalid_argument naming it when the local file cannot be read or holds
// more than max_bytes.
std::string file_bytes_or_local(const Context& ctx, const Json& p, std::string_view name, std::size_t max_bytes);

}  // namespace fitkit::api
