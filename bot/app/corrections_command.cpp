#include "bot/app/corrections_command.h"

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "bot/app/command_store.h"
#include "bot/parse/parse_command.h"
#include "bot/parse/suggest.h"
#include "bot/store/corrections.h"

namespace gridbot::app {

namespace {

using parse::Json;

// The corrections of the period with their message's text; the rows without
// one (no message found, or purged since) are counted in `skipped`. Nullopt
// with `code` the exit code when the arguments (2) or the store (1) fail.
std::optional<std::vector<store::CorrectionRow>> read_corrections(const CorrectionsRequest& req,
                                                                  const char* action,
                                                                  std::ostream& err,
                                                                  size_t& skipped, int& code) {
    code = 2;
    for (const auto* day : {&req.since, &req.until}) {
        if (!day->empty() && !LocalTime::valid_day(*day)) {
            err << "parse " << action << ": " << (day == &req.since ? "--since" : "--until")
                << ": expected YYYY-MM-DD, got \"" << *day << "\"\n";
            return std::nullopt;
        }
    }
    code = 1;
    auto o = open_store(req.config_path, err);
    if (!o) return std::nullopt;
    code = 0;
    auto rows = store::Corrections(*o->store).list(req.since, req.until);
    // A message corrected twice counts once, with the leader's last word.
    std::map<int64_t, size_t> last;  // inbound id -> index in rows
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].c.inbound_id) last[*rows[i].c.inbound_id] = i;
    std::vector<store::CorrectionRow> out;
    skipped = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        auto& r = rows[i];
        if (!r.text) {
            ++skipped;
        } else if (last[*r.c.inbound_id] == i) {
            out.push_back(std::move(r));
        }
    }
    auto e = command_entry(std::string("parse ") + action, 0);
    e.node = o->cfg->district_code;
    e.rows = static_cast<int64_t>(out.size());
    store::Audit(*o->store).append(e).get();
    o->store->close();
    return out;
}

Json object_or_empty(const std::string& text) {
    Json j = Json::parse(text, nullptr, false);
    return j.is_object() ? j : Json::object();
}

std::vector<std::string> strings(const Json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array())
        for (const auto& v : j[key])
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

}  // namespace

int corrections_command(const CorrectionsRequest& req, std::ostream& out, std::ostream& err) {
    size_t skipped = 0;
    int code = 0;
    auto rows = read_corrections(req, "corrections", err, skipped, code);
    if (!rows) return code;
    for (const auto& r : *rows) {
        const Json label = object_or_empty(r.c.label), parsed = object_or_empty(r.c.parsed);
        Json line = Json::object();
        line["text"] = *r.text;
        line["kind"] = label.value("kind", "");
        line["categories"] = label.value("categories", Json::array());
        line["temperature"] = label.value("temperature", Json(nullptr));
        // The room the message states: the parser's reading of it (a leader corrects the
        // report, not the address).
        line["room"] = parsed.value("room", Json(nullptr));
        line["parsed"] = parsed;
        line["correction"] = r.c.id;
        line["day"] = r.c.day;
        line["grid"] = r.grid;
        line["by"] = r.c.leader;
        out << line.dump() << "\n";
    }
    if (skipped)
        err << skipped << " correction(s) without the message's text (none found that day, or "
            << "purged since) are not listed\n";
    return 0;
}

int suggest_command(const CorrectionsRequest& req, std::ostream& out, std::ostream& err) {
    auto cfg = config::load_file(req.config_path);
    if (!cfg) {
        err << cfg.error().to_string() << "\n";
        return 1;
    }
    std::string path = req.lexicon.empty() ? cfg.value()->lexicon_path : req.lexicon;
    if (path.empty()) path = parse::default_lexicon_path();
    auto lex = parse::Lexicon::load_file(path);
    if (!lex) {
        err << lex.error().to_string() << "\n";
        return 2;
    }
    size_t skipped = 0;
    int code = 0;
    auto rows = read_corrections(req, "suggest", err, skipped, code);
    if (!rows) return code;
    std::vector<parse::LabelledExample> examples;
    for (const auto& r : *rows) {
        const Json label = object_or_empty(r.c.label), parsed = object_or_empty(r.c.parsed);
        examples.push_back({r.c.id, *r.text, label.value("kind", ""), strings(label, "categories"),
                            parsed.value("kind", ""), strings(parsed, "categories")});
    }
    auto proposals = parse::suggest(examples, lex.value());
    if (proposals.size() > req.limit) proposals.resize(req.limit);
    for (const auto& s : proposals) out << to_json(s).dump() << "\n";
    return 0;
}

}  // namespace gridbot::app
