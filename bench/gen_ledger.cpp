// Writes a district-sized ledger for the import benchmark, deterministically:
//   bench_gen_ledger OUT.csv [--households 640000] [--grids 6747] [--streets 20]
//                            [--communities 250] [--seed 1]
// Hierarchy cells are ASCII codes: district "nangang", street "s01",
// community "s01c03", grid "g0001" (unique across the district). Buildings,
// units and rooms are unique within each grid by construction.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

// splitmix64: the same sequence on every platform, unlike std:: distributions.
struct Rng {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
    bool chance(int per_mille) { return below(1000) < per_mille; }
};

// Splits total into parts near total/parts (weights within ±spread percent)
// that sum exactly to total, each at least 1.
std::vector<int> spread(Rng& rng, int total, int parts, int spread_percent) {
    std::vector<long> weight(static_cast<size_t>(parts));
    long weight_sum = 0;
    for (long& w : weight)
        weight_sum += w = 100 - spread_percent + rng.below(2 * spread_percent + 1);
    std::vector<int> out(static_cast<size_t>(parts));
    long given = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        out[i] = std::max(1, static_cast<int>(total * weight[i] / weight_sum));
        given += out[i];
    }
    for (size_t i = 0; given < total; i = (i + 1) % out.size()) ++out[i], ++given;
    for (size_t i = 0; given > total; i = (i + 1) % out.size()) {
        if (out[i] > 1) --out[i], --given;
    }
    return out;
}

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                 "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
                                 "何", "林", "高", "罗", "郑", "梁", "谢", "宋"};
const char* const kGiven[] = {"秀英", "桂兰", "淑珍", "建国", "建华", "志强", "海燕",
                              "丽华", "伟",   "静",   "敏",   "磊",   "洋",   "艳",
                              "勇",   "军",   "文博", "子涵", "浩然", "欣怡"};
const char* const kMobilePrefixes[] = {"138", "139", "150", "186", "135",
                                       "152", "158", "187", "133", "189"};

void append_int(std::string& out, long v, int width = 0) {
    char buf[24];
    const int n = std::snprintf(buf, sizeof buf, "%0*ld", width, v);
    out.append(buf, static_cast<size_t>(n));
}

void append_tags(Rng& rng, std::string& row, bool& no_chat) {
    no_chat = false;
    const int roll = rng.below(1000);
    if (roll < 50) {
        row += "独居老人;无微信";
        no_chat = true;
    } else if (roll < 60) {
        row += "elderly_alone";
    } else if (roll < 80) {
        row += "困难";
    } else if (roll < 90) {
        row += "居家隔离至2026-12-05";
    } else if (roll < 110) {
        row += "健康监测";
    } else if (roll < 140) {
        row += "返哈";
    } else if (roll < 143) {
        row += "阳性";
    } else if (roll < 153) {
        row += "重点人群";
    } else if (roll < 155) {
        row += "孕妇";
    } else if (roll < 156) {
        row += "透析";
    } else if (roll < 160) {
        row += "isolation:2026-12-01;returnee";
    }
}

int usage() {
    std::fprintf(stderr,
                 "usage: bench_gen_ledger OUT.csv [--households N] [--grids N] [--streets N] "
                 "[--communities N] [--seed N]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const char* out_path = argv[1];
    long households = 640000, grids = 6747, streets = 20, communities = 250, seed = 1;
    for (int i = 2; i < argc; i += 2) {
        if (i + 1 >= argc) return usage();
        const std::string_view flag = argv[i];
        const long v = std::strtol(argv[i + 1], nullptr, 10);
        if (flag == "--households")
            households = v;
        else if (flag == "--grids")
            grids = v;
        else if (flag == "--streets")
            streets = v;
        else if (flag == "--communities")
            communities = v;
        else if (flag == "--seed")
            seed = v;
        else
            return usage();
    }
    if (streets < 1 || communities < streets || grids < communities || households < grids) {
        std::fprintf(stderr, "need households >= grids >= communities >= streets >= 1\n");
        return 2;
    }
    const auto t0 = std::chrono::steady_clock::now();
    Rng rng{static_cast<uint64_t>(seed)};
    const auto communities_per_street =
        spread(rng, static_cast<int>(communities), static_cast<int>(streets), 20);
    const auto grids_per_community =
        spread(rng, static_cast<int>(grids), static_cast<int>(communities), 40);
    const auto households_per_grid =
        spread(rng, static_cast<int>(households), static_cast<int>(grids), 30);

    std::string out;
    out.reserve(static_cast<size_t>(households) * 64 + 256);
    out += "区,街道,社区,网格,楼栋,单元,门牌,人数,联系人,电话,标签\n";
    size_t community_index = 0, grid_index = 0;
    long written = 0, no_chat_count = 0;
    std::string row;
    for (long s = 0; s < streets; ++s) {
        std::string street = "s";
        append_int(street, s + 1, 2);
        for (int c = 0; c < communities_per_street[static_cast<size_t>(s)];
             ++c, ++community_index) {
            std::string community = street + "c";
            append_int(community, c + 1, 2);
            const bool chinese_style =
                community_index % 3 == 0;  // some communities write 12号楼/2单元
            int building = 1;
            for (int g = 0; g < grids_per_community[community_index]; ++g, ++grid_index) {
                std::string grid = "g";
                append_int(grid, static_cast<long>(grid_index + 1), 4);
                const int units = 2 + rng.below(3), floors = 6 + rng.below(13), doors = 2;
                const int per_building = units * floors * doors;
                int slot = 0;
                for (int k = 0; k < households_per_grid[grid_index]; ++k, ++slot) {
                    if (rng.chance(100)) ++slot;  // an empty flat
                    if (slot >= per_building) slot = 0, ++building;
                    const int unit = slot / (floors * doors) + 1;
                    const int floor = slot / doors % floors + 1;
                    const int door = slot % doors + 1;
                    row.clear();
                    row += "nangang,";
                    row += street;
                    row += ',';
                    row += community;
                    row += ',';
                    row += grid;
                    row += ',';
                    append_int(row, building);
                    if (chinese_style) row += "号楼";
                    row += ',';
                    append_int(row, unit);
                    if (chinese_style) row += "单元";
                    row += ',';
                    append_int(row, floor * 100 + door);
                    row += ',';
                    append_int(row, 1 + rng.below(5));
                    row += ',';
                    row += kSurnames[rng.below(std::size(kSurnames))];
                    row += kGiven[rng.below(std::size(kGiven))];
                    row += ',';
                    const size_t phone_at = row.size();
                    row += kMobilePrefixes[rng.below(std::size(kMobilePrefixes))];
                    append_int(row, rng.below(100000000), 8);
                    row += ',';
                    bool no_chat = false;
                    append_tags(rng, row, no_chat);
                    no_chat_count += no_chat ? 1 : 0;
                    if (!no_chat && rng.chance(30)) {  // a few households gave no phone
                        row.erase(phone_at, 11);
                    }
                    row += '\n';
                    out += row;
                    ++written;
                }
                ++building;
            }
        }
    }
    FILE* f = std::fopen(out_path, "wb");
    if (f == nullptr || std::fwrite(out.data(), 1, out.size(), f) != out.size() ||
        std::fclose(f) != 0) {
        std::fprintf(stderr, "cannot write %s: %s\n", out_path, std::strerror(errno));
        return 1;
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf(
        "wrote %s: %ld households, %zu grids, %zu communities, %ld streets, %ld no_chat, "
        "%.1f MB in %.2f s\n",
        out_path, written, grid_index, community_index, streets, no_chat_count,
        static_cast<double>(out.size()) / 1e6, secs);
    return 0;
}
