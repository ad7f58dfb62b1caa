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

#include "pipeline/text.hpp"
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

/// An API-M export folder holds the API's descriptor (api.yaml or api.json) next to Definitions/ (or WSDL/);
/// a lone api.yaml is just a definition file.
bool is_export_folder(const fs::path& folder) {
  std::error_code ec;
  const bool descriptor = fs::is_regular_file(folder / "api.yaml", ec) || fs::is_regular_file(folder / "api.json", ec);
  return descriptor && (fs::is_directory(folder / "Definitions", ec) || fs::is_directory(folder / "WSDL", ec));
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
  std::error_code ec;
  const char* descriptor = fs::is_regular_file(source.source / "api.yaml", ec) ? "api.yaml" : "api.json";
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


// ---- archives: CApps, API-M export zips, nested CApps --------------------------------------------

/// What one archive (with the CApps nested in it) holds; kept only if the whole archive reads.
struct ArchiveFindings {
  std::vector<DefinitionJob> jobs;
  std::vector<SourceItem> skipped;  ///< definitions not read (over --max-transform-size)
  std::vector<Diagnostic> notes;
  std::uint64_t archives = 0;
  std::uint64_t nested_archives = 0;  ///< nested CApps opened in this source, all levels (--max-nested-capps)
};

/// A failure that makes the whole archive unreadable; entry is relative to the failing archive.
struct ArchiveFailure {
  std::string entry;
  std::string message;
};

struct WantedDefinition {
  DefinitionRole role = DefinitionRole::openapi;
  std::string api_id;
};

/// The entries of one archive that matter, by what they are (indices into Archive::entries()).
struct ArchivePlan {
  std::vector<std::size_t> registry_infos;  ///< <artifact>/registry-info.xml
  std::vector<std::size_t> api_configs;     ///< <artifact>/<file>.xml: may be an API with publishSwagger
  std::vector<std::size_t> descriptors;     ///< api.yaml / api.json at the top or one folder down
  std::vector<std::size_t> nested;          ///< dependencies/*.car
  std::map<std::string, WantedDefinition> definitions;  ///< entry name -> role; sorted by name
};

std::string_view base_name(std::string_view name) {
  const std::size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

/// MI treats metadata/<dir>/ with "_swagger" in the folder name as an API definition (capp-format §8a).
bool is_swagger_metadata(std::string_view name) {
  if (!name.starts_with("metadata/")) return false;
  const std::string_view rest = name.substr(9);
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos || rest.find('/', slash + 1) != std::string_view::npos) return false;
  if (rest.substr(0, slash).find("_swagger") == std::string_view::npos) return false;
  return ends_with_ignoring_case(name, ".yaml") || ends_with_ignoring_case(name, ".yml") ||
         ends_with_ignoring_case(name, ".json");
}

ArchivePlan plan_archive(const std::vector<EntryInfo>& entries) {
  ArchivePlan plan;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string& name = entries[i].name;
    const std::string_view base = base_name(name);
    if (entries[i].is_directory() || name.starts_with("__MACOSX/") || name.starts_with("META-INF/") ||
        base.starts_with("._"))
      continue;
    const auto slashes = std::count(name.begin(), name.end(), '/');
    if (name.starts_with("dependencies/") && ends_with_ignoring_case(name, ".car")) plan.nested.push_back(i);
    else if (is_swagger_metadata(name)) plan.definitions.emplace(name, WantedDefinition{});
    else if (slashes <= 1 && (base == "api.yaml" || base == "api.json")) plan.descriptors.push_back(i);
    else if (slashes == 1 && base == "registry-info.xml") plan.registry_infos.push_back(i);
    else if (slashes == 1 && base != "artifact.xml" && !name.starts_with("metadata/") &&
             ends_with_ignoring_case(name, ".xml"))
      plan.api_configs.push_back(i);
  }
  return plan;
}

