#include "bot/app/import.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <set>

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
    explicit NodeResolver(const config::Config& cfg) : cfg_(cfg) {
        for (const auto& n : cfg.nodes) names_[n.code] = n.name;
        names_[cfg.district_code] = cfg.district_name;
    }

    // The child of `parent` that `cell` names, or nullopt with `what` saying
    // why not. A node named for the first time is appended to `new_nodes`.
    std::optional<std::string> child(const std::string& parent, const std::string& cell, int level,
                                     std::vector<store::NodeRecord>& new_nodes, std::string& what) {
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
            what = "\"" + cell + "\" " +
                   (level == 0 ? "expected the district \"" + cfg_.district_code + "\" or \"" +
                                     cfg_.district_name + "\""
                               : "is neither a node code (a-z 0-9 - _) nor the name of a [[nodes]] "
                                 "entry under " +
                                     parent);
            return std::nullopt;
        }
        memo_[key] = code;
        if (!names_.count(code)) names_[code] = cell;
        if (known_.insert(code).second) new_nodes.push_back({code, names_.at(code), level});
        return code;
    }

  private:
    const config::Config& cfg_;
    std::map<std::string, std::string> names_;
    std::map<std::string, std::string> memo_;
    std::set<std::string> known_;
};

// The ledger's rows as the store takes them, one at a time: each validated
// row's hierarchy resolved to its grid. After the first problem no row is
// given any more, but the rest of the file is still checked, so that all its
// problems are reported at once.
class LedgerSource : public store::HouseholdSource {
  public:
    LedgerSource(ledger::LedgerReader& reader, NodeResolver& resolver)
        : reader_(reader), resolver_(resolver) {}

    bool next(store::HouseholdRecord& rec, std::vector<store::NodeRecord>& new_nodes) override {
        while (reader_.next(h_)) {
            ++rows_;
            auto grid = resolve(new_nodes);
            if (!grid || reader_.failed()) continue;
            rec.line = h_.line;
            rec.grid_code = std::move(*grid);
            rec.address = std::move(h_.address);
            rec.building = std::move(h_.building);
            rec.unit = std::move(h_.unit);
            rec.room = std::move(h_.room);
            rec.members = h_.members;
            rec.contact = std::move(h_.contact);
            rec.phone = std::move(h_.phone);
            rec.tags = h_.tags;
            rec.isolation_until = std::move(h_.isolation_until);
            rec.monitoring_until = std::move(h_.monitoring_until);
            return true;
        }
        return false;
    }
    bool failed() const override { return reader_.failed(); }
    // Rows read without problems of their own.
    size_t rows() const { return rows_; }

  private:
    // The grid's code, or nullopt after recording the problem.
    std::optional<std::string> resolve(std::vector<store::NodeRecord>& new_nodes) {
        static const char* columns[] = {"区", "街道", "社区", "网格"};
        const std::string* cells[] = {&h_.district, &h_.street, &h_.community, &h_.grid};
        std::string code, what;
        for (int level = 0; level < 4; ++level) {
            auto child = resolver_.child(code, *cells[level], level, new_nodes, what);
            if (!child) {
                reader_.add_problem(h_.line, columns[level], "ledger.unknown_node", what);
                return std::nullopt;
            }
            code = std::move(*child);
        }
        return code;
    }

    ledger::LedgerReader& reader_;
    NodeResolver& resolver_;
    ledger::Household h_;
    size_t rows_ = 0;
};

// The optional data columns the file lacks, in the ledger's column order.
std::vector<ledger::Column> absent_columns(const ledger::LedgerReader& file) {
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

// What the import did, after its first line.
void print_summary(const ImportRequest& req, const store::ImportSummary& s,
                   const store::Counts& counts, const std::vector<ledger::Column>& absent,
                   std::ostream& out) {
    out << "  households: " << s.added << " added, " << s.updated << " updated, " << s.unchanged
        << " unchanged, " << s.absent_count << " absent from the file, " << s.pruned << " pruned\n"
        << "  nodes added: " << s.nodes_added << "\n"
        << "  store now: " << counts.nodes[1] << " streets, " << counts.nodes[2] << " communities, "
        << counts.nodes[3] << " grids, " << counts.households << " active households\n";
    for (auto c : absent) {
        out << "  " << column_name(c) << ": column absent, "
            << (req.clear_missing_columns ? "cleared (--clear-missing-columns)" : "kept") << "\n";
    }
    if (!s.absent.empty() && !req.prune) {
        out << "  absent (kept; re-run with --prune to deactivate):\n";
        for (const auto& a : s.absent) out << "    " << a << "\n";
        if (s.absent_count > static_cast<int64_t>(s.absent.size())) {
            out << "    ... and " << s.absent_count - static_cast<int64_t>(s.absent.size())
                << " more\n";
        }
    }
}

}  // namespace

int import_ledger(const ImportRequest& req, std::ostream& out, std::ostream& err) {
    auto started = std::chrono::steady_clock::now();
    auto cfg = config::load_file(req.config_path);
    if (!cfg) {
        err << cfg.error().to_string() << "\n";
        return 1;
    }
    // The header is checked before the store is opened; the rows stream into
    // the import's transaction, which a bad row rolls back.
    auto opened = ledger::LedgerReader::open(req.ledger_path, req.sheet);
    if (!opened) {
        err << opened.error().to_string() << "\n";
        return 1;
    }
    ledger::LedgerReader& reader = *opened.value();
    const auto absent = absent_columns(reader);

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
    opt.encoding = reader.encoding();
    opt.now = now;
    if (!req.clear_missing_columns) {
        for (auto c : absent) {
            opt.keep_members = opt.keep_members || c == ledger::Column::Members;
            opt.keep_contact = opt.keep_contact || c == ledger::Column::Contact;
            opt.keep_phone = opt.keep_phone || c == ledger::Column::Phone;
            opt.keep_tags = opt.keep_tags || c == ledger::Column::Tags;
        }
    }
    NodeResolver resolver(conf);
    LedgerSource source(reader, resolver);
    auto summary = st.value()->import_ledger(source, opt);
    if (!summary) {
        err << (reader.failed() ? reader.error() : summary.error()).to_string() << "\n";
        return 1;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    out << (req.dry_run ? "dry run, nothing written: " : "imported ") << req.ledger_path << " ("
        << opt.encoding << ", " << source.rows() << " households) in " << secs << " s\n";
    print_summary(req, summary.value(), st.value()->counts(), absent, out);
    return 0;
}

}  // namespace gridbot::app
