#pragma once
// Client addresses behind a reverse proxy (docs/deployment.md): the trusted
// proxies of [http] trusted_proxies (addresses and CIDR ranges, IPv4 or IPv6)
// and the client a request's X-Forwarded-For names. Only a trusted peer's
// header is believed; anyone else could write any address into it.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.h"

namespace gridbot {

class AddressSet {
  public:
    // Entries such as "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8". A bad entry
    // is `config.bad_address`, naming it.
    static Result<AddressSet> parse(const std::vector<std::string>& entries);
    bool empty() const { return ranges_.empty(); }
    // False for text that is no address. An IPv4-mapped IPv6 address
    // ("::ffff:127.0.0.1") is its IPv4 address.
    bool contains(std::string_view ip) const;

  private:
    struct Range {
        bool v6 = false;
        std::array<uint8_t, 16> bytes{};
        int prefix = 0;  // bits that must match
    };
    std::vector<Range> ranges_;
};

// The address a request comes from. From a peer in `proxies`, X-Forwarded-For
// (comma-separated, the client first, each proxy appending the address it saw)
// is read from the right, skipping trusted proxies; the first address not
// trusted is the client. An entry that is no address ends the walk: the hop
// that appended it is the answer. Without the header, or from a peer not
// trusted, the peer itself.
std::string forwarded_client(const AddressSet& proxies, std::string_view peer,
                             std::string_view forwarded_for);

}  // namespace gridbot
