#pragma once
// The privacy policy (DESIGN §13, docs/privacy.md): what each audience sees of
// a household. Every message kind and every API response asks this one
// table; nothing else decides whether a name or a phone is shown, masked or
// left out. It sits at the bottom of the layers (bot/core and the standard
// and third-party headers only); audience.h derives an audience from the
// configuration.
//
//              name      phone         room   health (categories,   text (an unregistered
//                                              temperature, "this    sender's raw words)
//                                              room reported …")
//   Residents  nothing   nothing       full   nothing               nothing
//   Grid       full      full          full   full                  full
//   Above      王*       138****5678   full   full                  phone numbers masked
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gridbot::privacy {

enum class Audience {
    Residents,  // a residents' group: counts and room numbers only
    Grid,       // the grid's own leaders: what they need to act on its households
    Above,      // levels above the grid: masked names and phones
};
std::string_view audience_name(Audience);

enum class Field { Name, Phone, Room, Health, Text };

enum class Shown { Full, Masked, Nothing };
// The table above.
Shown shown(Audience, Field);
// `value` as `audience` sees it: itself, masked, or "" (nothing).
std::string show(Audience, Field, const std::string& value);
inline bool sees(Audience a, Field f) { return shown(a, f) != Shown::Nothing; }

// "王芳" -> "王*"; "欧阳娜娜" -> "欧*" (the length is hidden too); "" stays "".
std::string mask_name(const std::string& name);
// "13812345678" -> "138****5678"; shorter numbers are starred entirely.
std::string mask_phone(const std::string& phone);
// Free text with every run of seven or more ASCII digits (a phone number) masked
// as mask_phone() does; the rest unchanged.
std::string mask_phones_in(const std::string& text);

// A household's contact in the keys every template uses:
// {"contact", "phone", "has_contact"} as `audience` sees them.
nlohmann::json contact_fields(Audience, const std::string& name, const std::string& phone);

// Where a message goes or who reads a response, as the policy needs to know it.
// The one derivation of an audience (audience.h feeds it from the configuration):
// - a residents' group: Residents;
// - a staff group at the household's grid, or at `leaders_node` (the nearest
//   node above the grid that has a staff group: where the grid's cutoff
//   summary, call lists and incident posts go and its leaders are
//   @mentioned): Grid;
// - any other staff group: Above;
// - an API token of role grid whose node holds the household's grid: Grid;
//   any other token: Above.
// With `mask_above` false ([incidents] mask_personal_data = false) Above reads
// what Grid reads.
Audience group_audience(bool residents_group, std::string_view group_node, std::string_view grid,
                        std::string_view leaders_node, bool mask_above);
Audience token_audience(bool grid_role, std::string_view token_node, std::string_view grid,
                        bool mask_above);

}  // namespace gridbot::privacy
