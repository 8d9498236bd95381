#include "bot/app/import.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <ostream>

#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/ledger/ledger.h"
#include "bot/store/store.h"

namespace gridbot::app {
namespace {

bool is_code_segment(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

// Ledger cells name nodes either by their code segment ("xianfeng") or by the
// display name that [[nodes]] gives them ("先锋街道").
class NodeResolver {
  public:
    NodeResolver(const config::Config& cfg, const std::string& file) : cfg_(cfg), file_(file) {
        for (const auto& n : cfg.nodes) names_[n.code] = n.name;
        names_[cfg.district_code] = cfg.district_name;
    }

    // The child of `parent` that `cell` names, or an Error naming file:line and column.
    Result<std::string> child(const std::string& parent, const std::string& cell, int level,
                              int line) {
        auto key = parent + "\x1f" + cell;
        if (auto it = memo_.find(key); it != memo_.end()) return it->second;
        std::string code;
        if (level == 0) {
            if (cell == cfg_.district_code || cell == cfg_.district_name) code = cfg_.district_code;
        } else if (is_code_segment(cell)) {
            code = parent + "/" + cell;
        } else {
            for (const auto& n : cfg_.nodes) {
                auto slash = n.code.rfind('/');
                if (n.name == cell && slash != std::string::npos &&
                    n.code.substr(0, slash) == parent) {
                    code = n.code;
                }
            }
        }
        if (code.empty()) {
            static const char* columns[] = {"区", "街道", "社区", "网格"};
            std::string what = level == 0 ? "expected the district \"" + cfg_.district_code +
                                                "\" or \"" + cfg_.district_name + "\""
                                          : "is neither a node code (a-z 0-9 - _) nor the name of "
                                            "a [[nodes]] entry under " +
                                                parent;
            return Error{"ledger.unknown_node", file_ + ":" + std::to_string(line) + ": " +
                                                    columns[level] + ": \"" + cell + "\" " + what};
        }
        memo_[key] = code;
        if (!names_.count(code)) names_[code] = cell;
        nodes_.emplace(code, level);
        return code;
    }

    std::vector<store::NodeRecord> nodes() const {
        std::vector<store::NodeRecord> out;
        for (const auto& [code, level] : nodes_) out.push_back({code, names_.at(code), level});
        return out;
    }

  private:
    const config::Config& cfg_;
    std::string file_;
    std::map<std::string, std::string> names_;
    std::map<std::string, std::string> memo_;
    std::map<std::string, int> nodes_;
};

// The optional data columns the file lacks, in the ledger's column order.
std::vector<ledger::Column> absent_columns(const ledger::LedgerFile& file) {
    std::vector<ledger::Column> out;
    for (auto c : {ledger::Column::Members, ledger::Column::Contact, ledger::Column::Phone,
                   ledger::Column::Tags}) {
        if (!file.has(c)) out.push_back(c);
    }
    return out;
}

// "tags" from "标签/tags".
std::string column_name(ledger::Column c) {
    std::string_view label = ledger::column_label(c);
    return std::string(label.substr(label.find('/') + 1));
}

}  // namespace

int import_ledger(const ImportRequest& req, std::ostream& out, std::ostream& err) {
    auto started = std::chrono::steady_clock::now();
    auto cfg = config::load_file(req.config_path);
    if (!cfg) {
        err << cfg.error().to_string() << "\n";
        return 1;
    }
    auto file = ledger::read_ledger(req.ledger_path, req.sheet);
    if (!file) {
        err << file.error().to_string() << "\n";
        return 1;
    }
    NodeResolver resolver(*cfg.value(), req.ledger_path);
    const auto absent = absent_columns(file.value());
    // Move each row into its store record and free the parsed ledger as we go:
    // a district is 640,000 rows, and holding both copies doubles the peak.
    auto& parsed = file.value().households;
    std::string encoding = file.value().encoding;
    std::vector<store::HouseholdRecord> households;
    households.reserve(parsed.size());
    for (auto& h : parsed) {
        std::string code;
        const std::string* cells[] = {&h.district, &h.street, &h.community, &h.grid};
        for (int level = 0; level < 4; ++level) {
            auto r = resolver.child(code, *cells[level], level, h.line);
            if (!r) {
                err << r.error().to_string() << "\n";
                return 1;
            }
            code = r.value();
        }
        store::HouseholdRecord rec;
        rec.line = h.line;
        rec.grid_code = std::move(code);
        rec.address = std::move(h.address);
        rec.building = std::move(h.building);
        rec.unit = std::move(h.unit);
        rec.room = std::move(h.room);
        rec.members = h.members;
        rec.contact = std::move(h.contact);
        rec.phone = std::move(h.phone);
        rec.tags = h.tags;
        rec.isolation_until = std::move(h.isolation_until);
        rec.monitoring_until = std::move(h.monitoring_until);
        households.push_back(std::move(rec));
    }
    std::vector<ledger::Household>().swap(parsed);

    const auto& conf = *cfg.value();
    auto where = store::configured_location(conf.store_engine, conf.store_path, conf.store_url);
    std::filesystem::path db_path(conf.store_path);
    if (where.engine == store::Engine::sqlite && db_path.has_parent_path()) {
        std::filesystem::create_directories(db_path.parent_path());
    }
    SystemClock clock;  // the import's own timestamp; the daemon's Clock is not running here
    int64_t now = unix_seconds(clock.now());
    auto st = store::Store::open_for_use(where, now);
    if (!st) {
        err << st.error().to_string() << "\n";
        return 1;
    }
    store::ImportOptions opt;
    opt.prune = req.prune;
    opt.dry_run = req.dry_run;
    opt.file = req.ledger_path;
    opt.encoding = encoding;
    opt.now = now;
    if (!req.clear_missing_columns) {
        for (auto c : absent) {
            opt.keep_members = opt.keep_members || c == ledger::Column::Members;
            opt.keep_contact = opt.keep_contact || c == ledger::Column::Contact;
            opt.keep_phone = opt.keep_phone || c == ledger::Column::Phone;
            opt.keep_tags = opt.keep_tags || c == ledger::Column::Tags;
        }
    }
    auto summary = st.value()->import_ledger(resolver.nodes(), households, opt);
    if (!summary) {
        err << summary.error().to_string() << "\n";
        return 1;
    }
    const auto& s = summary.value();
    auto counts = st.value()->counts();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    out << (req.dry_run ? "dry run, nothing written: " : "imported ") << req.ledger_path << " ("
        << opt.encoding << ", " << households.size() << " households) in " << secs << " s\n"
        << "  households: " << s.added << " added, " << s.updated << " updated, " << s.unchanged
        << " unchanged, " << s.absent.size() << " absent from the file, " << s.pruned << " pruned\n"
        << "  nodes added: " << s.nodes_added << "\n"
        << "  store now: " << counts.nodes[1] << " streets, " << counts.nodes[2] << " communities, "
        << counts.nodes[3] << " grids, " << counts.households << " active households\n";
    for (auto c : absent) {
        out << "  " << column_name(c) << ": column absent, "
            << (req.clear_missing_columns ? "cleared (--clear-missing-columns)" : "kept") << "\n";
    }
    if (!s.absent.empty() && !req.prune) {
        out << "  absent (kept; re-run with --prune to deactivate):\n";
        size_t shown = 0;
        for (const auto& a : s.absent) {
            if (++shown > 50) {
                out << "    ... and " << s.absent.size() - 50 << " more\n";
                break;
            }
            out << "    " << a << "\n";
        }
    }
    return 0;
}

}  // namespace gridbot::app
