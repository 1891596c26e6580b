// Every operation of the registry has a permit/deny table (tests/unit/api/test_permit_tables_*.cpp):
// a new operation without one fails here, by name, until its table is written and listed below.
#include <fstream>
#include <map>
#include <sstream>

#include "api/registry.hpp"
#include "unit/permit_world.hpp"

using namespace fitkit;

namespace {

// Each operation with a table, and the file that holds it. Each table has rows for the owner
// of the data, another signed-in user, an anonymous caller and an admin (PermitWorld::check
// fails otherwise), and shows that a refused call changed nothing.
const std::map<std::string, std::string> kPermitTables{
    {"auth.register", "test_permit_tables_auth.cpp"},
    {"auth.verify_email", "test_permit_tables_auth.cpp"},
    {"auth.verify_email.resend", "test_permit_tables_auth.cpp"},
    {"auth.login", "test_permit_tables_auth.cpp"},
    {"auth.refresh", "test_permit_tables_auth.cpp"},
    {"auth.logout", "test_permit_tables_auth.cpp"},
    {"auth.password_reset.request", "test_permit_tables_auth.cpp"},
    {"auth.password_reset.confirm", "test_permit_tables_auth.cpp"},
    {"auth.password.change", "test_permit_tables_auth.cpp"},
    {"auth.email.change", "test_permit_tables_auth.cpp"},
    {"auth.email.confirm", "test_permit_tables_auth.cpp"},
    {"auth.totp.enroll", "test_permit_tables_auth.cpp"},
    {"auth.totp.confirm", "test_permit_tables_auth.cpp"},
    {"auth.totp.disable", "test_permit_tables_auth.cpp"},
    {"sessions.list", "test_permit_tables_auth.cpp"},
    {"sessions.revoke", "test_permit_tables_auth.cpp"},
    {"sessions.revoke_others", "test_permit_tables_auth.cpp"},
    {"profile.get", "test_permit_tables_profile.cpp"},
    {"profile.update", "test_permit_tables_profile.cpp"},
    {"profiles.get", "test_permit_tables_profile.cpp"},
    {"profile.medical_access.grant", "test_permit_tables_profile.cpp"},
    {"profile.medical_access.revoke", "test_permit_tables_profile.cpp"},
    {"profile.medical_access.list", "test_permit_tables_profile.cpp"},
    {"profile.avatar.set", "test_permit_tables_profile.cpp"},
    {"profile.avatar.get", "test_permit_tables_profile.cpp"},
    {"profile.avatar.delete", "test_permit_tables_profile.cpp"},
    {"metrics.record", "test_permit_tables_profile.cpp"},
    {"metrics.list", "test_permit_tables_profile.cpp"},
    {"metrics.delete", "test_permit_tables_profile.cpp"},
    {"users.create", "test_permit_tables_users.cpp"},
    {"users.get", "test_permit_tables_users.cpp"},
    {"users.list", "test_permit_tables_users.cpp"},
    {"users.block", "test_permit_tables_users.cpp"},
    {"users.unblock", "test_permit_tables_users.cpp"},
    {"users.roles.grant", "test_permit_tables_users.cpp"},
    {"users.roles.revoke", "test_permit_tables_users.cpp"},
    {"users.delete", "test_permit_tables_users.cpp"},
    {"audit.list", "test_permit_tables_users.cpp"},
    {"account.delete", "test_permit_tables_users.cpp"},
    {"account.export", "test_permit_tables_users.cpp"},
    {"phone.verify.start", "test_permit_tables_users.cpp"},
    {"phone.verify.confirm", "test_permit_tables_users.cpp"},
    {"phone.remove", "test_permit_tables_users.cpp"},
    {"workouts.create", "test_permit_tables_workouts.cpp"},
    {"workouts.get", "test_permit_tables_workouts.cpp"},
    {"workouts.analysis", "test_permit_tables_workouts.cpp"},
    {"workouts.list", "test_permit_tables_workouts.cpp"},
    {"workouts.update", "test_permit_tables_workouts.cpp"},
    {"workouts.delete", "test_permit_tables_workouts.cpp"},
    {"workouts.import", "test_permit_tables_workouts.cpp"},
    {"workouts.export", "test_permit_tables_workouts.cpp"},
    {"workouts.export_list", "test_permit_tables_workouts.cpp"},
    {"workouts.original", "test_permit_tables_workouts.cpp"},
    {"workouts.route_svg", "test_permit_tables_workouts.cpp"},
    {"workouts.profile_svg", "test_permit_tables_workouts.cpp"},
    {"workouts.sports", "test_permit_tables_workouts.cpp"},
    {"workouts.records", "test_permit_tables_workouts.cpp"},
    {"workouts.totals", "test_permit_tables_workouts.cpp"},
    {"workouts.load", "test_permit_tables_workouts.cpp"},
    {"workouts.settings.get", "test_permit_tables_workouts.cpp"},
    {"workouts.settings.update", "test_permit_tables_workouts.cpp"},
    {"workouts.privacy_zones.add", "test_permit_tables_workouts.cpp"},
    {"workouts.privacy_zones.list", "test_permit_tables_workouts.cpp"},
    {"workouts.privacy_zones.delete", "test_permit_tables_workouts.cpp"},
    {"notifications.list", "test_permit_tables_notifications.cpp"},
    {"notifications.unread_count", "test_permit_tables_notifications.cpp"},
    {"notifications.mark_read", "test_permit_tables_notifications.cpp"},
    {"notifications.delete", "test_permit_tables_notifications.cpp"},
    {"notifications.preferences.get", "test_permit_tables_notifications.cpp"},
    {"notifications.preferences.set", "test_permit_tables_notifications.cpp"},
    {"gear.create", "test_permit_tables_gear.cpp"},
    {"gear.list", "test_permit_tables_gear.cpp"},
    {"gear.get", "test_permit_tables_gear.cpp"},
    {"gear.update", "test_permit_tables_gear.cpp"},
    {"gear.archive", "test_permit_tables_gear.cpp"},
    {"gear.unarchive", "test_permit_tables_gear.cpp"},
    {"gear.delete", "test_permit_tables_gear.cpp"},
    {"gear.photo.set", "test_permit_tables_gear.cpp"},
    {"gear.photo.get", "test_permit_tables_gear.cpp"},
    {"gear.photo.delete", "test_permit_tables_gear.cpp"},
    {"gear.components.install", "test_permit_tables_gear.cpp"},
    {"gear.components.remove", "test_permit_tables_gear.cpp"},
    {"gear.usage.log", "test_permit_tables_gear.cpp"},
    {"gear.usage.list", "test_permit_tables_gear.cpp"},
    {"gear.usage.delete", "test_permit_tables_gear.cpp"},
    {"gear.defaults.set", "test_permit_tables_gear.cpp"},
    {"gear.defaults.list", "test_permit_tables_gear.cpp"},
    {"gear.defaults.delete", "test_permit_tables_gear.cpp"},
    {"gear.limits.set", "test_permit_tables_gear.cpp"},
    {"gear.limits.list", "test_permit_tables_gear.cpp"},
    {"gear.limits.delete", "test_permit_tables_gear.cpp"},
    {"gear.collections.list", "test_permit_tables_gear.cpp"},
    {"gear.collections.add", "test_permit_tables_gear.cpp"},
    {"gear.collections.remove", "test_permit_tables_gear.cpp"},
    {"gear.collections.rename", "test_permit_tables_gear.cpp"},
    {"gear.collections.delete", "test_permit_tables_gear.cpp"},
    {"gear.reviews.set", "test_permit_tables_gear.cpp"},
    {"gear.reviews.get", "test_permit_tables_gear.cpp"},
    {"gear.reviews.delete", "test_permit_tables_gear.cpp"},
    {"gear.catalogue", "test_permit_tables_gear.cpp"},
    {"gear.catalogue.reviews", "test_permit_tables_gear.cpp"},
    {"templates.create", "../training/test_training_permits.cpp"},
    {"templates.get", "../training/test_training_permits.cpp"},
    {"templates.list", "../training/test_training_permits.cpp"},
    {"templates.update", "../training/test_training_permits.cpp"},
    {"templates.delete", "../training/test_training_permits.cpp"},
    {"templates.copy", "../training/test_training_permits.cpp"},
    {"templates.export", "../training/test_training_permits.cpp"},
    {"plans.create", "../training/test_training_permits.cpp"},
    {"plans.get", "../training/test_training_permits.cpp"},
    {"plans.list", "../training/test_training_permits.cpp"},
    {"plans.update", "../training/test_training_permits.cpp"},
    {"plans.delete", "../training/test_training_permits.cpp"},
    {"plans.complete", "../training/test_training_permits.cpp"},
    {"plans.link", "../training/test_training_permits.cpp"},
    {"plans.unlink", "../training/test_training_permits.cpp"},
    {"exercises.list", "../training/test_training_permits.cpp"},
    {"exercises.get", "../training/test_training_permits.cpp"},
    {"exercises.create", "../training/test_training_permits.cpp"},
    {"exercises.update", "../training/test_training_permits.cpp"},
    {"exercises.delete", "../training/test_training_permits.cpp"},
    {"exercises.import", "../training/test_training_permits.cpp"},
    {"zones.get", "../training/test_training_permits.cpp"},
    {"zones.set", "../training/test_training_permits.cpp"},
    {"orgs.create", "test_permit_tables_events.cpp"},
    {"orgs.get", "test_permit_tables_events.cpp"},
    {"orgs.list", "test_permit_tables_events.cpp"},
    {"orgs.update", "test_permit_tables_events.cpp"},
    {"orgs.delete", "test_permit_tables_events.cpp"},
    {"orgs.members.list", "test_permit_tables_events.cpp"},
    {"orgs.members.set", "test_permit_tables_events.cpp"},
    {"orgs.members.remove", "test_permit_tables_events.cpp"},
    {"events.create", "test_permit_tables_events.cpp"},
    {"events.get", "test_permit_tables_events.cpp"},
    {"events.update", "test_permit_tables_events.cpp"},
    {"events.delete", "test_permit_tables_events.cpp"},
    {"events.archive", "test_permit_tables_events.cpp"},
    {"events.status.set", "test_permit_tables_events.cpp"},
    {"events.link.renew", "test_permit_tables_events.cpp"},
    {"events.feature", "test_permit_tables_events.cpp"},
    {"events.contests.add", "test_permit_tables_events.cpp"},
    {"events.contests.update", "test_permit_tables_events.cpp"},
    {"events.contests.delete", "test_permit_tables_events.cpp"},
    {"events.search", "test_permit_tables_events.cpp"},
    {"events.suggestions", "test_permit_tables_events.cpp"},
    {"events.categories.list", "test_permit_tables_events.cpp"},
    {"events.categories.add", "test_permit_tables_events.cpp"},
    {"events.categories.delete", "test_permit_tables_events.cpp"},
    {"orgs.logo.set", "test_permit_tables_events.cpp"},
    {"orgs.logo.get", "test_permit_tables_events.cpp"},
    {"orgs.logo.delete", "test_permit_tables_events.cpp"},
    {"events.cover.set", "test_permit_tables_events.cpp"},
    {"events.cover.get", "test_permit_tables_events.cpp"},
    {"events.cover.delete", "test_permit_tables_events.cpp"},
    {"events.register", "test_permit_tables_registrations.cpp"},
    {"events.registrations.get", "test_permit_tables_registrations.cpp"},
    {"events.registrations.mine", "test_permit_tables_registrations.cpp"},
    {"events.registrations.withdraw", "test_permit_tables_registrations.cpp"},
    {"events.registrations.pay", "test_permit_tables_registrations.cpp"},
    {"events.registrations.offer.accept", "test_permit_tables_registrations.cpp"},
    {"events.registrations.offer.decline", "test_permit_tables_registrations.cpp"},
    {"events.registrations.ticket", "test_permit_tables_registrations.cpp"},
    {"events.registrations.approve", "test_permit_tables_registrations.cpp"},
    {"events.registrations.reject", "test_permit_tables_registrations.cpp"},
    {"events.registrations.bib", "test_permit_tables_registrations.cpp"},
    {"events.contests.bibs.assign", "test_permit_tables_registrations.cpp"},
    {"events.checkin", "test_permit_tables_registrations.cpp"},
    {"events.holds.expire", "test_permit_tables_registrations.cpp"},
    {"events.registrations.documents.add", "test_permit_tables_registrations.cpp"},
    {"events.registrations.documents.get", "test_permit_tables_registrations.cpp"},
    {"events.registrations.documents.review", "test_permit_tables_registrations.cpp"},
    {"payments.webhook", "test_permit_tables_registrations.cpp"},
};

}  // namespace

