#include "bot/privacy/policy.h"

#include <algorithm>

#include "bot/core/hierarchy.h"

namespace gridbot::privacy {

namespace {

// Byte length of the UTF-8 sequence starting with `c` (1 for a stray byte).
size_t utf8_len(unsigned char c) {
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1;
}

}  // namespace

std::string_view audience_name(Audience a) {
    switch (a) {
        case Audience::Residents:
            return "residents";
        case Audience::Grid:
            return "grid";
        case Audience::Above:
            return "above";
    }
    return "?";
}

Shown shown(Audience a, Field f) {
    switch (a) {
        case Audience::Residents:
            return f == Field::Room ? Shown::Full : Shown::Nothing;
        case Audience::Grid:
            return Shown::Full;
        case Audience::Above:
            return f == Field::Name || f == Field::Phone || f == Field::Text ? Shown::Masked
                                                                             : Shown::Full;
    }
    return Shown::Nothing;
}

std::string show(Audience a, Field f, const std::string& value) {
    switch (shown(a, f)) {
        case Shown::Full:
            return value;
        case Shown::Nothing:
            return {};
        case Shown::Masked:
            if (f == Field::Phone) return mask_phone(value);
            return f == Field::Text ? mask_phones_in(value) : mask_name(value);
    }
    return {};
}

std::string mask_name(const std::string& name) {
    if (name.empty()) return name;
    // One star whatever the length: the length of a name tells too.
    size_t first = std::min(utf8_len(static_cast<unsigned char>(name[0])), name.size());
    return name.substr(0, first) + "*";
}

std::string mask_phone(const std::string& phone) {
    if (phone.size() < 8) return std::string(phone.size(), '*');
    return phone.substr(0, 3) + std::string(phone.size() - 7, '*') + phone.substr(phone.size() - 4);
}

std::string mask_phones_in(const std::string& text) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        size_t j = i;
        while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
        if (j == i) {
            out += text[i++];
            continue;
        }
        std::string digits = text.substr(i, j - i);
        out += digits.size() >= 7 ? mask_phone(digits) : digits;
        i = j;
    }
    return out;
}

nlohmann::json contact_fields(Audience a, const std::string& name, const std::string& phone) {
    std::string n = show(a, Field::Name, name), p = show(a, Field::Phone, phone);
    return {{"contact", n}, {"phone", p}, {"has_contact", !n.empty() || !p.empty()}};
}

Audience group_audience(bool residents_group, std::string_view group_node, std::string_view grid,
                        std::string_view leaders_node, bool mask_above) {
    if (residents_group) return Audience::Residents;
    if (group_node == grid || (!leaders_node.empty() && group_node == leaders_node))
        return Audience::Grid;
    return mask_above ? Audience::Above : Audience::Grid;
}

Audience token_audience(bool grid_role, std::string_view token_node, std::string_view grid,
                        bool mask_above) {
    if (grid_role && !grid.empty() && within(grid, token_node)) return Audience::Grid;
    return mask_above ? Audience::Above : Audience::Grid;
}

}  // namespace gridbot::privacy
