#pragma once
// The groups ledger (`gridbot import-groups`, issue 16 item 2): one row per chat
// group — node, channel, group id, audience, name, join link — and, on the same
// row, the leader who answers for it (name, phone, platform ids). CSV (UTF-8 or
// GBK) or an .xlsx sheet, with the household ledger's rules: header names in
// Chinese or English, every problem named "<file>:<line>: <column>: …", and
// nothing accepted when any row is bad.
#include <map>
#include <string>
#include <vector>

#include "bot/core/error.h"

namespace gridbot::ledger {

struct GroupRow {
    int line = 0;
    std::string node, channel, id, audience = "residents", name, join_link;
    std::string leader_name, leader_phone;
    std::map<std::string, std::string> leader_ids;  // "wecom:zhangsan;sandbox:u1"
};

struct GroupsFile {
    std::string name;  // the path, with "[sheet]" for a workbook
    std::vector<GroupRow> rows;
};

// ledger.io, ledger.bad_encoding, ledger.bad_csv / ledger.bad_xlsx,
// ledger.missing_column, ledger.bad_group (a bad value or a group twice).
Result<GroupsFile> read_groups_ledger(const std::string& path, const std::string& sheet = "");

}  // namespace gridbot::ledger
