// libFuzzer target: dingtalk inbound requests (see tests/fakes/fuzz_drivers.h).
#include "tests/fakes/fuzz_drivers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    gridbot::fuzz::drive_dingtalk(data, size);
    return 0;
}
