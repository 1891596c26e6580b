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
    {"notifications.list", "test_permit_tables_notifications.cpp"},
    {"notifications.unread_count", "test_permit_tables_notifications.cpp"},
    {"notifications.mark_read", "test_permit_tables_notifications.cpp"},
    {"notifications.delete", "test_permit_tables_notifications.cpp"},
    {"notifications.preferences.get", "test_permit_tables_notifications.cpp"},
    {"notifications.preferences.set", "test_permit_tables_notifications.cpp"},
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
