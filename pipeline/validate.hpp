#pragma once
// `carport validate`: the state one run passes from stage to stage, and the stages.
// Definitions come from plain files, CApps (metadata/*_swagger_*, publishSwagger registry resources),
// and API-M export folders and zips; the checks themselves live in transforms/apidef.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/context.hpp"
#include "pipeline/diagnostics.hpp"
#include "pipeline/options.hpp"
#include "transforms/apidef/validator.hpp"

namespace carport {

enum class ReportFormat { text, json, sarif, junit };

/// Plain settings of one `carport validate` run, filled by the CLI (or by tests).
struct ValidateRunOptions {
  std::vector<std::filesystem::path> inputs;  ///< definition files, .car/.zip files, folders
  ReportFormat format = ReportFormat::text;
  std::filesystem::path report_file;        ///< -o; empty: json/sarif/junit go to stdout
  std::filesystem::path save_invalid_dir;   ///< --save-invalid; empty: nothing saved
  bool relaxed = false;                     ///< --relaxed (WSO2's -DswaggerRelaxedValidation)
  ArchiveLimits limits;
};

/// What a definition is meant to be, from where it was found. Decides what --save-invalid keeps.
enum class DefinitionRole {
  any,       ///< a plain file: whatever the content says
  openapi,   ///< CApp swagger metadata, publishSwagger resource, export Definitions/swagger.*
  graphql,   ///< export Definitions/schema.graphql
  wsdl,      ///< export Definitions/*.wsdl, WSDL/*.wsdl
  asyncapi,  ///< export Definitions/asyncapi.*
};

/// One definition found in an input, with its bytes, waiting to be validated.
struct DefinitionJob {
  std::string path;    ///< the file as named or found (the archive for entries)
  std::string entry;   ///< archive entry ("dependencies/b.car!x" when nested); empty for files
  DefinitionRole role = DefinitionRole::any;
  std::string api_id;  ///< the API-M export's API UUID, when there is one
  std::string bytes;
};

/// The outcome for one address: a validated definition, or an input that could not be read.
struct DefinitionRecord {
  std::string path;
  std::string entry;
  std::string read_error;  ///< non-empty: nothing was validated here (bad archive, unreadable file)
  std::string api_id;
  std::string kind;        ///< apidef::spec_kind_name
  std::string spec_version;
  std::string title;
  std::string api_version;
  std::vector<apidef::Finding> findings;
  bool valid = false;
  bool saveable = false;   ///< OpenAPI/Swagger (or unreadable as anything else): --save-invalid keeps it
  std::string saved_as;    ///< the file written by --save-invalid, if any

  /// "path" or "path(entry)", as diagnostics print it.
  [[nodiscard]] std::string address() const { return entry.empty() ? path : path + "(" + entry + ")"; }
};

/// One input to read: a definition file, an archive (.car/.zip) or an API-M export folder.
struct ValidateSource {
  enum class Kind { definition_file, archive, export_folder };
  Kind kind = Kind::definition_file;
  std::filesystem::path source;
  std::string display;   ///< how diagnostics name it
  std::string sort_key;  ///< display, plus "/" for folders (so their files sort under them)
};

/// Counters printed by --stats; written only from the serial record stage.
struct ValidateCounters {
  std::uint64_t definitions = 0;  ///< definitions validated
  std::uint64_t valid = 0;
  std::uint64_t invalid = 0;
  std::uint64_t warnings = 0;     ///< warning findings
  std::uint64_t input_errors = 0; ///< inputs or entries that could not be read
  std::uint64_t saved = 0;        ///< files written by --save-invalid
  std::uint64_t save_errors = 0;
  std::uint64_t files = 0;        ///< files read from disk
  std::uint64_t archives = 0;     ///< archives opened (nested CApps included)
  std::uint64_t bytes = 0;        ///< bytes read from disk
};

/// A record and, only while --save-invalid may need them, the definition's bytes.
struct SourceItem {
  DefinitionRecord record;
  std::string bytes;
};

/// Everything one source yields; made by a parallel stage, consumed by the serial record stage.
struct SourceResult {
  std::vector<SourceItem> items;  ///< sorted by (path, entry) once validated
  std::vector<Diagnostic> notes;  ///< warnings and notes about the source itself
  std::uint64_t files = 0;
  std::uint64_t archives = 0;
  std::uint64_t bytes_read = 0;
};

struct ValidateContext {
  ValidateContext(ValidateRunOptions options_in, Reporter& reporter_in)
      : options(std::move(options_in)), reporter(reporter_in) {}

  ValidateRunOptions options;
  Reporter& reporter;
  apidef::ValidateOptions validator_options;       ///< from options, by resolve_validate
  std::vector<ValidateSource> sources;             ///< sorted, from scan_validate_inputs
  std::vector<DefinitionRecord> records;           ///< in output order, from validate_definitions
  std::map<std::string, std::string> saved_names;  ///< --save-invalid file name -> "<sha256> <address>"
  ValidateCounters counters;
  std::vector<StageTiming> timings;
  std::string stdout_report;  ///< json/sarif/junit without -o: the CLI prints it on stdout
};

/// Adds the time a scope took to a list of stage timings (printed by --stats).
class StageTimer {
 public:
  StageTimer(std::vector<StageTiming>& timings, std::string stage)
      : timings_(timings), stage_(std::move(stage)), start_(std::chrono::steady_clock::now()) {}
  ~StageTimer() {
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
    timings_.push_back({stage_, elapsed.count()});
  }
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;

 private:
  std::vector<StageTiming>& timings_;
  std::string stage_;
  std::chrono::steady_clock::time_point start_;
};

// ---- the stages of `carport validate`, in order (validate_driver.cpp reads like this list) ----

/// Checks the inputs exist and prepares the --save-invalid folder; throws FatalError otherwise.
void resolve_validate(ValidateContext& context);
/// Finds the sources: named files, and under named folders definition files, .car/.zip and export
/// folders (recursive), sorted by path; the --save-invalid folder and the -o file are skipped.
void scan_validate_inputs(ValidateContext& context);
/// Reads, extracts and validates every source in parallel; records come out in source order.
void validate_definitions(ValidateContext& context);
/// Writes the -o report (atomically) or keeps it for stdout; throws FatalError when it cannot.
void write_validation_report(ValidateContext& context);

/// The whole `carport validate` run; returns the exit code (0 all valid, 1 something invalid or unreadable).
int run_validate(ValidateContext& context);

// ---- building blocks, shared by the stages and unit-testable on their own ----

/// Reads one source and extracts its definitions (never throws; failures become records).
void gather_source(const ValidateSource& source, const ArchiveLimits& limits, std::vector<DefinitionJob>& jobs,
                   SourceResult& result);
/// Validates one extracted definition (never throws).
[[nodiscard]] DefinitionRecord validate_job(const DefinitionJob& job, const apidef::ValidateOptions& options);
/// `gov:x`, `conf:x`, `/_system/...`, `resources:x` -> the absolute registry path (capp-format §6.3).
[[nodiscard]] std::string registry_path(std::string_view key);
/// The --save-invalid name of a definition without an API id: sha256(path + "(" + entry + ")"),
/// first 32 hex digits as 8-4-4-4-12.
[[nodiscard]] std::string location_uuid(std::string_view path, std::string_view entry);
/// The diagnostics of one record: one per finding (message + " [rule]"), or its read error.
[[nodiscard]] std::vector<Diagnostic> record_diagnostics(const DefinitionRecord& record);

/// The report in the chosen format, deterministic (no times, records in output order).
[[nodiscard]] std::string render_validation_report(const ValidateContext& context);

}  // namespace carport
