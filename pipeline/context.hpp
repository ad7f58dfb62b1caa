#pragma once
// The state one `carport capps` run passes from stage to stage (mold-style Context).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/capp_job.hpp"
#include "pipeline/diagnostics.hpp"
#include "pipeline/options.hpp"
#include "pipeline/transform.hpp"

namespace carport {

/// A condition that stops the whole run (exit code 2). Thrown only outside TBB bodies.
class FatalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Counters printed by --stats; written only from serial stages.
struct Counters {
  std::uint64_t capps_scanned = 0;
  std::uint64_t capps_migrated = 0;
  std::uint64_t capps_unchanged = 0;
  std::uint64_t capps_failed = 0;
  std::uint64_t entries_total = 0;
  std::uint64_t entries_examined = 0;
  std::uint64_t entries_rewritten = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t stale_temp_files_removed = 0;
};

struct StageTiming {
  std::string stage;
  double seconds = 0;
};

class RunReports;

struct CappsContext {
  CappsContext(CappsOptions options_in, Reporter& reporter_in);
  ~CappsContext();
  CappsContext(const CappsContext&) = delete;
  CappsContext& operator=(const CappsContext&) = delete;

  CappsOptions options;
  Reporter& reporter;
  std::vector<std::unique_ptr<Transform>> transforms;

  std::filesystem::path output_dir;     ///< resolved by resolve_output
  std::filesystem::path manifest_path;  ///< empty: no manifest (dry run without --report)
  std::vector<CappInput> inputs;        ///< sorted, from scan_inputs
  std::unique_ptr<RunReports> reports;  ///< manifest.json + SHA256SUMS, streamed (open_reports)
  std::vector<CappRecord> records;      ///< in input order; only with options.keep_records or a dry run
  Counters counters;
  std::vector<StageTiming> timings;
};

/// Records how long a stage took into the context (printed by --stats).
class ScopedTimer {
 public:
  ScopedTimer(CappsContext& context, std::string stage)
      : context_(context), stage_(std::move(stage)), start_(std::chrono::steady_clock::now()) {}
  ~ScopedTimer() {
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
    context_.timings.push_back({stage_, elapsed.count()});
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  CappsContext& context_;
  std::string stage_;
  std::chrono::steady_clock::time_point start_;
};

// ---- the stages of `carport capps`, in order (capps_driver.cpp reads like this list) ----

/// Decides the output folder (-o, or <folder>/../migrated_capps as WSO2's tool does).
void resolve_output(CappsContext& context);
/// Finds the CApps: named files, and *.car (any case) under named folders, sorted.
void scan_inputs(CappsContext& context);
/// Starts manifest.json and SHA256SUMS (temp files until write_reports publishes them).
void open_reports(CappsContext& context);
/// Streams every CApp through read -> transform -> write with bounded memory.
void process_capps(CappsContext& context);
/// Finishes manifest.json and SHA256SUMS and publishes them atomically.
void write_reports(CappsContext& context);

/// The whole `carport capps` run; returns the exit code (0 ok, 1 some CApp failed).
int run_capps(CappsContext& context);

}  // namespace carport
