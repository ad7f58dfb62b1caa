// `carport validate`: the driver. Reads like a table of contents; inputs are found and opened in
// validate_inputs.cpp, reports rendered in validation_report.cpp, the checks live in transforms/apidef.

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <tuple>

#include "pipeline/atomic_file.hpp"
#include "pipeline/parallel.hpp"
#include "pipeline/sha256.hpp"
#include "pipeline/validate.hpp"

namespace carport {
namespace fs = std::filesystem;

namespace {

/// The work item flowing through the pipeline: one source, its extracted definitions, its records.
struct ValidateWork {
  const ValidateSource* source = nullptr;
  std::vector<DefinitionJob> jobs;
  SourceResult result;
  std::atomic<unsigned> hand_off{0};  ///< release/acquire between pipeline filters (see process_capps)
};

/// What WSO2 would save with -DsaveInvalidDefinition: only what went through its OpenAPI check.
bool is_saveable(DefinitionRole role, apidef::InputFormat format, apidef::SpecKind kind) {
  switch (role) {
    case DefinitionRole::openapi: return true;
    case DefinitionRole::graphql:
    case DefinitionRole::wsdl:
    case DefinitionRole::asyncapi: return false;
    case DefinitionRole::any: break;
  }
  return format == apidef::InputFormat::document && kind != apidef::SpecKind::asyncapi_2;
}

/// Validates the source's definitions (in parallel when there are several), then orders the records.
void validate_source(ValidateWork& work, const apidef::ValidateOptions& options, bool keep_invalid_bytes) {
  std::vector<SourceItem> validated(work.jobs.size());
  auto validate_one = [&](std::size_t i) {
    DefinitionJob& job = work.jobs[i];
    validated[i].record = validate_job(job, options);
    const DefinitionRecord& record = validated[i].record;
    if (keep_invalid_bytes && record.read_error.empty() && !record.valid && record.saveable)
      validated[i].bytes = std::move(job.bytes);
    std::string().swap(job.bytes);
  };
  if (work.jobs.size() == 1) {
    validate_one(0);
  } else if (work.jobs.size() > 1) {
    parallel_chunks(work.jobs.size(), 1, [&](const tbb::blocked_range<std::size_t>& range) {
      for (std::size_t i = range.begin(); i != range.end(); ++i) validate_one(i);
    });
  }
  work.jobs.clear();
  std::move(validated.begin(), validated.end(), std::back_inserter(work.result.items));
  std::sort(work.result.items.begin(), work.result.items.end(), [](const SourceItem& a, const SourceItem& b) {
    return std::tie(a.record.path, a.record.entry) < std::tie(b.record.path, b.record.entry);
  });
}

/// --save-invalid: the definition's original bytes as DIR/<API_UUID>.json, atomically; a name
/// claimed twice in one run is never overwritten (the second definition gets an error line).
void save_invalid(ValidateContext& context, SourceItem& item) {
  DefinitionRecord& record = item.record;
  const std::string name = (record.api_id.empty() ? location_uuid(record.path, record.entry) : record.api_id) + ".json";
  const fs::path target = context.options.save_invalid_dir / name;
  const std::string digest = sha256_hex(item.bytes);
  std::string bytes = std::move(item.bytes);
  const auto [claim, inserted] = context.saved_names.emplace(name, digest + " " + record.address());
  if (!inserted) {
    const bool same = claim->second.starts_with(digest + " ");
    context.reporter.report({Severity::error, record.path, record.entry, 0, 0,
                             "invalid definition not saved: " + target.string() + " already holds the " +
                                 (same ? "identical " : "") + "definition of " + claim->second.substr(digest.size() + 1) +
                                 " (same API id)"});
    ++context.counters.save_errors;
    return;
  }
  if (std::string error = write_file_atomically(target, bytes); !error.empty()) {
    context.reporter.report({Severity::error, record.path, record.entry, 0, 0,
                             "cannot save the invalid definition to " + target.string() + ": " + error});
    ++context.counters.save_errors;
    return;
  }
  record.saved_as = target.string();
  ++context.counters.saved;
  context.reporter.report({Severity::note, record.path, record.entry, 0, 0, "invalid definition saved to " + record.saved_as});
}

/// Serial, in source order: diagnostics go out in a stable order and counters add up.
void record_source(ValidateContext& context, ValidateWork& work) {
  SourceResult& result = work.result;
  ValidateCounters& counters = context.counters;
  counters.files += result.files;
  counters.archives += result.archives;
  counters.bytes += result.bytes_read;
  for (const Diagnostic& note : result.notes) context.reporter.report(note);
  const bool saving = !context.options.save_invalid_dir.empty();
  for (SourceItem& item : result.items) {
    DefinitionRecord& record = item.record;
    if (!record.read_error.empty()) {
      ++counters.input_errors;
    } else {
      ++counters.definitions;
      ++(record.valid ? counters.valid : counters.invalid);
      counters.warnings += static_cast<std::uint64_t>(std::count_if(
          record.findings.begin(), record.findings.end(), [](const apidef::Finding& f) { return !f.is_error; }));
      if (saving && !record.valid && record.saveable) save_invalid(context, item);
    }
    for (const Diagnostic& diagnostic : record_diagnostics(record)) context.reporter.report(diagnostic);
    context.records.push_back(std::move(record));
  }
}

/// Runs a stage body; an exception becomes one failure record for the source instead of cancelling the pipeline.
template <typename Body>
void guarded(ValidateWork& work, const char* stage, Body&& body) noexcept {
  try {
    body();
  } catch (const std::exception& exception) {
    work.jobs.clear();
    work.result.items.clear();
    SourceItem item;
    item.record.path = work.source->display;
    item.record.read_error = std::string("internal error in ") + stage + ": " + exception.what();
    work.result.items.push_back(std::move(item));
  }
}

}  // namespace

DefinitionRecord validate_job(const DefinitionJob& job, const apidef::ValidateOptions& options) {
  DefinitionRecord record;
  record.path = job.path;
  record.entry = job.entry;
  record.api_id = job.api_id;
  try {
    const std::string& name = job.entry.empty() ? job.path : job.entry;
    const std::string_view base = std::string_view(name).substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
    const apidef::ValidationResult result = apidef::validate_bytes(base, job.bytes, options);  // GraphQL/WSDL by name or root
    record.kind = apidef::spec_kind_name(result.kind);
    record.spec_version = result.spec_version;
    record.title = result.title;
    record.api_version = result.api_version;
    record.findings = result.findings;
    record.valid = result.valid();
    record.saveable = is_saveable(job.role, apidef::sniff_format(base, job.bytes), result.kind);
  } catch (const std::exception& exception) {
    record.read_error = std::string("internal error in the validator: ") + exception.what();
  }
  return record;
}

std::string location_uuid(std::string_view path, std::string_view entry) {
  const std::string hex = sha256_hex(std::string(path) + "(" + std::string(entry) + ")");
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

std::vector<Diagnostic> record_diagnostics(const DefinitionRecord& record) {
  if (!record.read_error.empty()) return {{Severity::error, record.path, record.entry, 0, 0, record.read_error}};
  std::vector<Diagnostic> diagnostics;
  diagnostics.reserve(record.findings.size());
  for (const apidef::Finding& finding : record.findings)
    diagnostics.push_back({finding.is_error ? Severity::error : Severity::warning, record.path, record.entry,
                           finding.line, finding.column, finding.message + " [" + finding.rule + "]"});
  return diagnostics;
}

void validate_definitions(ValidateContext& context) {
  // As in process_capps: a pipeline bounds the sources in flight (3 x threads), whatever the
  // repository size; the serial_in_order ends keep records and stderr in scan order. Several
  // definitions of one source (a CApp, an export) are validated in parallel inside the stage.
  // The acquire/release hand-offs make TBB's internal edges visible to ThreadSanitizer.
  const auto threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  const std::size_t tokens = 3 * std::max<std::size_t>(threads, 1);
  const bool keep_invalid_bytes = !context.options.save_invalid_dir.empty();
  std::mutex serial_state;
  std::size_t next = 0;

  auto hand_out = [&](tbb::flow_control& control) -> ValidateWork* {
    std::lock_guard lock(serial_state);
    if (next == context.sources.size()) {
      control.stop();
      return nullptr;
    }
    auto* work = new ValidateWork;
    work->source = &context.sources[next++];
    work->hand_off.store(1, std::memory_order_release);
    return work;
  };
  auto stage = [](const char* name, auto body) {
    return [name, body](ValidateWork* work) {
      const unsigned step = work->hand_off.load(std::memory_order_acquire);
      guarded(*work, name, [&] { body(*work); });
      work->hand_off.store(step + 1, std::memory_order_release);
      return work;
    };
  };
  auto record = [&](ValidateWork* work) {
    std::unique_ptr<ValidateWork> owned(work);
    (void)owned->hand_off.load(std::memory_order_acquire);
    std::lock_guard lock(serial_state);
    try {
      record_source(context, *owned);
    } catch (const std::exception& exception) {  // never let an exception cross a TBB body
      context.reporter.report({Severity::error, owned->source->display, "", 0, 0,
                               std::string("internal error while recording: ") + exception.what()});
      ++context.counters.input_errors;
    }
  };

  using tbb::filter_mode;
  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, ValidateWork*>(filter_mode::serial_in_order, hand_out) &
          tbb::make_filter<ValidateWork*, ValidateWork*>(
              filter_mode::parallel, stage("read", [&](ValidateWork& work) {
                gather_source(*work.source, context.options.limits, work.jobs, work.result);
              })) &
          tbb::make_filter<ValidateWork*, ValidateWork*>(
              filter_mode::parallel, stage("validate", [&](ValidateWork& work) {
                validate_source(work, context.validator_options, keep_invalid_bytes);
              })) &
          tbb::make_filter<ValidateWork*, void>(filter_mode::serial_in_order, record));
  std::lock_guard lock(serial_state);  // the main thread reads records and counters next
}

int run_validate(ValidateContext& context) {
  {
    StageTimer timer(context.timings, "resolve");
    resolve_validate(context);
  }
  {
    StageTimer timer(context.timings, "scan");
    scan_validate_inputs(context);
  }
  {
    StageTimer timer(context.timings, "read+validate");
    validate_definitions(context);
  }
  {
    StageTimer timer(context.timings, "report");
    write_validation_report(context);
  }
  const ValidateCounters& counters = context.counters;
  return counters.invalid == 0 && counters.input_errors == 0 && counters.save_errors == 0 ? 0 : 1;
}

}  // namespace carport
