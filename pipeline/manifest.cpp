// Stage 5: the reports of a run, written atomically after every CApp is done.

#include "pipeline/manifest.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>

#include "pipeline/atomic_file.hpp"
#include "pipeline/json_fields.hpp"

namespace carport {
namespace {

/// RapidJSON output stream over an AtomicOutput.
class OutputStream {
 public:
  using Ch = char;
  explicit OutputStream(AtomicOutput& output) : output_(output) {}
  void Put(char c) {
    buffer_.push_back(c);
    if (buffer_.size() >= 64 * 1024) Flush();
  }
  void Flush() {
    output_.write(buffer_);
    buffer_.clear();
  }

 private:
  AtomicOutput& output_;
  std::string buffer_;
};

using Writer = rapidjson::PrettyWriter<OutputStream>;

void write_rewritten(Writer& writer, const RewrittenEntry& entry) {
  writer.StartObject();
  write_string(writer, "entry", entry.entry);
  write_string(writer, "transform", entry.transform);
  write_string(writer, "sha256_before", entry.sha256_before);
  write_string(writer, "sha256_after", entry.sha256_after);
  write_number(writer, "size_before", entry.size_before);
  write_number(writer, "size_after", entry.size_after);
  writer.EndObject();
}

void write_record(Writer& writer, const CappRecord& record) {
  writer.StartObject();
  write_string(writer, "input", record.input);
  write_string(writer, "status", status_name(record.status));
  if (record.status == CappStatus::failed) write_string(writer, "reason", record.reason);
  if (!record.input_sha256.empty()) {
    write_string(writer, "input_sha256", record.input_sha256);
    write_number(writer, "input_size", record.input_size);
  }
  if (record.status != CappStatus::failed) {
    write_string(writer, "output", record.output);
    write_string(writer, "output_sha256", record.output_sha256);
    write_number(writer, "output_size", record.output_size);
    write_number(writer, "entries", record.entries);
    writer.Key("rewritten");
    writer.StartArray();
    for (const RewrittenEntry& entry : record.rewritten) write_rewritten(writer, entry);
    writer.EndArray();
  }
  writer.EndObject();
}

void write_totals(Writer& writer, const Counters& counters) {
  writer.Key("totals");
  writer.StartObject();
  write_number(writer, "capps", counters.capps_scanned);
  write_number(writer, "migrated", counters.capps_migrated);
  write_number(writer, "unchanged", counters.capps_unchanged);
  write_number(writer, "failed", counters.capps_failed);
  write_number(writer, "entries_rewritten", counters.entries_rewritten);
  write_number(writer, "bytes_in", counters.bytes_in);
  write_number(writer, "bytes_out", counters.bytes_out);
  writer.EndObject();
}

std::string member_string(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                          : std::string();
}

}  // namespace

struct RunReports::State {
  std::unique_ptr<AtomicOutput> manifest;
  std::unique_ptr<OutputStream> stream;
  std::unique_ptr<Writer> writer;
  std::unique_ptr<AtomicOutput> sums;
};

RunReports::RunReports() : state_(std::make_unique<State>()) {}
RunReports::~RunReports() = default;

std::string RunReports::open(const std::filesystem::path& manifest_path, const std::filesystem::path& sums_path,
                             bool dry_run) {
  if (!sums_path.empty()) {
    state_->sums = std::make_unique<AtomicOutput>(sums_path);
    if (std::string error = state_->sums->open(); !error.empty()) return error;
  }
  if (manifest_path.empty()) return {};
  state_->manifest = std::make_unique<AtomicOutput>(manifest_path);
  if (std::string error = state_->manifest->open(); !error.empty()) return error;
  state_->stream = std::make_unique<OutputStream>(*state_->manifest);
  state_->writer = std::make_unique<Writer>(*state_->stream);
  Writer& writer = *state_->writer;
  writer.SetIndent(' ', 2);
  writer.StartObject();
  write_string(writer, "tool", "carport");
  write_string(writer, "version", CARPORT_VERSION);
  write_number(writer, "format", kManifestFormat);
  write_string(writer, "command", "capps");
  writer.Key("dry_run");
  writer.Bool(dry_run);
  writer.Key("capps");
  writer.StartArray();
  return {};
}

void RunReports::add(const CappRecord& record) {
  if (state_->writer) write_record(*state_->writer, record);
  if (state_->sums && record.status != CappStatus::failed)
    state_->sums->write(record.output_sha256 + "  " + record.output + "\n");
}

std::string RunReports::finish(const Counters& counters) {
  if (state_->sums) {
    if (std::string error = state_->sums->commit(); !error.empty()) return error;
  }
  if (!state_->writer) return {};
  Writer& writer = *state_->writer;
  writer.EndArray();
  write_totals(writer, counters);
  writer.EndObject();
  state_->stream->Put('\n');
  state_->stream->Flush();
  return state_->manifest->commit();
}

void open_reports(CappsContext& context) {
  context.reports = std::make_unique<RunReports>();
  const std::filesystem::path sums = context.options.dry_run ? std::filesystem::path() : context.output_dir / "SHA256SUMS";
  if (std::string error = context.reports->open(context.manifest_path, sums, context.options.dry_run); !error.empty())
    throw FatalError(error);
}

void write_reports(CappsContext& context) {
  if (std::string error = context.reports->finish(context.counters); !error.empty()) throw FatalError(error);
}

CappsContext::CappsContext(CappsOptions options_in, Reporter& reporter_in)
    : options(std::move(options_in)), reporter(reporter_in), transforms(default_capp_transforms(options.transforms)) {}

CappsContext::~CappsContext() = default;

ParsedManifest parse_manifest(std::string_view json) {
  ParsedManifest parsed;
  rapidjson::Document document;
  document.Parse<rapidjson::kParseStopWhenDoneFlag>(json.data(), json.size());
  if (document.HasParseError()) {
    parsed.error = std::string("not valid JSON at offset ") + std::to_string(document.GetErrorOffset()) + ": " +
                   rapidjson::GetParseError_En(document.GetParseError());
    return parsed;
  }
  if (!document.IsObject() || member_string(document, "tool") != "carport" || !document.HasMember("capps") ||
      !document["capps"].IsArray()) {
    parsed.error = "not a carport manifest";
    return parsed;
  }
  for (const rapidjson::Value& capp : document["capps"].GetArray()) {
    if (!capp.IsObject()) continue;
    ManifestOutput output{member_string(capp, "input"), member_string(capp, "output"), member_string(capp, "status"),
                          member_string(capp, "output_sha256"), 0};
    if (output.status == "failed") continue;
    if (auto it = capp.FindMember("output_size"); it != capp.MemberEnd() && it->value.IsUint64())
      output.size = it->value.GetUint64();
    parsed.outputs.push_back(std::move(output));
  }
  return parsed;
}

}  // namespace carport
