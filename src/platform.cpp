// Platform::open wires storage, providers, secrets and services together.
#include "fitkit/platform.hpp"

#include <nlohmann/json.hpp>

#include "api/registry.hpp"
#include "core/crypto.hpp"
#include "core/runtime.hpp"
#include "fitkit/account_data.hpp"
#include "fitkit/accounts.hpp"
#include "fitkit/error.hpp"
#include "fitkit/events.hpp"
#include "fitkit/gear.hpp"
#include "fitkit/notifications.hpp"
#include "fitkit/organisations.hpp"
#include "fitkit/outbox.hpp"
#include "fitkit/profiles.hpp"
#include "fitkit/registrations.hpp"
#include "fitkit/participants.hpp"
#include "fitkit/event_messages.hpp"
#include "fitkit/results.hpp"
#include "fitkit/training.hpp"
#include "fitkit/workouts.hpp"
#include "notify/live.hpp"
#include "notify/outbox.hpp"

namespace fitkit {

struct Platform::Impl {
  Runtime rt;
  std::unique_ptr<AccountService> accounts;
  std::unique_ptr<AuthService> auth;
  std::unique_ptr<ProfileService> profiles;
  std::unique_ptr<AccountDataService> account_data;
  std::unique_ptr<NotificationService> notifications;
  std::unique_ptr<Outbox> outbox;
  std::unique_ptr<WorkoutService> workouts;
  std::unique_ptr<GearService> gear;
  std::unique_ptr<TrainingService> training;
  std::unique_ptr<OrganisationService> organisations;
  std::unique_ptr<EventService> events;
  std::unique_ptr<RegistrationService> registrations;
  std::unique_ptr<ParticipantService> participants;
  std::unique_ptr<EventMessageService> event_messages;
  std::unique_ptr<ResultService> results;
};

namespace {

// A secret kept in the database so that every process on it agrees; made once.
std::string load_or_create_secret(storage::Database& db, std::string_view name, std::int64_t now) {
  auto c = db.acquire();
  c->exec("INSERT INTO platform_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
          {name, crypto::random_token(32), now});
  auto value = c->query_text("SELECT value FROM platform_secrets WHERE name = ?", {name});
  auto raw = value ? crypto::base64url_decode(*value) : std::nullopt;
  if (!raw || raw->size() != 32) throw Error::internal("the stored secret " + std::string(name) + " is damaged");
  return *raw;
}

std::string key_from_option(const std::string& option, std::string_view name) {
  // Options carry keys as base64url text of 32 bytes, or any passphrase (hashed to 32 bytes).
  auto raw = crypto::base64url_decode(option);
  if (raw && raw->size() == 32) return *raw;
  if (option.size() < 16) throw Error::invalid(std::string(name), std::string(name) + " must be at least 16 characters");
  return crypto::sha256(option);
}

}  // namespace

std::unique_ptr<Platform> Platform::open(PlatformOptions options) {
  auto impl = std::make_unique<Impl>();
  Runtime& rt = impl->rt;
  rt.options = std::move(options);
  rt.clock = rt.options.clock ? rt.options.clock : std::make_shared<SystemClock>();
  if (rt.options.auth.min_password_length < 8)
    throw Error::invalid("min_password_length", "the minimum password length cannot be below 8");
  rt.db = storage::open_database(rt.options.database_url);
  if (rt.options.migrate) storage::migrate(*rt.db, rt.now());
  rt.ids = std::make_unique<IdGenerator>(*rt.clock);
  const auto& dir = rt.options.data_dir;
  rt.mail = rt.options.mail ? rt.options.mail : make_file_mail_sender(dir / "mail");
  rt.sms = rt.options.sms ? rt.options.sms : make_file_sms_sender(dir / "sms");
  rt.blobs = rt.options.blobs ? rt.options.blobs : make_folder_blob_store(dir / "blobs");
  rt.payments = rt.options.payments ? rt.options.payments : make_local_payments();
  rt.signing_key = rt.options.token_signing_key.empty()
                       ? load_or_create_secret(*rt.db, "token_signing_key", rt.now())
                       : key_from_option(rt.options.token_signing_key, "token_signing_key");
  rt.sealing_key = rt.options.sealing_key.empty() ? load_or_create_secret(*rt.db, "sealing_key", rt.now())
                                                  : key_from_option(rt.options.sealing_key, "sealing_key");
  impl->accounts = std::make_unique<AccountService>(rt);
  impl->auth = std::make_unique<AuthService>(rt);
  impl->profiles = std::make_unique<ProfileService>(rt);
  impl->account_data = std::make_unique<AccountDataService>(rt);
  impl->notifications = std::make_unique<NotificationService>(rt);
  impl->outbox = notify::make_outbox(rt);
  impl->workouts = std::make_unique<WorkoutService>(rt);
  impl->gear = std::make_unique<GearService>(rt);
  impl->training = std::make_unique<TrainingService>(rt);
  impl->organisations = std::make_unique<OrganisationService>(rt);
  impl->events = std::make_unique<EventService>(rt);
  impl->registrations = std::make_unique<RegistrationService>(rt);
  impl->participants = std::make_unique<ParticipantService>(rt);
  impl->event_messages = std::make_unique<EventMessageService>(rt);
  impl->results = std::make_unique<ResultService>(rt);
  return std::unique_ptr<Platform>(new Platform(std::move(impl)));
}

Platform::Platform(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Platform::~Platform() = default;

std::string Platform::call(std::string_view operation, const Actor& actor, std::string_view json_params) {
  return call(operation, actor, json_params, Progress());
}

std::string Platform::call(std::string_view operation, const Actor& actor, std::string_view json_params,
                           const Progress& progress) {
  return call(operation, actor, json_params, progress, {});
}

std::string Platform::call(std::string_view operation, const Actor& actor, std::string_view json_params,
                           const Progress& progress, const LocalFiles& local_files) {
  api::Json params = api::Json::object();
  if (!json_params.empty()) {
    params = api::Json::parse(json_params, nullptr, false);
    if (params.is_discarded()) throw Error::invalid("", "the parameters are not valid JSON");
  }
  return api::call(*this, actor, operation, params, progress, local_files.empty() ? nullptr : &local_files).dump();
}

Actor Platform::authenticate(std::string_view access_token, Origin origin) {
  return impl_->auth->authenticate(std::string(access_token), std::move(origin));
}

Actor Platform::act_as(std::string_view user, Origin origin) {
  return impl_->auth->act_as(std::string(user), std::move(origin));
}

void Platform::check_health() {
  try {
    if (impl_->rt.db->acquire()->query_i64("SELECT 1") == 1) return;
  } catch (const Error&) {
  }
  throw Error::unavailable("the database does not answer");
}

AccountService& Platform::accounts() { return *impl_->accounts; }
AuthService& Platform::auth() { return *impl_->auth; }
ProfileService& Platform::profiles() { return *impl_->profiles; }
AccountDataService& Platform::account_data() { return *impl_->account_data; }
WorkoutService& Platform::workouts() { return *impl_->workouts; }
GearService& Platform::gear() { return *impl_->gear; }
TrainingService& Platform::training() { return *impl_->training; }
OrganisationService& Platform::organisations() { return *impl_->organisations; }
EventService& Platform::events() { return *impl_->events; }
RegistrationService& Platform::registrations() { return *impl_->registrations; }
ParticipantService& Platform::participants() { return *impl_->participants; }
EventMessageService& Platform::event_messages() { return *impl_->event_messages; }
ResultService& Platform::results() { return *impl_->results; }
NotificationService& Platform::notifications() { return *impl_->notifications; }
Outbox& Platform::outbox() { return *impl_->outbox; }
storage::Database& Platform::database() { return *impl_->rt.db; }
storage::PubSub& Platform::pubsub() { return notify::live_pubsub(impl_->rt); }
const Clock& Platform::clock() const { return *impl_->rt.clock; }
const PlatformOptions& Platform::options() const { return impl_->rt.options; }

}  // namespace fitkit
