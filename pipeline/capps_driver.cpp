// `carport capps`: the driver. Reads like a table of contents; each stage lives in its own file.

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <exception>
#include <mutex>

#include "pipeline/context.hpp"
#include "pipeline/manifest.hpp"

namespace carport {
namespace {

/// Runs a stage body; an exception becomes a failed record instead of cancelling the pipeline.
template <typename Body>
void guarded(CappWork& work, const char* stage, Body&& body) noexcept {
  try {
    body();
  } catch (const std::exception& exception) {
    mark_failed(work.record, "", std::string("internal error in ") + stage + ": " + exception.what());
    std::string().swap(work.input_bytes);
    std::string().swap(work.output_bytes);
  }
}

/// Serial, in input order: diagnostics go out in a stable order and counters add up.
void record_capp(CappsContext& context, CappWork& work) {
  CappRecord& record = work.record;
  for (const Diagnostic& diagnostic : record.diagnostics) context.reporter.report(diagnostic);
  Counters& counters = context.counters;
  counters.entries_total += record.entries;
  counters.entries_examined += record.entries_read;
  counters.entries_rewritten += record.rewritten.size();
  counters.bytes_in += record.input_size;
  switch (record.status) {
    case CappStatus::migrated: ++counters.capps_migrated; break;
    case CappStatus::unchanged: ++counters.capps_unchanged; break;
    case CappStatus::failed: ++counters.capps_failed; break;
  }
  if (record.status != CappStatus::failed) counters.bytes_out += record.output_size;
  record.diagnostics.clear();
  record.diagnostics.shrink_to_fit();
  context.reports->add(record);
  if (context.options.keep_records || context.options.dry_run) context.records.push_back(std::move(record));
}

}  // namespace

void process_capps(CappsContext& context) {
  // Why a pipeline and not parallel_for over all CApps: the number of archives held in memory
  // at once is bounded by the token count, whatever the size of the repository. The first and
  // last filters are serial_in_order, so records (and stderr) come out in scan order.
  //
  // libtbb itself is not built with ThreadSanitizer, so the happens-before edges of its internal
  // hand-offs are invisible to TSan. Each filter therefore takes the item with an acquire load and
  // passes it on with a release store (HandOff), and the serial stages' shared state sits behind
  // an uncontended mutex. On x86 both cost next to nothing; they make TSan runs meaningful.
  const auto threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  const std::size_t tokens = 3 * std::max<std::size_t>(threads, 1);
  std::mutex serial_state;
  std::size_t next = 0;

  auto hand_out = [&](tbb::flow_control& control) -> CappWork* {
    std::lock_guard lock(serial_state);
    if (next == context.inputs.size()) {
      control.stop();
      return nullptr;
    }
    auto* work = new CappWork;
    work->input = &context.inputs[next++];
    work->hand_off.store(1, std::memory_order_release);
    return work;
  };
  auto stage = [&](const char* name, auto body) {
    return [name, body](CappWork* work) {
      const unsigned step = work->hand_off.load(std::memory_order_acquire);
      guarded(*work, name, [&] { body(*work); });
      work->hand_off.store(step + 1, std::memory_order_release);
      return work;
    };
  };
  auto record = [&](CappWork* work) {
    std::unique_ptr<CappWork> owned(work);
    (void)owned->hand_off.load(std::memory_order_acquire);
    std::lock_guard lock(serial_state);
    record_capp(context, *owned);
  };

  using tbb::filter_mode;
  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, CappWork*>(filter_mode::serial_in_order, hand_out) &
          tbb::make_filter<CappWork*, CappWork*>(
              filter_mode::parallel, stage("read", [&](CappWork& work) { read_capp(work, context.options.limits); })) &
          tbb::make_filter<CappWork*, CappWork*>(
              filter_mode::parallel, stage("transform", [&](CappWork& work) {
                transform_capp(work, context.transforms, context.options.limits);
              })) &
          tbb::make_filter<CappWork*, CappWork*>(
              filter_mode::parallel, stage("write", [&](CappWork& work) {
                write_capp(work, context.output_dir, context.options.dry_run);
              })) &
          tbb::make_filter<CappWork*, void>(filter_mode::serial_in_order, record));
  std::lock_guard lock(serial_state);  // the main thread reads records and counters next
}

int run_capps(CappsContext& context) {
  {
    ScopedTimer timer(context, "resolve output");
    resolve_output(context);
  }
  {
    ScopedTimer timer(context, "scan");
    scan_inputs(context);
  }
  {
    ScopedTimer timer(context, "open reports");
    open_reports(context);
  }
  {
    ScopedTimer timer(context, "read+transform+write");
    process_capps(context);
  }
  {
    ScopedTimer timer(context, "report");
    write_reports(context);
  }
  return context.counters.capps_failed == 0 ? 0 : 1;
}

}  // namespace carport
