// `carport validate` stage 4: the report as text lines, JSON, SARIF 2.1.0 or JUnit XML. Deterministic:
// records in scan order, no times, no absolute paths other than those the user gave.

#include <pugixml.hpp>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "pipeline/atomic_file.hpp"
#include "pipeline/json_fields.hpp"
#include "pipeline/text.hpp"
#include "pipeline/validate.hpp"

namespace carport {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;


void write_optional_string(Writer& writer, std::string_view key, std::string_view value) {
  if (!value.empty()) return write_string(writer, key, value);
  writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  writer.Null();
}

std::string finish(const rapidjson::StringBuffer& buffer) { return std::string(buffer.GetString(), buffer.GetSize()) + "\n"; }

// ---- JSON -----------------------------------------------------------------------------------------

void write_finding(Writer& writer, const apidef::Finding& finding) {
  writer.StartObject();
  write_string(writer, "rule", finding.rule);
  write_string(writer, "severity", finding.is_error ? "error" : "warning");
  write_number(writer, "line", finding.line);
  write_number(writer, "column", finding.column);
  write_string(writer, "pointer", finding.pointer);
  write_string(writer, "message", finding.message);
  writer.EndObject();
}

void write_definition(Writer& writer, const DefinitionRecord& record) {
  writer.StartObject();
  write_string(writer, "path", record.path);
  write_string(writer, "entry", record.entry);
  write_string(writer, "kind", record.kind);
  write_string(writer, "spec_version", record.spec_version);
  write_string(writer, "title", record.title);
  write_string(writer, "api_version", record.api_version);
  write_optional_string(writer, "api_id", record.api_id);
  writer.Key("valid");
  writer.Bool(record.valid);
  if (!record.saved_as.empty()) write_string(writer, "saved_as", record.saved_as);
  writer.Key("findings");
  writer.StartArray();
  for (const apidef::Finding& finding : record.findings) write_finding(writer, finding);
  writer.EndArray();
  writer.EndObject();
}

void write_json_totals(Writer& writer, const ValidateCounters& counters) {
  writer.Key("totals");
  writer.StartObject();
  write_number(writer, "definitions", counters.definitions);
  write_number(writer, "valid", counters.valid);
  write_number(writer, "invalid", counters.invalid);
  write_number(writer, "warnings", counters.warnings);
  write_number(writer, "input_errors", counters.input_errors);
  write_number(writer, "saved", counters.saved);
  writer.EndObject();
}

std::string render_json(const ValidateContext& context) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.SetIndent(' ', 2);
  writer.StartObject();
  write_string(writer, "tool", "carport");
  write_string(writer, "version", CARPORT_VERSION);
  write_string(writer, "command", "validate");
  writer.Key("relaxed");
  writer.Bool(context.options.relaxed);
  writer.Key("definitions");
  writer.StartArray();
  for (const DefinitionRecord& record : context.records)
    if (record.read_error.empty()) write_definition(writer, record);
  writer.EndArray();
  writer.Key("errors");
  writer.StartArray();
  for (const DefinitionRecord& record : context.records) {
    if (record.read_error.empty()) continue;
    writer.StartObject();
    write_string(writer, "path", record.path);
    write_string(writer, "entry", record.entry);
    write_string(writer, "message", record.read_error);
    writer.EndObject();
  }
  writer.EndArray();
  write_json_totals(writer, context.counters);
  writer.EndObject();
  return finish(buffer);
}

// ---- SARIF 2.1.0 -------------------------------------------------------------------------------

