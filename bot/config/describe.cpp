#include <algorithm>
#include <sstream>

#include "bot/config/config.h"
#include "bot/config/options.h"
#include "bot/core/duration.h"
#include "bot/core/redact.h"

namespace gridbot::config {
namespace {

std::string kind_name(detail::Kind k) {
    using detail::Kind;
    switch (k) {
        case Kind::String:
            return "string";
        case Kind::Secret:
            return "secret";
        case Kind::Int:
            return "integer";
        case Kind::Fraction:
            return "number 0-1";
        case Kind::Bool:
            return "bool";
        case Kind::Duration:
            return "duration";
        case Kind::TimeOfDay:
            return "HH:MM";
        case Kind::TimeList:
            return "[HH:MM]";
        case Kind::StringList:
            return "[string]";
        case Kind::StringMap:
            return "table";
        case Kind::TableArray:
            return "[[table]]";
    }
    return "?";
}

std::string hhmm(int m) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (m / 60) % 24, m % 60);
    return buf;
}

std::string quoted_list(const std::vector<std::string>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", \"" : "\"") + v[i] + "\"";
    return s + "]";
}

std::string times(const std::vector<int>& v) {
    std::vector<std::string> shown;
    for (int m : v) shown.push_back(hhmm(m));
    return quoted_list(shown);
}

// [privacy]: the horizons in force, a kind's own only where it is set.
void describe_privacy(std::ostream& os, const Privacy& p) {
    os << "[privacy]\nkeep = \"" << format_duration(p.keep) << "\"\n";
    const std::pair<const char*, const std::optional<std::chrono::seconds>*> kinds[] = {
        {"keep_inbound", &p.keep_inbound},
        {"keep_reports", &p.keep_reports},
        {"keep_outbox", &p.keep_outbox},
        {"keep_incidents", &p.keep_incidents},
        {"keep_transcripts", &p.keep_transcripts}};
    for (const auto& [key, value] : kinds) {
        if (*value) os << key << " = \"" << format_duration(**value) << "\"\n";
    }
    os << "audit_keep = \"" << format_duration(p.audit_keep) << "\"\npurge_at = \""
       << hhmm(p.purge_at) << "\"\npurge_batch = " << p.purge_batch << "\n\n";
}

}  // namespace

std::string option_reference() {
    std::ostringstream os;
    for (const auto& o : detail::options()) {
        os << o.key << "  (" << kind_name(o.kind) << ")";
        if (!o.default_text.empty()) os << "  default " << o.default_text;
        if (o.required) os << "  required";
        os << (o.reloadable ? "  reloadable" : "  restart") << "\n    " << o.help << "\n";
    }
    os << "\nA reload (SIGHUP, systemctl reload) applies every key above but these, which need a "
          "restart:\n";
    for (const auto& o : detail::options()) {
        if (!o.reloadable) os << "    " << o.key << "\n";
    }
    return os.str();
}

std::string describe(const Config& c) {
    std::ostringstream os;
    os << "[server]\nbind = \"" << c.server.bind << "\"\nport = " << c.server.port
       << "\nthreads = " << c.server.threads << "\nbody_limit = " << c.server.body_limit
       << "\npublic_url = \"" << redact_url_parts(c.server.public_url)
       << "\"\n\n[http]\nread_deadline = \"" << c.server.read_deadline.count()
       << "s\"\nmax_conns_per_addr = " << c.server.max_conns_per_addr
       << "\ntrusted_proxies = " << quoted_list(c.server.trusted_proxies)
       << "\n\n[store]\npath = \"" << c.store_path << "\"\nengine = \"" << c.store_engine
       << (c.store_url.empty() ? "" : "\"\nurl = \"***")  // a conninfo may hold a password
       << "\"\n\n[sandbox]\nenabled = " << (c.sandbox.enabled ? "true" : "false")
       << "\n\n[dashboard]\nsession_ttl = \"" << c.dashboard.session_ttl.count()
       << "s\"\n\n[cluster]\nfailover = \"" << c.cluster.failover.count()
       << "s\"\n\n[district]\ncode = \"" << c.district_code << "\"\nname = \"" << c.district_name
       << "\"\ntimezone = \"" << c.timezone << "\"\nlocale = \"" << c.locale
       << "\"\n\n[parser]\nask_below = " << c.ask_below << "\n\n";
    describe_privacy(os, c.privacy);
    os << "[schedule]\nopen = \"" << hhmm(*c.schedule.open)
       << "\"\nremind = " << times(*c.schedule.remind) << "\ncutoff = \""
       << hhmm(*c.schedule.cutoff) << "\"\nrollups = " << times(*c.schedule.rollups)
       << "\ndigests = " << times(*c.schedule.digests) << "\n\n";
    for (const auto& ch : c.channels) {
        os << "[[channels]]\nname = \"" << ch.name << "\"\nplatform = \"" << ch.platform << "\"\n";
        for (const auto& [k, v] : ch.settings) {
            bool secret = std::find(ch.secret_keys.begin(), ch.secret_keys.end(), k) !=
                              ch.secret_keys.end() ||
                          k.find("secret") != std::string::npos ||
                          k.find("token") != std::string::npos ||
                          k.find("key") != std::string::npos;
            // Secrets inside URLs (webhook keys, Telegram's bot<token>) as the adapters' logs hide
            // them.
            os << "settings." << k << " = \"" << (secret ? "***" : redact_url_parts(v)) << "\"\n";
        }
        os << "\n";
    }
    os << "# " << c.nodes.size() << " named nodes, " << c.groups.size() << " groups, "
       << c.leaders.size() << " leaders, " << c.tokens.size() << " tokens (hashes not shown)\n";
    return os.str();
}

}  // namespace gridbot::config
