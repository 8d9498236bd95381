// Tag names and the words community workers write for them.
#include <array>
#include <cstring>

#include "bot/ledger/ledger.h"

namespace gridbot::ledger {
namespace {

struct TagWord {
    std::string_view word;
    Tag tag;
};

// English names first (they are also what tag_name returns), then synonyms
// seen in Harbin and Qitaihe ledgers.
constexpr TagWord kTagWords[] = {
    {"elderly_alone", Tag::ElderlyAlone}, {"no_chat", Tag::NoChat},
    {"vulnerable", Tag::Vulnerable},      {"isolation", Tag::Isolation},
    {"monitoring", Tag::Monitoring},      {"returnee", Tag::Returnee},
    {"positive", Tag::Positive},          {"key_group", Tag::KeyGroup},
    {"pregnant", Tag::Pregnant},          {"dialysis", Tag::Dialysis},
    // elderly_alone
    {"独居老人", Tag::ElderlyAlone}, {"独居", Tag::ElderlyAlone}, {"独居老年人", Tag::ElderlyAlone},
    {"独居长者", Tag::ElderlyAlone}, {"空巢老人", Tag::ElderlyAlone}, {"孤寡老人", Tag::ElderlyAlone},
    // no_chat
    {"无微信", Tag::NoChat}, {"仅电话", Tag::NoChat}, {"不会用微信", Tag::NoChat},
    {"没有微信", Tag::NoChat}, {"不用微信", Tag::NoChat}, {"不会微信", Tag::NoChat},
    {"无智能手机", Tag::NoChat}, {"电话联系", Tag::NoChat}, {"仅电话联系", Tag::NoChat},
    {"未进群", Tag::NoChat},
    // vulnerable
    {"困难", Tag::Vulnerable}, {"弱势群体", Tag::Vulnerable}, {"困难群众", Tag::Vulnerable},
    {"困难户", Tag::Vulnerable}, {"弱势", Tag::Vulnerable}, {"残疾人", Tag::Vulnerable},
    {"残疾", Tag::Vulnerable}, {"低保", Tag::Vulnerable}, {"低保户", Tag::Vulnerable},
    {"特困", Tag::Vulnerable}, {"特困人员", Tag::Vulnerable},
    // isolation
    {"居家隔离", Tag::Isolation}, {"隔离", Tag::Isolation}, {"集中隔离", Tag::Isolation},
    // monitoring
    {"健康监测", Tag::Monitoring}, {"居家健康监测", Tag::Monitoring}, {"监测", Tag::Monitoring},
    // returnee
    {"返乡", Tag::Returnee}, {"返哈", Tag::Returnee}, {"外地返回", Tag::Returnee},
    {"返哈人员", Tag::Returnee}, {"返乡人员", Tag::Returnee}, {"外地返哈", Tag::Returnee},
    {"外地返回人员", Tag::Returnee}, {"返回人员", Tag::Returnee},
    // positive
    {"阳性", Tag::Positive}, {"确诊", Tag::Positive}, {"感染者", Tag::Positive},
    {"阳性感染者", Tag::Positive}, {"无症状", Tag::Positive}, {"无症状感染者", Tag::Positive},
    // key_group
    {"重点人群", Tag::KeyGroup}, {"重点人员", Tag::KeyGroup}, {"密接", Tag::KeyGroup},
    {"次密接", Tag::KeyGroup}, {"密切接触者", Tag::KeyGroup},
    // pregnant
    {"孕妇", Tag::Pregnant}, {"孕产妇", Tag::Pregnant}, {"怀孕", Tag::Pregnant},
    // dialysis
    {"透析", Tag::Dialysis}, {"血透", Tag::Dialysis}, {"血液透析", Tag::Dialysis},
    {"透析患者", Tag::Dialysis},
};

}  // namespace

std::string_view tag_name(Tag tag) {
    for (const TagWord& w : kTagWords) {
        if (w.tag == tag) return w.word;  // the English name comes first
    }
    return "unknown";
}

std::optional<Tag> tag_from_text(std::string_view text) {
    // English names: case-insensitive, "elderly-alone" and "Elderly Alone" too.
    std::array<char, 24> folded{};
    if (!text.empty() && text.size() <= folded.size() && static_cast<unsigned char>(text[0]) < 0x80) {
        for (size_t i = 0; i < text.size(); ++i) {
            char c = text[i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c == '-' || c == ' ') c = '_';
            folded[i] = c;
        }
        text = std::string_view(folded.data(), text.size());
    }
    for (const TagWord& w : kTagWords) {
        if (w.word == text) return w.tag;
    }
    return std::nullopt;
}

std::string accepted_tag_names() {
    std::string out;
    for (Tag tag : kAllTags) {
        if (!out.empty()) out += ", ";
        out += tag_name(tag);
    }
    out += " (or 独居老人, 无微信, 困难, 居家隔离, 健康监测, 返哈, 阳性, 重点人群, 孕妇, 透析 ...)";
    return out;
}

}  // namespace gridbot::ledger
