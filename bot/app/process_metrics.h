#pragma once
// The process metrics every Prometheus client library exports, named as they
// name them (process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds,
// process_start_time_seconds), read from /proc/self at scrape time.
namespace gridbot {
class Metrics;
}

namespace gridbot::app {

void add_process_metrics(Metrics& metrics);

}  // namespace gridbot::app
