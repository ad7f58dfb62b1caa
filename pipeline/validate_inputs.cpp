// `carport validate` stages 1 and 2, and the per-source reader: which inputs there are, and which
// definitions each holds (plain files, CApps, API-M export folders and zips).

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>

#include "pipeline/archive.hpp"
#include "pipeline/atomic_file.hpp"
#include "pipeline/document.hpp"
#include "pipeline/validate.hpp"

namespace carport {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && lower(text.substr(text.size() - suffix.size())) == suffix;
}

bool has_any_extension(const fs::path& path, std::initializer_list<std::string_view> extensions) {
  const std::string extension = lower(path.extension().string());
  return std::find(extensions.begin(), extensions.end(), extension) != extensions.end();
}

bool is_archive_name(const fs::path& path) { return has_any_extension(path, {".car", ".zip"}); }

bool is_definition_name(const fs::path& path) {
  return has_any_extension(path, {".json", ".yaml", ".yml", ".graphql", ".graphqls", ".gql", ".wsdl"});
}

fs::path canonical_or_absolute(const fs::path& path) {
  std::error_code ec;
  fs::path result = fs::weakly_canonical(path, ec);
  return ec ? fs::absolute(path).lexically_normal() : result;
}

/// An API-M export folder holds the API's descriptor (api.yaml or api.json) at its top.
bool is_export_folder(const fs::path& folder) {
  std::error_code ec;
  return fs::is_regular_file(folder / "api.yaml", ec) || fs::is_regular_file(folder / "api.json", ec);
}

/// "in/" + "x.yaml" -> "in/x.yaml" (no doubled separator).
std::string join_display(std::string display, std::string_view relative) {
  while (display.size() > 1 && display.back() == '/') display.pop_back();
  return display + "/" + std::string(relative);
}

ValidateSource make_source(ValidateSource::Kind kind, const fs::path& path) {
  std::string display = path.string();
  std::string sort_key = kind == ValidateSource::Kind::export_folder ? join_display(display, "") : display;
  return {kind, path, std::move(display), std::move(sort_key)};
}

/// Paths the scan must not read: our own outputs.
struct Excluded {
  fs::path save_dir;     ///< canonical, or empty
  fs::path report_file;  ///< canonical, or empty
};

/// Definition files, archives and export folders under folder, recursively (folder symlinks not followed).
void scan_folder(Reporter& reporter, const fs::path& folder, const Excluded& excluded,
                 std::vector<ValidateSource>& found) {
  std::error_code ec;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code status_error;
    const fs::path& path = it->path();
    if (it->is_directory(status_error) && !it->is_symlink(status_error)) {
      if (!excluded.save_dir.empty() && canonical_or_absolute(path) == excluded.save_dir) {
        it.disable_recursion_pending();
      } else if (is_export_folder(path)) {
        found.push_back(make_source(ValidateSource::Kind::export_folder, path));
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!it->is_regular_file(status_error)) continue;
    if (path.filename().string().find(kTempMarker) != std::string::npos) continue;
    if (!excluded.report_file.empty() && path.filename() == excluded.report_file.filename() &&
        canonical_or_absolute(path) == excluded.report_file)
      continue;
    if (is_archive_name(path)) found.push_back(make_source(ValidateSource::Kind::archive, path));
    else if (is_definition_name(path)) found.push_back(make_source(ValidateSource::Kind::definition_file, path));
  }
  if (ec) reporter.report({Severity::warning, folder.string(), "", 0, 0, "cannot list folder: " + ec.message()});
}

// ---- one source -> definition jobs ------------------------------------------------------------

void add_failure(SourceResult& result, std::string path, std::string entry, std::string message) {
  SourceItem item;
  item.record.path = std::move(path);
  item.record.entry = std::move(entry);
  item.record.read_error = std::move(message);
  result.items.push_back(std::move(item));
}

