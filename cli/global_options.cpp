#include "global_options.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>

#include "fitkit/error.hpp"
#include "output.hpp"
#include "usage_error.hpp"

namespace fitkit::cli {
namespace {

std::string trim(std::string_view text) {
  auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

bool set_by_command_line_or_env(const CLI::App& app, const std::string& name) {
  const CLI::Option* option = app.get_option_no_throw(name);
  return option != nullptr && option->count() > 0;
}

}  // namespace

void setup_global_options(CLI::App& app, GlobalOptions& o) {
  const std::string group = "Global options";
  app.add_option("--db", o.db, "Database URL: sqlite:PATH, sqlite::memory: or postgresql://…")
      ->envname("FITKIT_DB")->capture_default_str()->group(group);
  app.add_option("--data-dir", o.data_dir, "Folder for mail, SMS and files of the embedded providers")
      ->envname("FITKIT_DATA_DIR")->capture_default_str()->group(group);
  app.add_option("--public-url", o.public_url, "Base URL of links in mail")
      ->envname("FITKIT_PUBLIC_URL")->group(group);
  app.add_option("--format", o.format, "Output: table, tsv, json, ndjson or csv "
                                       "(default: table on a terminal, else tsv)")
      ->envname("FITKIT_FORMAT")->group(group);
  app.add_option("--as", o.as_user, "Act as this user (usr_… id, email or 'system') on a local sqlite: database")
      ->group(group);
  app.add_option("--token", o.token, "Access token of a signed-in user ('-' reads it from stdin)")
      ->envname("FITKIT_TOKEN")->group(group);
  app.add_option("--config", o.config, "Config file of `key = value` lines (db, data_dir, public_url, format)")
      ->envname("FITKIT_CONFIG")->group(group);
}

std::filesystem::path default_config_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "fitkit" / "config";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".config" / "fitkit" / "config";
  return {};
}

std::map<std::string, std::string> read_config_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read the config file " + path.string());
  std::map<std::string, std::string> values;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    auto where = path.string() + ":" + std::to_string(number);
    auto eq = text.find('=');
    if (eq == std::string::npos) throw UsageError(where + ": expected `key = value`");
    std::string key = trim(std::string_view(text).substr(0, eq));
    std::string value = trim(std::string_view(text).substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    if (key != "db" && key != "data_dir" && key != "public_url" && key != "format")
      throw UsageError(where + ": unknown key '" + key + "' (known: db, data_dir, public_url, format)");
    values[key] = value;
  }
  return values;
}

void resolve_global_options(const CLI::App& app, GlobalOptions& o) {
  std::filesystem::path config_path = o.config;
  bool explicit_config = !o.config.empty();
  if (!explicit_config) config_path = default_config_path();
  std::error_code ec;
  if (!config_path.empty() && (explicit_config || std::filesystem::exists(config_path, ec))) {
    auto values = read_config_file(config_path);
    auto fill = [&](const char* key, const char* flag, std::string& target) {
      auto it = values.find(key);
      if (it != values.end() && !set_by_command_line_or_env(app, flag)) target = it->second;
    };
    fill("db", "--db", o.db);
    fill("data_dir", "--data-dir", o.data_dir);
    fill("public_url", "--public-url", o.public_url);
    fill("format", "--format", o.format);
  }
  if (o.db.empty()) throw UsageError("--db must not be empty");
  if (!o.format.empty() && !parse_format(o.format))
    throw UsageError("unknown format '" + o.format + "' (use table, tsv, json, ndjson or csv)");
  if (!o.as_user.empty() && !o.token.empty()) throw UsageError("use either --as or --token, not both");
  if (!o.as_user.empty() && !is_local_database(o.db))
    throw UsageError("--as acts without signing in and works only on a local sqlite: database; "
                     "use --token for " + o.db.substr(0, o.db.find(':')) + " databases");
}

PasswordHashing parse_argon2_setting(std::string_view text) {
  PasswordHashing h;
  auto bad = [&] {
    return UsageError("FITKIT_ARGON2 must look like m=KIB,t=N,p=N (for example m=1024,t=1,p=1)");
  };
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.size() < 3 || item[1] != '=') throw bad();
    std::uint32_t value = 0;
    auto digits = item.substr(2);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || value == 0) throw bad();
    switch (item[0]) {
      case 'm': h.memory_kib = value; break;
      case 't': h.iterations = value; break;
      case 'p': h.parallelism = value; break;
      default: throw bad();
    }
  }
  if (h.memory_kib < 8 * h.parallelism) throw UsageError("FITKIT_ARGON2: m must be at least 8 KiB per lane (p)");
  return h;
}

bool is_local_database(std::string_view url) noexcept { return url.starts_with("sqlite:"); }

PlatformOptions platform_options(const GlobalOptions& o) {
  PlatformOptions p;
  p.database_url = o.db;
  p.data_dir = o.data_dir;
  if (!o.public_url.empty()) p.public_url = o.public_url;
  if (const char* argon2 = std::getenv("FITKIT_ARGON2"); argon2 && *argon2)
    p.password_hashing = parse_argon2_setting(argon2);
  // Secrets and provider credentials come from the environment only, never from flags
  // (a flag shows in the process list).
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  if (auto from = env("FITKIT_MAIL_FROM"); !from.empty()) p.mail_from = from;
  if (auto key = env("FITKIT_SEALING_KEY"); !key.empty()) p.sealing_key = key;
  if (auto key = env("FITKIT_TOKEN_SIGNING_KEY"); !key.empty()) p.token_signing_key = key;
  if (auto url = env("FITKIT_SMTP_URL"); !url.empty()) {
    SmtpOptions smtp;
    smtp.url = url;
    smtp.username = env("FITKIT_SMTP_USERNAME");
    smtp.password = env("FITKIT_SMTP_PASSWORD");
    smtp.require_tls = env("FITKIT_SMTP_REQUIRE_TLS") == "true";
    smtp.verify_peer = env("FITKIT_SMTP_VERIFY_PEER") != "false";
    p.mail = make_smtp_mail_sender(smtp);
  }
  if (auto payments = env("FITKIT_PAYMENTS"); payments == "stripe") {
    StripeOptions stripe;
    stripe.secret_key = env("FITKIT_STRIPE_SECRET_KEY");
    if (stripe.secret_key.empty())
      throw UsageError("FITKIT_PAYMENTS=stripe needs FITKIT_STRIPE_SECRET_KEY (sk_…) in the environment");
    stripe.webhook_secret = env("FITKIT_STRIPE_WEBHOOK_SECRET");
    if (auto url = env("FITKIT_STRIPE_API_URL"); !url.empty()) stripe.api_url = url;
    try {
      p.payments = make_stripe_payments(stripe);
    } catch (const Error& e) {
      throw UsageError("FITKIT_PAYMENTS=stripe: " + e.field() + ": " + e.what());
    }
  } else if (!payments.empty() && payments != "local") {
    throw UsageError("unknown FITKIT_PAYMENTS '" + payments + "' (use local or stripe)");
  }
  return p;
}

}  // namespace fitkit::cli
