// Stage 1 and 2: where the output goes, and which CApps there are.

#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>
#include <system_error>

#include "pipeline/atomic_file.hpp"
#include "pipeline/text.hpp"
#include "pipeline/context.hpp"

namespace carport {
namespace fs = std::filesystem;

namespace {

bool has_car_extension(const fs::path& path) { return ends_with_ignoring_case(path.filename().string(), ".car"); }

/// The path with trailing separators dropped ("in/" -> "in"), so parent_path() means "..".
fs::path without_trailing_separator(const fs::path& path) {
  std::string text = path.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return fs::path(text);
}

fs::path canonical_or_absolute(const fs::path& path) {
  std::error_code ec;
  fs::path result = fs::weakly_canonical(path, ec);
  return ec ? fs::absolute(path).lexically_normal() : result;
}

bool is_empty_folder(const fs::path& path) {
  std::error_code ec;
  return fs::is_empty(path, ec) || ec;
}

/// Every *.car under folder, recursively, not following folder symlinks, skipping the output folder.
void scan_folder(CappsContext& context, const fs::path& folder, const fs::path& output_canonical,
                 std::vector<CappInput>& found) {
  std::error_code ec;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code status_error;
    if (it->is_directory(status_error) && !it->is_symlink(status_error)) {
      if (canonical_or_absolute(it->path()) == output_canonical) it.disable_recursion_pending();
      continue;
    }
    if (!has_car_extension(it->path()) || !it->is_regular_file(status_error)) continue;
    if (it->path().filename().string().find(kTempMarker) != std::string::npos) continue;
    const fs::path relative = it->path().lexically_relative(folder);
    found.push_back({it->path().string(), relative.generic_string(), {}});
  }
  if (ec)
    context.reporter.report({Severity::warning, folder.string(), "", 0, 0, "cannot list folder: " + ec.message()});
}

}  // namespace

void resolve_output(CappsContext& context) {
  const CappsOptions& options = context.options;
  if (options.inputs.empty()) throw FatalError("no input given");
  for (const fs::path& input : options.inputs) {
    std::error_code ec;
    if (!fs::exists(input, ec)) throw FatalError("input not found: " + input.string());
  }
  if (!options.output_dir.empty()) {
    context.output_dir = options.output_dir;
  } else if (options.inputs.size() == 1 && fs::is_directory(options.inputs.front())) {
    // As WSO2's migration tool: `tool DIR` writes DIR/../migrated_capps.
    context.output_dir =
        (without_trailing_separator(options.inputs.front()) / "..").lexically_normal() / "migrated_capps";
  } else {
    context.output_dir = "migrated_capps";
  }
  context.manifest_path = !options.report_file.empty() ? options.report_file
                          : options.dry_run           ? fs::path()
                                                      : context.output_dir / "manifest.json";

  const fs::path output_canonical = canonical_or_absolute(context.output_dir);
  for (const fs::path& input : options.inputs) {
    if (canonical_or_absolute(input) == output_canonical)
      throw FatalError("output folder " + context.output_dir.string() + " is also an input");
  }
  if (options.dry_run) return;
  std::error_code ec;
  if (fs::exists(context.output_dir, ec) && !fs::is_directory(context.output_dir, ec))
    throw FatalError("output path " + context.output_dir.string() + " exists and is not a folder");
  if (fs::is_directory(context.output_dir, ec)) {
    context.counters.stale_temp_files_removed = sweep_stale_temp_files(context.output_dir);
    if (!options.force && !is_empty_folder(context.output_dir))
      throw FatalError("output folder " + context.output_dir.string() + " is not empty (use --force to overwrite)");
  }
  fs::create_directories(context.output_dir, ec);
  if (ec) throw FatalError("cannot create output folder " + context.output_dir.string() + ": " + ec.message());
}

void scan_inputs(CappsContext& context) {
  const fs::path output_canonical = canonical_or_absolute(context.output_dir);
  std::vector<CappInput> found;
  for (const fs::path& input : context.options.inputs) {
    std::error_code ec;
    const fs::file_status status = fs::status(input, ec);
    if (ec || !fs::exists(status)) throw FatalError("input not found: " + input.string());
    if (fs::is_directory(status)) {
      std::vector<CappInput> in_folder;
      scan_folder(context, input, output_canonical, in_folder);
      std::sort(in_folder.begin(), in_folder.end(),
                [](const CappInput& a, const CappInput& b) { return a.output_relative < b.output_relative; });
      std::move(in_folder.begin(), in_folder.end(), std::back_inserter(found));
    } else {
      found.push_back({input.string(), input.filename().string(), {}});
    }
  }
  // Two inputs may map to one output name (a.car named twice, or two folders): first one wins.
  // Names under one folder are unique, so a single input needs no check.
  if (context.options.inputs.size() > 1) {
    std::unordered_map<std::string_view, std::string_view> claimed;
    for (CappInput& input : found) {
      auto [it, inserted] = claimed.emplace(input.output_relative, input.path);
      if (!inserted) input.collision_with = it->second;
    }
  }
  context.inputs = std::move(found);
  context.counters.capps_scanned = context.inputs.size();
}

}  // namespace carport
