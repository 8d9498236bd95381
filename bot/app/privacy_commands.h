#pragma once
// The command line's side of privacy (issue 14): `gridbot audit`, and
// `gridbot privacy export|erase|purge`. Each returns the exit code: 0 done,
// 1 failed (configuration, store), 2 usage (a missing --yes, an unknown household).
#include <cstdint>
#include <ostream>
#include <string>

namespace gridbot::app {

struct AuditRequest {
    std::string config_path;
    std::string since;  // YYYY-MM-DD or RFC 3339
    std::string token;
    std::string node;
    int64_t limit = 1000;
};
// One JSON object per audit row, oldest first.
int audit_command(const AuditRequest& req, std::ostream& out, std::ostream& err);

struct PrivacyRequest {
    std::string config_path;
    int64_t household = 0;
    bool yes = false;     // erase: confirmed
    bool vacuum = false;  // purge: a full VACUUM afterwards
};
// Everything held about one household, one JSON document; audited.
int privacy_export(const PrivacyRequest& req, std::ostream& out, std::ostream& err);
// Erases one household's personal data (HouseholdData::erase); needs --yes; audited.
int privacy_erase(const PrivacyRequest& req, std::ostream& out, std::ostream& err);
// Runs the retention purge now (the daemon's daily purge, at once); audited.
int privacy_purge(const PrivacyRequest& req, std::ostream& out, std::ostream& err);

}  // namespace gridbot::app
