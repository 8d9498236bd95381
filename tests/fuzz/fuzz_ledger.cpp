// libFuzzer target for the CSV importer (STYLE.md: fuzz what faces outside
// input). Any bytes must give a LedgerFile or an Error, never a crash, and a
// result must hold only validated households.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bot/ledger/ledger.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto r = gridbot::ledger::parse_ledger(bytes, "fuzz.csv");
    if (r) {
        for (const auto& h : r->households) {
            if (h.room.empty() || h.address.empty() || h.members < 1 || h.members > 30)
                std::abort();
            if (gridbot::ledger::has_tag(h.tags, gridbot::ledger::Tag::NoChat) && h.phone.empty())
                std::abort();
        }
    } else if (r.error().id.empty() || r.error().message.empty()) {
        std::abort();
    }
    return 0;
}
