#include "pipeline/cli.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

#include "pipeline/context.hpp"
#include "pipeline/manifest.hpp"
#include "pipeline/validate.hpp"

namespace carport {
namespace {

enum class Verbosity { quiet, normal, verbose };

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0  every item was fine (migrated, unchanged or verified)\n"
    "  1  at least one item failed (the others were still processed) or did not verify\n"
    "  2  usage error or fatal error (bad option, input not found, output folder not empty, ...)\n";

constexpr const char* kValidateExitCodes =
    "Exit codes:\n"
    "  0  every definition is valid\n"
    "  1  at least one definition is invalid, or an input could not be read (the others were still validated)\n"
    "  2  usage error or fatal error (bad option, input not found, report file not writable, ...)\n";

/// Prints diagnostics one per line on stderr through spdlog ("carport: error: ...").
class StderrReporter final : public Reporter {
 public:
  explicit StderrReporter(Verbosity verbosity) : verbosity_(verbosity) {
    logger_ = spdlog::stderr_logger_mt("carport-diagnostics");
    logger_->set_pattern("%v");
  }
  ~StderrReporter() override { spdlog::drop("carport-diagnostics"); }
  StderrReporter(const StderrReporter&) = delete;
  StderrReporter& operator=(const StderrReporter&) = delete;

  void report(const Diagnostic& diagnostic) override {
    if (diagnostic.severity == Severity::warning && verbosity_ == Verbosity::quiet) return;
    if (diagnostic.severity == Severity::note && verbosity_ != Verbosity::verbose) return;
    logger_->info(diagnostic.to_line());
    if (diagnostic.severity == Severity::error) ++errors;
  }
  void message(const std::string& text) { logger_->info("carport: " + text); }
  std::uint64_t errors = 0;

 private:
  Verbosity verbosity_;
  std::shared_ptr<spdlog::logger> logger_;
};

struct CommonFlags {
  unsigned jobs = 0;
  bool quiet = false;
  bool verbose = false;
  [[nodiscard]] Verbosity verbosity() const {
    return quiet ? Verbosity::quiet : verbose ? Verbosity::verbose : Verbosity::normal;
  }
};

void add_limit_options(CLI::App& command, ArchiveLimits& limits) {
  command.add_option("--max-archive-size", limits.max_archive_bytes, "Largest .car file read, in bytes")
      ->capture_default_str()->group("Limits");
  command.add_option("--max-entries", limits.max_entries, "Most entries in one archive")
      ->capture_default_str()->group("Limits");
  command.add_option("--max-total-size", limits.max_total_uncompressed, "Most uncompressed bytes in one archive")
      ->capture_default_str()->group("Limits");
  command.add_option("--max-entry-size", limits.max_entry_uncompressed, "Largest uncompressed entry, in bytes")
      ->capture_default_str()->group("Limits");
  command.add_option("--max-ratio", limits.max_ratio, "Highest compression ratio of an entry over 1 MiB")
      ->capture_default_str()->group("Limits");
  command.add_option("--max-transform-size", limits.max_transform_entry, "Largest entry a transform reads")
      ->capture_default_str()->group("Limits");
  command.add_option("--max-nesting", limits.max_nesting, "Deepest dependencies/*.car nesting")
      ->capture_default_str()->group("Limits");
  command.add_option("--max-nested-capps", limits.max_nested_archives,
                     "Most nested CApps (dependencies/*.car, all levels) opened for one CApp")
      ->capture_default_str()->group("Limits");
}

void print_plan(const CappsContext& context) {
  for (const CappRecord& record : context.records) {
    std::string line = std::string(status_name(record.status)) + "\t" + record.input;
    if (record.status != CappStatus::failed) line += "\t-> " + (context.output_dir / record.output).string();
    if (const std::size_t count = record.rewritten.size(); count > 0)
      line += "\t(" + std::to_string(count) + (count == 1 ? " entry" : " entries") + " rewritten)";
    std::fputs((line + "\n").c_str(), stdout);
  }
}

void print_stats(const CappsContext& context, StderrReporter& out) {
  const Counters& c = context.counters;
  out.message("stats: capps_scanned=" + std::to_string(c.capps_scanned) +
              " capps_migrated=" + std::to_string(c.capps_migrated) +
              " capps_unchanged=" + std::to_string(c.capps_unchanged) +
              " capps_failed=" + std::to_string(c.capps_failed));
  out.message("stats: entries_total=" + std::to_string(c.entries_total) +
              " entries_examined=" + std::to_string(c.entries_examined) +
              " entries_rewritten=" + std::to_string(c.entries_rewritten));
  out.message("stats: bytes_in=" + std::to_string(c.bytes_in) + " bytes_out=" + std::to_string(c.bytes_out) +
              " stale_temp_files_removed=" + std::to_string(c.stale_temp_files_removed));
  for (const StageTiming& timing : context.timings) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", timing.seconds);
    out.message("time: " + timing.stage + " " + seconds + " s");
  }
}

int run_capps_command(CappsOptions options, const CommonFlags& flags, bool stats) {
  StderrReporter reporter(flags.verbosity());
  CappsContext context(std::move(options), reporter);
  const int code = run_capps(context);
  if (context.options.dry_run || flags.verbose) print_plan(context);
  if (stats) print_stats(context, reporter);
  if (!flags.quiet) {
    const Counters& c = context.counters;
    reporter.message(std::to_string(c.capps_scanned) + " CApps: " + std::to_string(c.capps_migrated) + " migrated, " +
                     std::to_string(c.capps_unchanged) + " unchanged, " + std::to_string(c.capps_failed) + " failed" +
                     (context.options.dry_run ? " (dry run, nothing written)"
                                              : "; output in " + context.output_dir.string()));
  }
  return code;
}

int run_verify_command(const std::filesystem::path& dir, std::filesystem::path manifest, const CommonFlags& flags) {
  StderrReporter reporter(flags.verbosity());
  if (manifest.empty()) manifest = dir / "manifest.json";
  VerifyCounts counts;
  const int code = run_verify(dir, manifest, reporter, counts);
  if (!flags.quiet)
    reporter.message("verified " + std::to_string(counts.checked) + " CApps: " +
                     std::to_string(counts.mismatched) + " mismatches");
  return code;
}

void print_validate_stats(const ValidateContext& context, StderrReporter& out) {
  const ValidateCounters& c = context.counters;
  out.message("stats: definitions=" + std::to_string(c.definitions) + " valid=" + std::to_string(c.valid) +
              " invalid=" + std::to_string(c.invalid) + " warnings=" + std::to_string(c.warnings) +
              " input_errors=" + std::to_string(c.input_errors) + " saved=" + std::to_string(c.saved));
  out.message("stats: files=" + std::to_string(c.files) + " archives=" + std::to_string(c.archives) +
              " bytes=" + std::to_string(c.bytes));
  for (const StageTiming& timing : context.timings) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", timing.seconds);
    out.message("time: " + timing.stage + " " + seconds + " s");
  }
}

