#include "training/training_account.hpp"

namespace fitkit::training {

void delete_user_training(storage::Connection& c, std::int64_t user_id) {
  c.exec("DELETE FROM planned_workouts WHERE user_id = ?", {user_id});
  c.exec("DELETE FROM workout_templates WHERE user_id = ?", {user_id});
  c.exec("DELETE FROM training_zone_settings WHERE user_id = ?", {user_id});
}

}  // namespace fitkit::training
