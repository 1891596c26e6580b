#include "training/training_account.hpp"

#include "training/training_json.hpp"

namespace fitkit::training {

Json export_user_training(Runtime& rt, const Actor& actor) {
  TrainingService service(rt);
  Json templates = Json::array();
  TemplateQuery tq;
  tq.limit = kPageLimitMax;
  for (;;) {
    const auto page = service.templates(actor, tq);
    for (const auto& t : page.items) templates.push_back(template_json(t));
    if (!page.more || page.items.empty()) break;
    tq.before_id = page.items.back().id;
  }
  Json plans = Json::array();
  PlanQuery pq;
  pq.limit = kPageLimitMax;
  for (;;) {
    const auto page = service.plans(actor, pq);
    for (const auto& p : page.items) plans.push_back(plan_json(p));
    if (!page.more || page.items.empty()) break;
    pq.after = std::pair{page.items.back().date, page.items.back().id};
  }
  return Json{{"workout_templates", std::move(templates)},
              {"planned_workouts", std::move(plans)},
              {"training_zones", zones_json(service.zones(actor))}};
}

void delete_user_training(storage::Connection& c, std::int64_t user_id) {
  c.exec("DELETE FROM planned_workouts WHERE user_id = ?", {user_id});
  c.exec("DELETE FROM workout_templates WHERE user_id = ?", {user_id});
  c.exec("DELETE FROM training_zone_settings WHERE user_id = ?", {user_id});
}

}  // namespace fitkit::training