/// The API UUID of an export from its api.yaml / api.json (`data.id`, or `id` in older formats).
std::string read_api_id(std::string_view bytes, const std::string& path, const std::string& entry,
                        std::vector<Diagnostic>& notes) {
  const doc::LoadResult loaded = doc::load_document(bytes);
  if (!loaded.document || loaded.document->root() == nullptr) {
    const doc::LoadError error = loaded.error.value_or(doc::LoadError{0, 0, "empty document"});
    notes.push_back({Severity::warning, path, entry, error.line, error.column,
                     "cannot read the API id: " + error.message + "; definitions are saved under location names"});
    return {};
  }
  const doc::Node* root = loaded.document->root();
  const doc::Node* data = root->find("data");
  const doc::Node* id = data != nullptr ? data->find("id") : nullptr;
  if (id == nullptr) id = root->find("id");
  if (id == nullptr || id->kind != doc::NodeKind::string) return {};
  const bool usable = !id->text.empty() && id->text.size() <= 128 && id->text != "." && id->text != ".." &&
                      std::all_of(id->text.begin(), id->text.end(), [](unsigned char c) {
                        return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
                      });
  if (usable) return id->text;
  notes.push_back({Severity::warning, path, entry, id->line, id->column,
                   "API id is not usable as a file name; definitions are saved under location names"});
  return {};
}

/// Which export files are definitions: Definitions/{swagger,asyncapi}.{yaml,yml,json},
/// Definitions/schema.graphql, Definitions/*.wsdl and WSDL/*.wsdl (relative to the export's top).
std::optional<DefinitionRole> export_definition_role(std::string_view relative) {
  std::string_view name;
  bool in_wsdl_folder = false;
  if (relative.starts_with("Definitions/")) {
    name = relative.substr(12);
  } else if (relative.starts_with("WSDL/")) {
    name = relative.substr(5);
    in_wsdl_folder = true;
  } else {
    return std::nullopt;
  }
  if (name.empty() || name.find('/') != std::string_view::npos) return std::nullopt;
  const std::string lowered = lower(name);
  if (lowered.ends_with(".wsdl")) return DefinitionRole::wsdl;
  if (in_wsdl_folder) return std::nullopt;
  if (lowered == "swagger.yaml" || lowered == "swagger.yml" || lowered == "swagger.json") return DefinitionRole::openapi;
  if (lowered == "asyncapi.yaml" || lowered == "asyncapi.yml" || lowered == "asyncapi.json")
    return DefinitionRole::asyncapi;
  if (lowered == "schema.graphql") return DefinitionRole::graphql;
  return std::nullopt;
}

void gather_definition_file(const ValidateSource& source, const ArchiveLimits& limits,
                            std::vector<DefinitionJob>& jobs, SourceResult& result) {
  FileReadResult read = read_file(source.source, limits.max_archive_bytes);
  if (!read.error.empty()) return add_failure(result, source.display, "", read.error);
  ++result.files;
  result.bytes_read += read.bytes.size();
  jobs.push_back({source.display, "", DefinitionRole::any, "", std::move(read.bytes)});
}

