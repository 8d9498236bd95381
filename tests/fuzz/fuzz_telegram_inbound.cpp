// libFuzzer target: telegram inbound requests (see tests/fakes/fuzz_drivers.h).
#include "tests/fakes/fuzz_drivers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    gridbot::fuzz::drive_telegram(data, size);
    return 0;
}
