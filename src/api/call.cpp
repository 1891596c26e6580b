// The registry of every domain, and the one way front-ends run an operation.
#include "api/registry.hpp"

#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::api {

const Registry& registry() {
  static const Registry r = [] {
    Registry reg;
    add_account_operations(reg);
    add_session_operations(reg);
    add_profile_operations(reg);
    add_user_admin_operations(reg);
    add_notification_operations(reg);
    add_account_data_operations(reg);
    add_workout_operations(reg);
    add_workout_history_operations(reg);
    add_gear_operations(reg);
    add_training_operations(reg);
    add_organisation_operations(reg);
    add_event_operations(reg);
    add_registration_operations(reg);
    add_participant_operations(reg);
    add_event_message_operations(reg);
    add_result_operations(reg);
    add_result_photo_operations(reg);
    return reg;
  }();
  return r;
}

Json call(Platform& platform, const Actor& actor, std::string_view operation, const Json& params,
          Progress progress, const LocalFiles* local_files) {
  const Operation* op = registry().find(operation);
  if (!op) {
    Context ctx{platform, actor};
    return registry().invoke(operation, ctx, params);  // its error names the unknown operation
  }
  return call(platform, actor, *op, params, std::move(progress), local_files);
}

Json call(Platform& platform, const Actor& actor, const Operation& op, const Json& params, Progress progress,
          const LocalFiles* local_files) {
  Context ctx{platform, actor, std::move(progress), op.streams_local_files ? local_files : nullptr};
  auto run = [&] {
    if (!reads_in_snapshot(op)) return registry().invoke(op, ctx, params);
    storage::Snapshot snapshot(platform.database());
    Json out = registry().invoke(op, ctx, params);
    snapshot.commit();
    return out;
  };
  // Inside an outer transaction a conflict has aborted all of it: the outer unit retries.
  if (storage::in_outer_transaction(platform.database())) return run();
  // An operation is the unit of work that a conflict with a concurrent one restarts from scratch,
  // reads included, so that no decision rests on what the lost transaction saw.
  return storage::retry_on_conflict(run);
}

std::vector<std::string> path_parameters(std::string_view path) {
  std::vector<std::string> out;
  for (std::size_t open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1)) {
    auto close = path.find('}', open);
    if (close == std::string_view::npos) break;
    out.emplace_back(path.substr(open + 1, close - open - 1));
  }
  return out;
}

}  // namespace fitkit::api