TEST_CASE("permit tables: every operation of the registry has one") {
  for (const auto& op : api::registry().all())
    CHECK_MESSAGE(kPermitTables.count(op.name),
                  "operation " << op.name
                               << " has no permit/deny table: write one with PermitWorld::check in"
                                  " tests/unit/api/test_permit_tables_*.cpp and list it in kPermitTables");
  for (const auto& [name, file] : kPermitTables)
    CHECK_MESSAGE(api::registry().find(name) != nullptr,
                  "kPermitTables lists " << name << " (" << file << "), which the registry does not have");
  CHECK(kPermitTables.size() == api::registry().all().size());
}

TEST_CASE("permit tables: the file named for each operation has rows for it") {
  std::map<std::string, std::string> sources;
  for (const auto& [name, file] : kPermitTables) {
    if (!sources.count(file)) {
      std::ifstream f(std::string(FITKIT_SOURCE_DIR) + "/tests/unit/api/" + file);
      REQUIRE_MESSAGE(f.good(), "cannot read " << file);
      std::stringstream ss;
      ss << f.rdbuf();
      sources[file] = ss.str();
    }
    CHECK_MESSAGE(sources[file].find('"' + name + '"') != std::string::npos,
                  "kPermitTables says " << file << " holds the table of " << name
                                        << ", but it never names it");
  }
}