/// 1-based line and column of a byte offset.
std::pair<std::uint32_t, std::uint32_t> line_column(std::string_view text, std::ptrdiff_t offset) {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  const auto end = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(offset, 0, std::ssize(text)));
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

/// Reads and checks the whole archive (nested CApps too) and collects its definitions.
class ArchiveScanner {
 public:
  ArchiveScanner(const ArchiveLimits& limits, const std::string& path, ArchiveFindings& findings)
      : limits_(limits), path_(path), findings_(findings) {}

  /// prefix: "" at the top, "dependencies/b.car!" inside a nested CApp.
  std::optional<ArchiveFailure> scan(std::string_view bytes, const std::string& prefix, unsigned depth);

 private:
  enum class Read { ok, too_large, failed };
  Read read_wanted(std::size_t index, std::string& out, std::string& error);
  std::optional<ArchiveFailure> read_registry(const ArchivePlan& plan, std::map<std::string, std::string>& resources);
  std::optional<ArchiveFailure> read_publish_swagger(ArchivePlan& plan,
                                                     const std::map<std::string, std::string>& resources,
                                                     const std::string& prefix);
  std::optional<ArchiveFailure> read_exports(ArchivePlan& plan, const std::string& prefix);
  std::optional<ArchiveFailure> read_definitions(const ArchivePlan& plan, const std::string& prefix);
  std::optional<ArchiveFailure> read_nested(const ArchivePlan& plan, const std::string& prefix, unsigned depth);
  std::optional<ArchiveFailure> verify_rest();

  const ArchiveLimits& limits_;
  const std::string& path_;
  ArchiveFindings& findings_;
  const Archive* archive_ = nullptr;  ///< the archive being scanned (one per scan() frame)
  std::vector<bool> done_;            ///< entries already decompressed (and so CRC-checked)
};

ArchiveScanner::Read ArchiveScanner::read_wanted(std::size_t index, std::string& out, std::string& error) {
  const EntryInfo& info = archive_->entries()[index];
  if (info.uncompressed_size > limits_.max_transform_entry) return Read::too_large;
  error = archive_->read_entry(info.index, &out);
  done_[index] = true;
  return error.empty() ? Read::ok : Read::failed;
}

/// Registry resources of the CApp: registry path -> entry name (items and collections, capp-format §6.1).
std::optional<ArchiveFailure> ArchiveScanner::read_registry(const ArchivePlan& plan,
                                                            std::map<std::string, std::string>& resources) {
  const std::vector<EntryInfo>& entries = archive_->entries();
  for (std::size_t index : plan.registry_infos) {
    std::string bytes;
    std::string error;
    const Read read = read_wanted(index, bytes, error);
    if (read == Read::failed) return ArchiveFailure{entries[index].name, error};
    pugi::xml_document xml;
    if (read != Read::ok || !xml.load_buffer(bytes.data(), bytes.size())) continue;
    const std::string artifact = entries[index].name.substr(0, entries[index].name.find('/'));
    for (pugi::xml_node node : xml.document_element().children()) {
      const std::string registry = node.child_value("path");
      if (std::string_view(node.name()) == "item") {
        const std::string file = node.child_value("file");
        resources[registry_path(registry + "/" + file)] = artifact + "/resources/" + file;
      } else if (std::string_view(node.name()) == "collection") {
        const std::string folder = artifact + "/resources/" + node.child_value("directory") + "/";
        for (const EntryInfo& info : entries)
          if (!info.is_directory() && info.name.starts_with(folder))
            resources[registry_path(registry + "/" + info.name.substr(folder.size()))] = info.name;
      }
    }
  }
  return std::nullopt;
}

