#pragma once
// The groups and leaders `gridbot import-groups` put in the store, joined to
// the configuration's own [[groups]] and [[leaders]]: the daemon runs on the
// result from its start and every reload, so every part that reads groups or
// leaders sees both without knowing where they came from.
#include <iosfwd>
#include <memory>
#include <string>

#include "bot/config/config.h"
#include "bot/store/store.h"

namespace gridbot::app {

std::shared_ptr<const config::Config> with_imported(std::shared_ptr<const config::Config> cfg,
                                                    store::Store& store);

struct ImportGroupsRequest {
    std::string config_path, file, sheet;
    bool prune = false;
};

// `gridbot import-groups`: reads the groups ledger, checks it against the
// configuration (the node is known, the channel configured, the group not
// already a [[groups]] of the TOML) and writes it in one transaction, or
// nothing. Exit codes: 0 imported, 1 the file or the store failed, 2 usage.
int import_groups(const ImportGroupsRequest& req, std::ostream& out, std::ostream& err);

}  // namespace gridbot::app