/// A path as a SARIF URI reference: '/'-separated, percent-encoded; absolute paths as file:// URIs.
std::string sarif_uri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = path.starts_with("/") ? "file://" : "";
  for (unsigned char c : path) {
    if (std::isalnum(c) != 0 || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

void write_location(Writer& writer, const DefinitionRecord& record, std::uint32_t line, std::uint32_t column) {
  writer.StartObject();
  writer.Key("physicalLocation");
  writer.StartObject();
  writer.Key("artifactLocation");
  writer.StartObject();
  write_string(writer, "uri", sarif_uri(record.path));
  writer.EndObject();
  if (line != 0) {
    writer.Key("region");
    writer.StartObject();
    write_number(writer, "startLine", line);
    if (column != 0) write_number(writer, "startColumn", column);
    writer.EndObject();
  }
  writer.EndObject();
  writer.EndObject();
}

/// Where SARIF has no field of its own: the archive entry (regions then count in the entry), the API id.
void write_properties(Writer& writer, const DefinitionRecord& record, std::string_view pointer) {
  if (record.entry.empty() && record.api_id.empty() && pointer.empty()) return;
  writer.Key("properties");
  writer.StartObject();
  if (!record.entry.empty()) write_string(writer, "entry", record.entry);
  if (!record.api_id.empty()) write_string(writer, "api_id", record.api_id);
  if (!pointer.empty()) write_string(writer, "pointer", pointer);
  writer.EndObject();
}

void write_sarif_result(Writer& writer, const DefinitionRecord& record, const apidef::Finding& finding,
                        std::size_t rule_index) {
  writer.StartObject();
  write_string(writer, "ruleId", finding.rule);
  write_number(writer, "ruleIndex", rule_index);
  write_string(writer, "level", finding.is_error ? "error" : "warning");
  writer.Key("message");
  writer.StartObject();
  write_string(writer, "text", finding.message);
  writer.EndObject();
  writer.Key("locations");
  writer.StartArray();
  write_location(writer, record, finding.line, finding.column);
  writer.EndArray();
  write_properties(writer, record, finding.pointer);
  writer.EndObject();
}

void write_sarif_driver(Writer& writer, const std::map<std::string, std::size_t>& rules) {
  writer.Key("tool");
  writer.StartObject();
  writer.Key("driver");
  writer.StartObject();
  write_string(writer, "name", "carport");
  write_string(writer, "version", CARPORT_VERSION);
  write_string(writer, "semanticVersion", CARPORT_VERSION);
  writer.Key("rules");
  writer.StartArray();
  for (const auto& [id, index] : rules) {
    writer.StartObject();
    write_string(writer, "id", id);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  writer.EndObject();
}

/// Inputs that could not be read are tool execution notifications, not results.
void write_sarif_invocation(Writer& writer, const ValidateContext& context) {
  writer.Key("invocations");
  writer.StartArray();
  writer.StartObject();
  writer.Key("executionSuccessful");
  writer.Bool(context.counters.input_errors == 0);
  writer.Key("toolExecutionNotifications");
  writer.StartArray();
  for (const DefinitionRecord& record : context.records) {
    if (record.read_error.empty()) continue;
    writer.StartObject();
    write_string(writer, "level", "error");
    writer.Key("message");
    writer.StartObject();
    write_string(writer, "text", record.read_error);
    writer.EndObject();
    writer.Key("locations");
    writer.StartArray();
    write_location(writer, record, 0, 0);
    writer.EndArray();
    write_properties(writer, record, "");
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  writer.EndArray();
}

std::string render_sarif(const ValidateContext& context) {
  std::map<std::string, std::size_t> rules;  // sorted ids; indices assigned below
  for (const DefinitionRecord& record : context.records)
    for (const apidef::Finding& finding : record.findings) rules.emplace(finding.rule, 0);
  std::size_t next = 0;
  for (auto& [id, index] : rules) index = next++;

  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.SetIndent(' ', 2);
  writer.StartObject();
  write_string(writer, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  write_string(writer, "version", "2.1.0");
  writer.Key("runs");
  writer.StartArray();
  writer.StartObject();
  write_sarif_driver(writer, rules);
  write_sarif_invocation(writer, context);
  writer.Key("results");
  writer.StartArray();
  for (const DefinitionRecord& record : context.records)
    for (const apidef::Finding& finding : record.findings)
      write_sarif_result(writer, record, finding, rules.at(finding.rule));
  writer.EndArray();
  writer.EndObject();
  writer.EndArray();
  writer.EndObject();
  return finish(buffer);
}

// ---- JUnit XML ---------------------------------------------------------------------------------

struct StringXmlWriter final : pugi::xml_writer {
  std::string text;
  void write(const void* data, std::size_t size) override { text.append(static_cast<const char*>(data), size); }
};

void set_attribute(pugi::xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(clean_text(value).c_str());
}

/// One <testcase> per definition: <failure> with every error line when invalid, <error> when unreadable.
void append_testcase(pugi::xml_node suite, const DefinitionRecord& record) {
  pugi::xml_node testcase = suite.append_child("testcase");
  set_attribute(testcase, "classname", record.path);
  set_attribute(testcase, "name",
                record.entry.empty() ? std::filesystem::path(record.path).filename().string() : record.entry);
  set_attribute(testcase, "file", record.path);
  std::string errors;
  std::string warnings;
  const apidef::Finding* first_error = nullptr;
  const std::vector<Diagnostic> diagnostics = record_diagnostics(record);
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    (diagnostics[i].severity == Severity::error ? errors : warnings) += diagnostics[i].to_line() + "\n";
    if (first_error == nullptr && record.read_error.empty() && record.findings[i].is_error)
      first_error = &record.findings[i];
  }
  if (!record.read_error.empty()) {
    pugi::xml_node error = testcase.append_child("error");
    set_attribute(error, "message", record.read_error);
    set_attribute(error, "type", "read-error");
    error.append_child(pugi::node_pcdata).set_value(clean_text(errors).c_str());
  } else if (first_error != nullptr) {
    pugi::xml_node failure = testcase.append_child("failure");
    set_attribute(failure, "message", first_error->message);
    set_attribute(failure, "type", first_error->rule);
    failure.append_child(pugi::node_pcdata).set_value(clean_text(errors).c_str());
  }
  if (!warnings.empty())
    testcase.append_child("system-out").append_child(pugi::node_pcdata).set_value(clean_text(warnings).c_str());
}

std::string render_junit(const ValidateContext& context) {
  pugi::xml_document xml;
  pugi::xml_node declaration = xml.append_child(pugi::node_declaration);
  declaration.append_attribute("version").set_value("1.0");
  declaration.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node suite = xml.append_child("testsuite");
  const ValidateCounters& counters = context.counters;
  set_attribute(suite, "name", "carport validate");
  set_attribute(suite, "tests", std::to_string(counters.definitions + counters.input_errors));
  set_attribute(suite, "failures", std::to_string(counters.invalid));
  set_attribute(suite, "errors", std::to_string(counters.input_errors));
  set_attribute(suite, "skipped", "0");
  for (const DefinitionRecord& record : context.records) append_testcase(suite, record);
  StringXmlWriter writer;
  xml.save(writer, "  ", pugi::format_default, pugi::encoding_utf8);
  return writer.text;
}

// ---- text --------------------------------------------------------------------------------------

std::string render_text(const ValidateContext& context) {
  std::string text;
  for (const DefinitionRecord& record : context.records)
    for (const Diagnostic& diagnostic : record_diagnostics(record)) text += diagnostic.to_line() + "\n";
  return text;
}

}  // namespace

std::string render_validation_report(const ValidateContext& context) {
  switch (context.options.format) {
    case ReportFormat::text: return render_text(context);
    case ReportFormat::json: return render_json(context);
    case ReportFormat::sarif: return render_sarif(context);
    case ReportFormat::junit: return render_junit(context);
  }
  return {};
}

void write_validation_report(ValidateContext& context) {
  const std::filesystem::path& file = context.options.report_file;
  if (file.empty() && context.options.format == ReportFormat::text) return;  // stderr already has it all
  std::string report = render_validation_report(context);
  if (file.empty()) {
    context.stdout_report = std::move(report);
    return;
  }
  if (std::string error = write_file_atomically(file, report); !error.empty()) throw FatalError(error);
}

}  // namespace carport