/// -v with stdout free (text format, or a report file): one line per definition.
void print_definition_lines(const ValidateContext& context) {
  for (const DefinitionRecord& record : context.records) {
    const char* status = !record.read_error.empty() ? "unreadable" : record.valid ? "valid" : "invalid";
    std::string line = std::string(status) + "\t" + (record.kind.empty() ? "-" : record.kind) + "\t" + record.address();
    if (!record.saved_as.empty()) line += "\t-> " + record.saved_as;
    std::fputs((line + "\n").c_str(), stdout);
  }
}

int run_validate_command(ValidateRunOptions options, const CommonFlags& flags, bool stats) {
  StderrReporter reporter(flags.verbosity());
  ValidateContext context(std::move(options), reporter);
  const int code = run_validate(context);
  std::fputs(context.stdout_report.c_str(), stdout);
  if (flags.verbose && context.stdout_report.empty()) print_definition_lines(context);
  if (stats) print_validate_stats(context, reporter);
  if (!flags.quiet) {
    const ValidateCounters& c = context.counters;
    std::string summary = std::to_string(c.definitions) + (c.definitions == 1 ? " definition: " : " definitions: ") +
                          std::to_string(c.valid) + " valid, " + std::to_string(c.invalid) + " invalid";
    if (c.input_errors > 0) summary += ", " + std::to_string(c.input_errors) + " unreadable";
    if (!context.options.save_invalid_dir.empty())
      summary += "; " + std::to_string(c.saved) + " saved to " + context.options.save_invalid_dir.string();
    reporter.message(summary);
  }
  return code;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"carport: fast, safe, mechanical WSO2 Micro Integrator / API Manager upgrade steps", "carport"};
  app.footer(kExitCodes);
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("carport ") + CARPORT_VERSION);

  CommonFlags flags;
  auto add_common = [&flags](CLI::App* command) {
    command->add_option("-j,--jobs", flags.jobs, "Worker threads (default: all cores)");
    command->add_flag("-q,--quiet", flags.quiet, "Only errors");
    command->add_flag("-v,--verbose", flags.verbose, "Also notes, and one line per item on stdout");
  };

  CappsOptions capps;
  bool stats = false;
  CLI::App* capps_command = app.add_subcommand(
      "capps", "Migrate CApps (.car) for Micro Integrator 4.2+ into a migrated_capps folder with content hashes");
  capps_command->add_option("INPUT", capps.inputs, ".car files and/or folders (searched recursively, any-case .car)")
      ->required();
  capps_command->add_option("-o,--output", capps.output_dir,
                            "Output folder (default: <FOLDER>/../migrated_capps for a single folder, else ./migrated_capps)");
  capps_command->add_flag("--dry-run", capps.dry_run, "Plan and report; write nothing");
  capps_command->add_flag("--force", capps.force, "Allow a non-empty output folder (files are overwritten)");
  capps_command->add_option("--report", capps.report_file, "Write the JSON manifest here instead of <output>/manifest.json");
  capps_command->add_flag("--stats", stats, "Print counters and stage times on stderr");
  bool no_api_validation = false;
  capps_command->add_flag("--no-api-validation", no_api_validation,
                          "Do not validate the API definitions CApps carry (metadata swagger, registry resources)");
  capps_command->add_flag("--fail-on-invalid-api", capps.transforms.fail_on_invalid_api,
                          "Mark a CApp failed (nothing written) when an API definition in it is invalid");
  capps_command->add_flag("--relaxed", capps.transforms.relaxed_api_validation,
                          "API definitions: WSO2's -DswaggerRelaxedValidation (a definition that parses is valid)");
  add_common(capps_command);
  add_limit_options(*capps_command, capps.limits);
  capps_command->footer(kExitCodes);

  std::filesystem::path verify_dir;
  std::filesystem::path verify_manifest;
  CLI::App* verify_command =
      app.add_subcommand("verify", "Re-check a migrated_capps folder against its manifest.json and SHA256SUMS");
  verify_command->add_option("DIR", verify_dir, "The output folder of a `carport capps` run")->required();
  verify_command->add_option("--manifest", verify_manifest, "Manifest to check against (default: DIR/manifest.json)");
  add_common(verify_command);
  verify_command->footer(kExitCodes);

  ValidateRunOptions validate;
  std::string format_name = "text";
  const std::map<std::string, ReportFormat> formats = {
      {"text", ReportFormat::text}, {"json", ReportFormat::json},
      {"sarif", ReportFormat::sarif}, {"junit", ReportFormat::junit}};
  CLI::App* validate_command = app.add_subcommand(
      "validate", "Validate API definitions (OpenAPI/Swagger, AsyncAPI, GraphQL, WSDL) as WSO2 API-M's pre-migration step");
  validate_command
      ->add_option("INPUT", validate.inputs,
                   "Definition files (.json .yaml .yml .graphql .graphqls .gql .wsdl), .car/.zip files, API-M export "
                   "folders, and folders (searched recursively)")
      ->required();
  validate_command->add_option("--format", format_name, "Report format")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit"}))
      ->capture_default_str();
  validate_command->add_option("-o,--output", validate.report_file,
                               "Write the report here (atomically); default: stdout for json/sarif/junit");
  validate_command->add_option("--save-invalid", validate.save_invalid_dir,
                               "Save each invalid OpenAPI/Swagger definition unchanged as DIR/<API_UUID>.json");
  validate_command->add_flag("--relaxed", validate.relaxed,
                             "WSO2's -DswaggerRelaxedValidation: a definition that parses is valid; findings are warnings");
  validate_command->add_flag("--stats", stats, "Print counters and stage times on stderr");
  add_common(validate_command);
  add_limit_options(*validate_command, validate.limits);
  validate_command->get_option("--max-archive-size")->description("Largest file read (.car, .zip or definition), in bytes");
  validate_command->get_option("--max-transform-size")
      ->description("Largest definition or nested CApp read from an archive, in bytes");
  validate_command->footer(kValidateExitCodes);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }

  std::optional<tbb::global_control> parallelism;
  if (flags.jobs > 0) parallelism.emplace(tbb::global_control::max_allowed_parallelism, flags.jobs);
  try {
    if (capps_command->parsed()) {
      capps.transforms.validate_api_definitions = !no_api_validation;
      capps.keep_records = flags.verbose;  // -v prints one line per CApp
      return run_capps_command(std::move(capps), flags, stats);
    }
    if (verify_command->parsed()) return run_verify_command(verify_dir, verify_manifest, flags);
    if (validate_command->parsed()) {
      validate.format = formats.at(format_name);
      return run_validate_command(std::move(validate), flags, stats);
    }
  } catch (const FatalError& error) {
    std::fprintf(stderr, "carport: error: %s\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "carport: error: internal: %s\n", error.what());
    return 2;
  }
  return 2;
}

}  // namespace carport