/// Definitions an API names in publishSwagger="..." (capp-format §8b/c), looked up in the CApp's registry.
std::optional<ArchiveFailure> ArchiveScanner::read_publish_swagger(
    ArchivePlan& plan, const std::map<std::string, std::string>& resources, const std::string& prefix) {
  for (std::size_t index : plan.api_configs) {
    const std::string& name = archive_->entries()[index].name;
    std::string bytes;
    std::string error;
    const Read read = read_wanted(index, bytes, error);
    if (read == Read::failed) return ArchiveFailure{name, error};
    if (read != Read::ok || bytes.find("publishSwagger") == std::string::npos) continue;
    pugi::xml_document xml;
    if (!xml.load_buffer(bytes.data(), bytes.size())) continue;
    const pugi::xml_node api = xml.document_element();
    const std::string_view element = api.name();
    const std::string_view local = element.substr(element.find(':') == std::string_view::npos ? 0 : element.find(':') + 1);
    const std::string key = api.attribute("publishSwagger").value();
    if (local != "api" || key.empty()) continue;
    if (auto it = resources.find(registry_path(key)); it != resources.end()) {
      plan.definitions.emplace(it->second, WantedDefinition{});
      continue;
    }
    const std::ptrdiff_t name_at = api.offset_debug();  // points after the '<'
    const auto [line, column] = line_column(bytes, name_at > 0 ? name_at - 1 : name_at);
    findings_.notes.push_back({Severity::warning, path_, prefix + name, line, column,
                               "publishSwagger resource " + key + " is not in this CApp; not validated"});
  }
  return std::nullopt;
}

/// API-M export zips: the definitions next to each api.yaml / api.json (with Definitions/ or WSDL/ beside it),
/// with its API id.
std::optional<ArchiveFailure> ArchiveScanner::read_exports(ArchivePlan& plan, const std::string& prefix) {
  const std::vector<EntryInfo>& entries = archive_->entries();
  for (std::size_t index : plan.descriptors) {
    const std::string& name = entries[index].name;
    const std::string top = name.substr(0, name.size() - base_name(name).size());
    const bool has_definitions = std::any_of(entries.begin(), entries.end(), [&](const EntryInfo& info) {
      return info.name.starts_with(top + "Definitions/") || info.name.starts_with(top + "WSDL/");
    });
    if (!has_definitions) continue;  // a lone api.yaml is not an export
    std::string bytes;
    std::string error;
    const Read read = read_wanted(index, bytes, error);
    if (read == Read::failed) return ArchiveFailure{name, error};
    const std::string api_id = read == Read::ok ? read_api_id(bytes, path_, prefix + name, findings_.notes) : "";
    for (const EntryInfo& info : entries) {
      if (info.is_directory() || !info.name.starts_with(top)) continue;
      if (auto role = export_definition_role(std::string_view(info.name).substr(top.size())))
        plan.definitions[info.name] = WantedDefinition{*role, api_id};
    }
  }
  return std::nullopt;
}

std::optional<ArchiveFailure> ArchiveScanner::read_definitions(const ArchivePlan& plan, const std::string& prefix) {
  std::unordered_map<std::string_view, std::size_t> index_of;
  for (std::size_t i = 0; i < archive_->entries().size(); ++i) index_of.emplace(archive_->entries()[i].name, i);
  for (const auto& [name, wanted] : plan.definitions) {
    const std::size_t index = index_of.at(name);
    DefinitionJob job{path_, prefix + name, wanted.role, wanted.api_id, {}};
    std::string error;
    const Read read = read_wanted(index, job.bytes, error);
    if (read == Read::failed) return ArchiveFailure{name, error};
    if (read == Read::too_large) {
      SourceItem item;
      item.record = {path_, job.entry, "definition is " + std::to_string(archive_->entries()[index].uncompressed_size) +
                                           " bytes, over the limit of " + std::to_string(limits_.max_transform_entry) +
                                           " (--max-transform-size); not validated"};
      findings_.skipped.push_back(std::move(item));
      continue;
    }
    findings_.jobs.push_back(std::move(job));
  }
  return std::nullopt;
}

