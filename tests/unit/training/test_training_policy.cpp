// The training policy as a permit/deny table of pure predicates: each actor against each action.
#include <doctest/doctest.h>

#include "training/training_policy.hpp"

using namespace fitkit;
namespace policy = fitkit::training::policy;

TEST_CASE("training policy: owners keep their own training; admins edit the library") {
  constexpr std::int64_t kAnn = 1, kBob = 2;
  const Actor ann = Actor::user(kAnn, {Role::user});
  const Actor bob = Actor::user(kBob, {Role::user});
  const Actor coach = Actor::user(3, {Role::user, Role::coach});
  const Actor moderator = Actor::user(4, {Role::user, Role::moderator});
  const Actor admin = Actor::user(5, {Role::user, Role::admin});
  const Actor anonymous = Actor::anonymous();
  const Actor system = Actor::system();
  struct Row {
    const char* who;
    const Actor* actor;
    bool own, ann_template, ann_plan, link_ann_workout, read_library, edit_library;
  };
  const std::vector<Row> table{
      {"ann", &ann, true, true, true, true, true, false},
      {"bob", &bob, true, false, false, false, true, false},
      {"coach", &coach, true, false, false, false, true, false},
      {"moderator", &moderator, true, false, false, false, true, false},
      {"admin", &admin, true, false, false, false, true, true},
      {"anonymous", &anonymous, false, false, false, false, true, false},
      {"system", &system, false, false, false, false, true, true},
  };
  for (const auto& row : table) {
    CAPTURE(row.who);
    CHECK(policy::can_use_own_training(*row.actor) == row.own);
    CHECK(policy::can_access_template(*row.actor, kAnn) == row.ann_template);
    CHECK(policy::can_access_plan(*row.actor, kAnn) == row.ann_plan);
    CHECK(policy::can_link_workout(*row.actor, kAnn) == row.link_ann_workout);
    CHECK(policy::can_read_library(*row.actor) == row.read_library);
    CHECK(policy::can_edit_library(*row.actor) == row.edit_library);
  }
  // Bob's own things are his.
  CHECK(policy::can_access_template(bob, kBob));
  CHECK(policy::can_link_workout(bob, kBob));
}