/// The files of an export folder that are definitions, sorted, relative to the folder.
std::vector<std::pair<std::string, DefinitionRole>> export_folder_definitions(const fs::path& folder) {
  std::vector<std::pair<std::string, DefinitionRole>> found;
  for (const char* sub : {"Definitions", "WSDL"}) {
    std::error_code ec;
    for (fs::directory_iterator it(folder / sub, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code status_error;
      if (!it->is_regular_file(status_error)) continue;
      const std::string relative = std::string(sub) + "/" + it->path().filename().string();
      if (auto role = export_definition_role(relative)) found.emplace_back(relative, *role);
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

void gather_export_folder(const ValidateSource& source, const ArchiveLimits& limits,
                          std::vector<DefinitionJob>& jobs, SourceResult& result) {
  std::string api_id;
  const char* descriptor = fs::exists(source.source / "api.yaml") ? "api.yaml" : "api.json";
  const std::string descriptor_display = join_display(source.display, descriptor);
  FileReadResult read = read_file(source.source / descriptor, limits.max_archive_bytes);
  if (read.error.empty()) {
    ++result.files;
    result.bytes_read += read.bytes.size();
    api_id = read_api_id(read.bytes, descriptor_display, "", result.notes);
  } else {
    result.notes.push_back({Severity::warning, descriptor_display, "", 0, 0, "cannot read the API id: " + read.error});
  }
  const auto definitions = export_folder_definitions(source.source);
  if (definitions.empty())
    result.notes.push_back({Severity::warning, source.display, "", 0, 0, "API-M export without API definitions"});
  for (const auto& [relative, role] : definitions) {
    const std::string display = join_display(source.display, relative);
    FileReadResult file = read_file(source.source / relative, limits.max_archive_bytes);
    if (!file.error.empty()) {
      add_failure(result, display, "", file.error);
      continue;
    }
    ++result.files;
    result.bytes_read += file.bytes.size();
    jobs.push_back({display, "", role, api_id, std::move(file.bytes)});
  }
}

}  // namespace

// ---- registry paths -------------------------------------------------------------------------

std::string registry_path(std::string_view key) {
  while (!key.empty() && std::isspace(static_cast<unsigned char>(key.front())) != 0) key.remove_prefix(1);
  while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back())) != 0) key.remove_suffix(1);
  static const std::pair<std::string_view, std::string_view> kPrefixes[] = {
      {"gov:", "/_system/governance/"},
      {"conf:", "/_system/config/"},
      {"local:", "/_system/local/"},
      {"resources:", "/_system/governance/mi-resources/"},
  };
  std::string full;
  for (const auto& [prefix, root] : kPrefixes) {
    if (key.starts_with(prefix)) {
      full = std::string(root) + std::string(key.substr(prefix.size()));
      break;
    }
  }
  if (full.empty()) full = key.starts_with("/_system/") ? std::string(key) : "/_system/governance/" + std::string(key);
  std::string normal;  // collapse "//" and drop a trailing "/"
  for (char c : full)
    if (c != '/' || normal.empty() || normal.back() != '/') normal += c;
  if (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

// ---- stages 1 and 2 -----------------------------------------------------------------------------

void resolve_validate(ValidateContext& context) {
  const ValidateRunOptions& options = context.options;
  if (options.inputs.empty()) throw FatalError("no input given");
  for (const fs::path& input : options.inputs) {
    std::error_code ec;
    if (!fs::exists(input, ec)) throw FatalError("input not found: " + input.string());
  }
  context.validator_options.relaxed = options.relaxed;
  if (options.save_invalid_dir.empty()) return;
  std::error_code ec;
  if (fs::exists(options.save_invalid_dir, ec) && !fs::is_directory(options.save_invalid_dir, ec))
    throw FatalError("--save-invalid path " + options.save_invalid_dir.string() + " exists and is not a folder");
  fs::create_directories(options.save_invalid_dir, ec);
  if (ec) throw FatalError("cannot create folder " + options.save_invalid_dir.string() + ": " + ec.message());
  (void)sweep_stale_temp_files(options.save_invalid_dir);
}

void scan_validate_inputs(ValidateContext& context) {
  const ValidateRunOptions& options = context.options;
  Excluded excluded;
  if (!options.save_invalid_dir.empty()) excluded.save_dir = canonical_or_absolute(options.save_invalid_dir);
  if (!options.report_file.empty()) excluded.report_file = canonical_or_absolute(options.report_file);
  std::vector<ValidateSource> found;
  for (const fs::path& input : options.inputs) {
    std::error_code ec;
    const fs::file_status status = fs::status(input, ec);
    if (ec || !fs::exists(status)) throw FatalError("input not found: " + input.string());
    if (fs::is_directory(status)) {
      if (is_export_folder(input)) found.push_back(make_source(ValidateSource::Kind::export_folder, input));
      else scan_folder(context.reporter, input, excluded, found);
    } else {
      found.push_back(make_source(is_archive_name(input) ? ValidateSource::Kind::archive
                                                         : ValidateSource::Kind::definition_file,
                                  input));
    }
  }
  std::sort(found.begin(), found.end(),
            [](const ValidateSource& a, const ValidateSource& b) { return a.sort_key < b.sort_key; });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const ValidateSource& a, const ValidateSource& b) { return a.sort_key == b.sort_key; }),
              found.end());
  context.sources = std::move(found);
}

// The archive reader (CApps, export zips, nested CApps) is in the second half of this file.
void gather_archive(const ValidateSource& source, const ArchiveLimits& limits, std::vector<DefinitionJob>& jobs,
                    SourceResult& result);

void gather_source(const ValidateSource& source, const ArchiveLimits& limits, std::vector<DefinitionJob>& jobs,
                   SourceResult& result) {
  try {
    switch (source.kind) {
      case ValidateSource::Kind::definition_file: return gather_definition_file(source, limits, jobs, result);
      case ValidateSource::Kind::export_folder: return gather_export_folder(source, limits, jobs, result);
      case ValidateSource::Kind::archive: return gather_archive(source, limits, jobs, result);
    }
  } catch (const std::exception& exception) {
    jobs.clear();
    result.items.clear();
    add_failure(result, source.display, "", std::string("internal error while reading: ") + exception.what());
  }
}

}  // namespace carport
