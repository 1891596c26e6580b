// The gear policy as a permit/deny table of its predicates: the owner, another user, an admin,
// the system and an anonymous caller.
#include "gear/gear_policy.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
namespace policy = fitkit::gear::policy;

TEST_CASE("gear policy: items are their owner's alone; the catalogue is everyone's") {
  const std::int64_t owner_id = 101, other_id = 202, admin_id = 303;
  const Actor owner = Actor::user(owner_id, {Role::user});
  const Actor other = Actor::user(other_id, {Role::user});
  const Actor admin = Actor::user(admin_id, {Role::user, Role::admin});
  const Actor moderator = Actor::user(404, {Role::user, Role::moderator});
  const Actor anonymous = Actor::anonymous();
  const Actor system = Actor::system();
  struct Row {
    const Actor* actor;
    bool own, view, change, review, catalogue;
  };
  const std::vector<Row> table{
      {&owner, true, true, true, true, true},         {&other, true, false, false, false, true},
      {&admin, true, false, false, false, true},      {&moderator, true, false, false, false, true},
      {&anonymous, false, false, false, false, true}, {&system, false, false, false, false, true},
  };
  for (const auto& row : table) {
    CAPTURE(row.actor->user_id);
    CAPTURE(row.actor->is_system());
    CHECK(policy::can_own_gear(*row.actor) == row.own);
    CHECK(policy::can_view_item(*row.actor, owner_id) == row.view);
    CHECK(policy::can_change_item(*row.actor, owner_id) == row.change);
    CHECK(policy::can_review_item(*row.actor, owner_id) == row.review);
    CHECK(policy::can_read_catalogue(*row.actor) == row.catalogue);
  }
}