/// Fat CARs: dependencies/*.car, scanned recursively up to --max-nesting (as `carport capps`).
std::optional<ArchiveFailure> ArchiveScanner::read_nested(const ArchivePlan& plan, const std::string& prefix,
                                                          unsigned depth) {
  for (std::size_t index : plan.nested) {
    const std::string& name = archive_->entries()[index].name;
    if (depth + 1 > limits_.max_nesting)
      return ArchiveFailure{name, "nested CApps deeper than " + std::to_string(limits_.max_nesting) +
                                      " levels (--max-nesting)"};
    if (++findings_.nested_archives > limits_.max_nested_archives)
      return ArchiveFailure{name, "more than " + std::to_string(limits_.max_nested_archives) +
                                      " nested CApps in one CApp (--max-nested-capps; fan-out bomb?)"};
    std::string bytes;
    std::string error;
    const Read read = read_wanted(index, bytes, error);
    if (read == Read::failed) return ArchiveFailure{name, error};
    if (read == Read::too_large) {
      findings_.notes.push_back({Severity::warning, path_, prefix + name, 0, 0,
                                 "nested CApp is larger than " + std::to_string(limits_.max_transform_entry) +
                                     " bytes (--max-transform-size); not examined"});
      continue;
    }
    ArchiveScanner inner(limits_, path_, findings_);
    if (auto failure = inner.scan(bytes, prefix + name + "!", depth + 1))
      return ArchiveFailure{failure->entry.empty() ? name : name + "!" + failure->entry, failure->message};
  }
  return std::nullopt;
}

/// Every entry not read yet is streamed through once, so libzip checks its CRC and size.
std::optional<ArchiveFailure> ArchiveScanner::verify_rest() {
  const std::vector<EntryInfo>& entries = archive_->entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (done_[i]) continue;
    if (std::string error = archive_->read_entry(entries[i].index, nullptr); !error.empty())
      return ArchiveFailure{entries[i].name, error};
  }
  return std::nullopt;
}

std::optional<ArchiveFailure> ArchiveScanner::scan(std::string_view bytes, const std::string& prefix,
                                                   unsigned depth) {
  ArchiveError error;
  const std::unique_ptr<Archive> archive = Archive::open(bytes, limits_, error);
  if (!archive) return ArchiveFailure{error.entry, error.message};
  ++findings_.archives;
  archive_ = archive.get();
  done_.assign(archive->entries().size(), false);
  ArchivePlan plan = plan_archive(archive->entries());
  std::map<std::string, std::string> resources;
  if (auto failure = read_registry(plan, resources)) return failure;
  if (auto failure = read_publish_swagger(plan, resources, prefix)) return failure;
  if (auto failure = read_exports(plan, prefix)) return failure;
  if (auto failure = read_definitions(plan, prefix)) return failure;
  if (auto failure = read_nested(plan, prefix, depth)) return failure;
  return verify_rest();
}

void gather_archive(const ValidateSource& source, const ArchiveLimits& limits, std::vector<DefinitionJob>& jobs,
                    SourceResult& result) {
  ArchiveFindings findings;
  {
    FileReadResult read = read_file(source.source, limits.max_archive_bytes);
    if (!read.error.empty()) return add_failure(result, source.display, "", read.error);
    ++result.files;
    result.bytes_read += read.bytes.size();
    ArchiveScanner scanner(limits, source.display, findings);
    std::optional<ArchiveFailure> failure = scanner.scan(read.bytes, "", 0);
    result.archives += findings.archives;
    if (failure) return add_failure(result, source.display, failure->entry, failure->message);
  }
  if (findings.jobs.empty() && findings.skipped.empty())
    findings.notes.push_back({Severity::note, source.display, "", 0, 0, "no API definitions found"});
  std::move(findings.jobs.begin(), findings.jobs.end(), std::back_inserter(jobs));
  std::move(findings.skipped.begin(), findings.skipped.end(), std::back_inserter(result.items));
  std::move(findings.notes.begin(), findings.notes.end(), std::back_inserter(result.notes));
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
