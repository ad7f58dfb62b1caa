// End-to-end tests: the real carport binary on CApps built by the tests in temp folders.
// Nothing here reads ../shared; the corpus is covered by tests/corpus/corpus_test.cpp.

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/sha256.hpp"
#include "tests/support/process.hpp"
#include "tests/support/zip_fixture.hpp"

namespace {

using carport::testing::lines_starting_with;
using carport::testing::split_lines;

namespace fs = std::filesystem;
using carport::sha256_hex;
using namespace carport::testing;

constexpr const char* kSheetEntry = "AddNumbers_xsltStyleSheet_1.0.0/resources/AddNumbers_xsltStyleSheet.xml";
constexpr const char* kSearch = R"(extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput")";
constexpr const char* kReplace =
    R"(extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" exclude-result-prefixes="xs")";
constexpr const char* kTempMarker = ".carport-tmp.";

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("replace_once: pattern not found: " + from);
  text.replace(at, from.size(), to);
  return text;
}

/// What WSO2's tool (and carport) turns the form-A sheet into.
std::string migrated_form_a() { return replace_once(form_a_stylesheet(), kSearch, kReplace); }

/// What carport turns the form-D sheet into (xs dropped, exclude-result-prefixes added after the attribute).
std::string migrated_form_d() {
  return replace_once(
      form_d_stylesheet(),
      R"(extension-element-prefixes="xs own runTimeProperties notXSLTCompatible firstElementOfTheInput")",
      R"(extension-element-prefixes="own runTimeProperties notXSLTCompatible firstElementOfTheInput" exclude-result-prefixes="xs")");
}



std::vector<std::string> error_lines(const std::string& text) { return lines_starting_with(text, "carport: error:"); }

/// Every file, folder and symlink under root: relative path -> "dir", "link" or "file:<sha256>".
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> tree;
  if (!fs::exists(root)) return tree;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const std::string relative = it->path().lexically_relative(root).generic_string();
    if (it->is_symlink()) {
      tree[relative] = "link";
    } else if (it->is_directory()) {
      tree[relative] = "dir";
    } else {
      tree[relative] = "file:" + sha256_hex(read_bytes(it->path()));
    }
  }
  return tree;
}

/// The snapshot without the paths at or under `excluded` (relative, '/'-separated).
std::map<std::string, std::string> snapshot_without(const fs::path& root, const std::string& excluded) {
  std::map<std::string, std::string> tree = snapshot(root);
  std::erase_if(tree, [&](const auto& item) {
    return item.first == excluded || item.first.starts_with(excluded + "/");
  });
  return tree;
}

/// Relative names of regular files under root, sorted.
std::set<std::string> files_under(const fs::path& root) {
  std::set<std::string> names;
  if (!fs::exists(root)) return names;
  for (const auto& item : fs::recursive_directory_iterator(root))
    if (item.is_regular_file()) names.insert(item.path().lexically_relative(root).generic_string());
  return names;
}

std::vector<std::string> temp_debris(const fs::path& root) {
  std::vector<std::string> found;
  for (const auto& item : fs::recursive_directory_iterator(root))
    if (item.path().filename().string().find(kTempMarker) != std::string::npos)
      found.push_back(item.path().string());
  return found;
}

std::vector<std::string> names_of(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::vector<std::string> names;
  for (const auto& entry : entries) names.push_back(entry.first);
  return names;
}

std::string content_of(const std::vector<std::pair<std::string, std::string>>& entries, const std::string& name) {
  for (const auto& entry : entries)
    if (entry.first == name) return entry.second;
  throw std::logic_error("no entry " + name);
}

/// Compressed size of entry `index` as libzip reads it from the central directory.
std::uint64_t compressed_size(const std::string& bytes, zip_uint64_t index) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) throw std::runtime_error("compressed_size: not a zip");
  zip_stat_t stat;
  zip_stat_index(archive, index, 0, &stat);
  zip_discard(archive);
  return stat.comp_size;
}

/// Entry mtimes (as libzip reads them), in entry order.
std::vector<std::time_t> entry_mtimes(const std::string& bytes) {
  std::vector<std::time_t> times;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) throw std::runtime_error("entry_mtimes: not a zip");
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t stat;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
    times.push_back(stat.mtime);
  }
  zip_discard(archive);
  return times;
}

rapidjson::Document load_json(const fs::path& path) {
  rapidjson::Document document;
  const std::string text = read_bytes(path);
  document.Parse(text.c_str());
  if (document.HasParseError() || !document.IsObject())
    throw std::runtime_error("not a JSON object: " + path.string() + "\n" + text);
  return document;
}

std::string str(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject() || !object.HasMember(key) || !object[key].IsString())
    throw std::runtime_error(std::string("missing string member ") + key);
  return object[key].GetString();
}

std::uint64_t num(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject() || !object.HasMember(key) || !object[key].IsUint64())
    throw std::runtime_error(std::string("missing number member ") + key);
  return object[key].GetUint64();
}

/// The manifest record whose "input" is `input`; throws when absent.
const rapidjson::Value& record_for(const rapidjson::Document& manifest, const std::string& input) {
  for (const rapidjson::Value& capp : manifest["capps"].GetArray())
    if (str(capp, "input") == input) return capp;
  throw std::runtime_error("no manifest record for " + input);
}

bool tool_available(const std::string& tool) {
  return run_shell("command -v " + tool, fs::temp_directory_path()).exit_code == 0;
}

std::string small_capp_with_sheet(const std::string& sheet) {
  return make_zip({{kSheetEntry, sheet},
                   {"artifacts.xml", R"(<?xml version="1.0" encoding="UTF-8"?><artifacts/>)"}});
}

// ---------------------------------------------------------------------------------------------
// Form A in a folder, default output location, bytes, manifest and SHA256SUMS.

TEST(CappsE2E, FormAInFolderGoesToSiblingMigratedCappsWithExactBytesAndManifest) {
  TempDir temp;
  const std::string input = make_capp(form_a_stylesheet());
  write_bytes(temp.path() / "in" / "app.car", input);

  const ProcessResult run = run_carport({"capps", "in"}, temp.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "carport: 1 CApps: 1 migrated, 0 unchanged, 0 failed; output in ./migrated_capps\n");
  EXPECT_EQ(run.out, "");

  // WSO2-compatible default: <folder>/../migrated_capps, and nothing else is written.
  const fs::path out = temp.path() / "migrated_capps";
  EXPECT_EQ(files_under(temp.path()),
            (std::set<std::string>{"in/app.car", "migrated_capps/SHA256SUMS", "migrated_capps/app.car",
                                   "migrated_capps/manifest.json"}));
  EXPECT_EQ(read_bytes(temp.path() / "in" / "app.car"), input) << "input modified";

  const std::string output = read_bytes(out / "app.car");
  const auto before = read_zip(input);
  const auto after = read_zip(output);
  ASSERT_EQ(names_of(after), names_of(before));
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (before[i].first == kSheetEntry) {
      EXPECT_EQ(after[i].second, migrated_form_a());
      EXPECT_EQ(after[i].second.size(), before[i].second.size() + 26);
    } else {
      EXPECT_EQ(after[i].second, before[i].second) << before[i].first;
    }
  }
  EXPECT_EQ(entry_mtimes(output), entry_mtimes(input)) << "entry times must be kept";

  const rapidjson::Document manifest = load_json(out / "manifest.json");
  EXPECT_EQ(str(manifest, "tool"), "carport");
  EXPECT_EQ(num(manifest, "format"), 1u);
  EXPECT_EQ(str(manifest, "command"), "capps");
  EXPECT_FALSE(manifest["dry_run"].GetBool());
  const rapidjson::Value& totals = manifest["totals"];
  EXPECT_EQ(num(totals, "capps"), 1u);
  EXPECT_EQ(num(totals, "migrated"), 1u);
  EXPECT_EQ(num(totals, "unchanged"), 0u);
  EXPECT_EQ(num(totals, "failed"), 0u);
  EXPECT_EQ(num(totals, "entries_rewritten"), 1u);
  EXPECT_EQ(num(totals, "bytes_in"), input.size());
  EXPECT_EQ(num(totals, "bytes_out"), output.size());
  ASSERT_EQ(manifest["capps"].Size(), 1u);
  const rapidjson::Value& record = record_for(manifest, "in/app.car");
  EXPECT_EQ(str(record, "status"), "migrated");
  EXPECT_FALSE(record.HasMember("reason"));
  EXPECT_EQ(str(record, "input_sha256"), sha256_hex(input));
  EXPECT_EQ(num(record, "input_size"), input.size());
  EXPECT_EQ(str(record, "output"), "app.car");
  EXPECT_EQ(str(record, "output_sha256"), sha256_hex(output));
  EXPECT_EQ(num(record, "output_size"), output.size());
  EXPECT_EQ(num(record, "entries"), before.size());
  ASSERT_EQ(record["rewritten"].Size(), 1u);
  const rapidjson::Value& rewritten = record["rewritten"][0];
  EXPECT_EQ(str(rewritten, "entry"), kSheetEntry);
  EXPECT_EQ(str(rewritten, "transform"), "datamapper-xslt");
  EXPECT_EQ(str(rewritten, "sha256_before"), sha256_hex(form_a_stylesheet()));
  EXPECT_EQ(str(rewritten, "sha256_after"), sha256_hex(migrated_form_a()));
  EXPECT_EQ(num(rewritten, "size_before"), form_a_stylesheet().size());
  EXPECT_EQ(num(rewritten, "size_after"), migrated_form_a().size());

  EXPECT_EQ(read_bytes(out / "SHA256SUMS"), sha256_hex(output) + "  app.car\n");
  const ProcessResult check = run_shell("sha256sum -c SHA256SUMS", out);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_EQ(check.out, "app.car: OK\n");
}

TEST(CappsE2E, FolderWithTrailingSlashAndAbsolutePathUseTheSameDefaultOutput) {
  TempDir temp;
  write_bytes(temp.path() / "work" / "in" / "app.car", make_capp(form_a_stylesheet()));
  const ProcessResult slash = run_carport({"capps", "work/in/"}, temp.path());
  ASSERT_EQ(slash.exit_code, 0) << slash.err;
  EXPECT_TRUE(fs::is_regular_file(temp.path() / "work" / "migrated_capps" / "app.car"));
  EXPECT_FALSE(fs::exists(temp.path() / "work" / "in" / "migrated_capps"));

  TempDir other;
  const fs::path absolute = temp.path() / "work" / "in";
  fs::remove_all(temp.path() / "work" / "migrated_capps");
  const ProcessResult abs = run_carport({"capps", absolute.string()}, other.path());
  ASSERT_EQ(abs.exit_code, 0) << abs.err;
  EXPECT_TRUE(fs::is_regular_file(temp.path() / "work" / "migrated_capps" / "app.car"));
  EXPECT_TRUE(fs::is_empty(other.path())) << "nothing may be written into the working folder";
}

TEST(CappsE2E, SeveralInputsWithoutOutputOptionWriteToMigratedCappsInTheWorkingFolder) {
  TempDir temp;
  write_bytes(temp.path() / "one.car", make_capp(form_a_stylesheet()));
  write_bytes(temp.path() / "sub" / "two.car", make_capp(form_b_stylesheet()));
  const ProcessResult run = run_carport({"capps", "one.car", "sub/two.car"}, temp.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(files_under(temp.path() / "migrated_capps"),
            (std::set<std::string>{"SHA256SUMS", "manifest.json", "one.car", "two.car"}));
  EXPECT_EQ(read_bytes(temp.path() / "migrated_capps" / "two.car"), read_bytes(temp.path() / "sub" / "two.car"));
}

// ---------------------------------------------------------------------------------------------
// Forms D, B and CApps without a data mapper.

TEST(CappsE2E, FormDIsFixedFormBAndPlainCappsAreByteIdenticalCopies) {
  TempDir temp;
  const std::string form_d = make_capp(form_d_stylesheet());
  const std::string form_b = make_capp(form_b_stylesheet());
  const std::string plain = make_capp("");
  write_bytes(temp.path() / "in" / "d.car", form_d);
  write_bytes(temp.path() / "in" / "b.car", form_b);
  write_bytes(temp.path() / "in" / "plain.car", plain);

  const ProcessResult run = run_carport({"capps", "in", "-o", "out"}, temp.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "carport: 3 CApps: 1 migrated, 2 unchanged, 0 failed; output in out\n");

  const auto d_before = read_zip(form_d);
  const auto d_after = read_zip(read_bytes(temp.path() / "out" / "d.car"));
  ASSERT_EQ(names_of(d_after), names_of(d_before));
  EXPECT_EQ(content_of(d_after, kSheetEntry), migrated_form_d());
  for (std::size_t i = 0; i < d_before.size(); ++i) {
    if (d_before[i].first != kSheetEntry) {
      EXPECT_EQ(d_after[i].second, d_before[i].second) << d_before[i].first;
    }
  }

  EXPECT_EQ(read_bytes(temp.path() / "out" / "b.car"), form_b);
  EXPECT_EQ(read_bytes(temp.path() / "out" / "plain.car"), plain);

  const rapidjson::Document manifest = load_json(temp.path() / "out" / "manifest.json");
  ASSERT_EQ(manifest["capps"].Size(), 3u);
  // Records come in sorted scan order.
  EXPECT_EQ(str(manifest["capps"][0], "input"), "in/b.car");
  EXPECT_EQ(str(manifest["capps"][1], "input"), "in/d.car");
  EXPECT_EQ(str(manifest["capps"][2], "input"), "in/plain.car");
  const rapidjson::Value& d = record_for(manifest, "in/d.car");
  EXPECT_EQ(str(d, "status"), "migrated");
  ASSERT_EQ(d["rewritten"].Size(), 1u);
  EXPECT_EQ(str(d["rewritten"][0], "sha256_before"), sha256_hex(form_d_stylesheet()));
  EXPECT_EQ(str(d["rewritten"][0], "sha256_after"), sha256_hex(migrated_form_d()));
  for (const char* name : {"in/b.car", "in/plain.car"}) {
    const rapidjson::Value& record = record_for(manifest, name);
    EXPECT_EQ(str(record, "status"), "unchanged") << name;
    EXPECT_EQ(record["rewritten"].Size(), 0u) << name;
    EXPECT_EQ(str(record, "output_sha256"), str(record, "input_sha256")) << name;
  }
}

TEST(CappsE2E, NestedDependencyCappIsMigratedInside) {
  TempDir temp;
  const std::string inner = make_capp(form_a_stylesheet());
  const std::string outer = make_zip({{"artifacts.xml", "<artifacts/>"}, {"dependencies/inner_1.0.0.car", inner}});
  write_bytes(temp.path() / "in" / "fat.car", outer);
  const ProcessResult run = run_carport({"capps", "in", "-o", "out"}, temp.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;

  const auto after = read_zip(read_bytes(temp.path() / "out" / "fat.car"));
  ASSERT_EQ(names_of(after), (std::vector<std::string>{"artifacts.xml", "dependencies/inner_1.0.0.car"}));
  const std::string new_inner = content_of(after, "dependencies/inner_1.0.0.car");
  EXPECT_EQ(content_of(read_zip(new_inner), kSheetEntry), migrated_form_a());

  const rapidjson::Document manifest = load_json(temp.path() / "out" / "manifest.json");
  const rapidjson::Value& record = record_for(manifest, "in/fat.car");
  EXPECT_EQ(str(record, "status"), "migrated");
  ASSERT_EQ(record["rewritten"].Size(), 2u);
  EXPECT_EQ(str(record["rewritten"][0], "entry"), std::string("dependencies/inner_1.0.0.car!") + kSheetEntry);
  EXPECT_EQ(str(record["rewritten"][0], "sha256_after"), sha256_hex(migrated_form_a()));
  EXPECT_EQ(str(record["rewritten"][1], "entry"), "dependencies/inner_1.0.0.car");
  EXPECT_EQ(str(record["rewritten"][1], "transform"), "nested-capp");
  EXPECT_EQ(str(record["rewritten"][1], "sha256_before"), sha256_hex(inner));
  EXPECT_EQ(str(record["rewritten"][1], "sha256_after"), sha256_hex(new_inner));
}

// ---------------------------------------------------------------------------------------------
// Discovery: recursion, any-case extension, mirroring, other files ignored.

TEST(CappsE2E, FindsCappsRecursivelyInAnyCaseAndMirrorsFolders) {
  TempDir temp;
  const std::string form_a = make_capp(form_a_stylesheet());
  write_bytes(temp.path() / "in" / "a" / "b" / "x.car", form_a);
  write_bytes(temp.path() / "in" / "TOP.CAR", form_a);
  write_bytes(temp.path() / "in" / "a" / "mixed.Car", make_capp(form_b_stylesheet()));
  write_bytes(temp.path() / "in" / "a" / "notes.txt", "not a capp");
  write_bytes(temp.path() / "in" / "a" / "b" / "x.car.bak", form_a);
  write_bytes(temp.path() / "in" / "a" / "y.zip", form_a);
  write_bytes(temp.path() / "in" / "readme.car.txt", "not a capp");

  const ProcessResult run = run_carport({"capps", "in", "-o", "out"}, temp.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(files_under(temp.path() / "out"),
            (std::set<std::string>{"SHA256SUMS", "TOP.CAR", "a/b/x.car", "a/mixed.Car", "manifest.json"}));
  EXPECT_EQ(content_of(read_zip(read_bytes(temp.path() / "out" / "a" / "b" / "x.car")), kSheetEntry),
            migrated_form_a());
  EXPECT_EQ(content_of(read_zip(read_bytes(temp.path() / "out" / "TOP.CAR")), kSheetEntry), migrated_form_a());

  const std::vector<std::string> sums = split_lines(read_bytes(temp.path() / "out" / "SHA256SUMS"));
  ASSERT_EQ(sums.size(), 3u);
  EXPECT_TRUE(sums[0].ends_with("  TOP.CAR")) << sums[0];
  EXPECT_TRUE(sums[1].ends_with("  a/b/x.car")) << sums[1];
  EXPECT_TRUE(sums[2].ends_with("  a/mixed.Car")) << sums[2];
  const ProcessResult check = run_shell("sha256sum -c --strict SHA256SUMS", temp.path() / "out");
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

  const rapidjson::Document manifest = load_json(temp.path() / "out" / "manifest.json");
  ASSERT_EQ(manifest["capps"].Size(), 3u);
  EXPECT_EQ(str(record_for(manifest, "in/a/b/x.car"), "output"), "a/b/x.car");
  EXPECT_EQ(str(record_for(manifest, "in/TOP.CAR"), "output"), "TOP.CAR");
  EXPECT_EQ(str(record_for(manifest, "in/a/mixed.Car"), "status"), "unchanged");
}

// ---------------------------------------------------------------------------------------------
// Determinism.

void write_mixed_batch(const fs::path& in) {
  const std::string sheets[] = {form_a_stylesheet(), form_b_stylesheet(), form_d_stylesheet(), ""};
  for (int i = 0; i < 12; ++i)
    write_bytes(in / ("group" + std::to_string(i % 3)) / ("capp" + std::to_string(i) + ".car"),
                make_capp(sheets[i % 4]));
  write_bytes(in / "group1" / "broken.car", "this is not a zip");
}

TEST(CappsE2E, RepeatedRunsAndDifferentJobCountsGiveByteIdenticalOutputs) {
  TempDir temp;
  write_mixed_batch(temp.path() / "in");
  const std::vector<std::vector<std::string>> runs = {
      {"capps", "in", "-o", "out1"},
      {"capps", "in", "-o", "out2"},
      {"capps", "in", "-o", "out3", "-j", "1"},
      {"capps", "in", "-o", "out4", "-j", "2"},
  };
  std::vector<std::map<std::string, std::string>> trees;
  std::vector<std::string> diagnostics;
  for (const auto& args : runs) {
    const ProcessResult run = run_carport(args, temp.path());
    EXPECT_EQ(run.exit_code, 1) << run.err;  // broken.car fails, the rest goes on
    trees.push_back(snapshot(temp.path() / args[3]));
    std::string err = run.err;
    diagnostics.push_back(err.substr(0, err.rfind("output in")));
  }
  ASSERT_EQ(trees[0].size(), 17u);  // 3 folders, 12 CApps in them, manifest.json, SHA256SUMS
  for (std::size_t i = 1; i < trees.size(); ++i) {
    EXPECT_EQ(trees[i], trees[0]) << "run " << i;
    EXPECT_EQ(diagnostics[i], diagnostics[0]) << "stderr of run " << i;
  }
  EXPECT_EQ(read_bytes(temp.path() / "out1" / "manifest.json"), read_bytes(temp.path() / "out4" / "manifest.json"));
}

// ---------------------------------------------------------------------------------------------
// Output folder protection, dry run, report, stats.

TEST(CappsE2E, NonEmptyOutputFolderNeedsForce) {
  TempDir temp;
  write_bytes(temp.path() / "in" / "app.car", make_capp(form_a_stylesheet()));
  write_bytes(temp.path() / "out" / "keep.txt", "already here");

  const ProcessResult refused = run_carport({"capps", "in", "-o", "out"}, temp.path());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err, "carport: error: output folder out is not empty (use --force to overwrite)\n");
  EXPECT_EQ(refused.out, "");
  EXPECT_EQ(files_under(temp.path() / "out"), (std::set<std::string>{"keep.txt"}));

  const ProcessResult forced = run_carport({"capps", "in", "-o", "out", "--force"}, temp.path());
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(files_under(temp.path() / "out"),
            (std::set<std::string>{"SHA256SUMS", "app.car", "keep.txt", "manifest.json"}));
  EXPECT_EQ(read_bytes(temp.path() / "out" / "keep.txt"), "already here");

  // A second forced run over its own output overwrites it with the same bytes.
  const auto first = snapshot(temp.path() / "out");
  const ProcessResult again = run_carport({"capps", "in", "-o", "out", "--force"}, temp.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(snapshot(temp.path() / "out"), first);
}

TEST(CappsE2E, OutputPathThatIsAFileIsAFatalError) {
  TempDir temp;
  write_bytes(temp.path() / "in" / "app.car", make_capp(form_a_stylesheet()));
  write_bytes(temp.path() / "out", "a file");
  const ProcessResult run = run_carport({"capps", "in", "-o", "out"}, temp.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "carport: error: output path out exists and is not a folder\n");
  EXPECT_EQ(read_bytes(temp.path() / "out"), "a file");
}

TEST(CappsE2E, DryRunWritesNothingAndPrintsOnePlanLinePerCapp) {
  TempDir temp;
  write_bytes(temp.path() / "in" / "a.car", make_capp(form_a_stylesheet()));
  write_bytes(temp.path() / "in" / "b.car", make_capp(form_b_stylesheet()));
  write_bytes(temp.path() / "in" / "c" / "bad.car", "");
  const auto before = snapshot(temp.path());

  const ProcessResult run = run_carport({"capps", "in", "-o", "out", "--dry-run"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.out,
            "migrated\tin/a.car\t-> out/a.car\t(1 entry rewritten)\n"
            "unchanged\tin/b.car\t-> out/b.car\n"
            "failed\tin/c/bad.car\n");
  EXPECT_EQ(run.err,
            "carport: error: in/c/bad.car: empty file (0 bytes), not a zip archive\n"
            "carport: 3 CApps: 1 migrated, 1 unchanged, 1 failed (dry run, nothing written)\n");
  EXPECT_FALSE(fs::exists(temp.path() / "out"));
  EXPECT_EQ(snapshot(temp.path()), before);

  // Default output location: also not created.
  const ProcessResult default_run = run_carport({"capps", "in", "--dry-run"}, temp.path());
  EXPECT_EQ(default_run.exit_code, 1);
  EXPECT_EQ(split_lines(default_run.out).size(), 3u);
  EXPECT_EQ(snapshot(temp.path()), before);
}

TEST(CappsE2E, ReportOptionPutsTheManifestElsewhere) {
  TempDir temp;
  write_bytes(temp.path() / "in" / "a.car", make_capp(form_a_stylesheet()));
  const ProcessResult run = run_carport({"capps", "in", "-o", "out", "--report", "reports/run.json"}, temp.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(files_under(temp.path() / "out"), (std::set<std::string>{"SHA256SUMS", "a.car"}));
  const rapidjson::Document manifest = load_json(temp.path() / "reports" / "run.json");
  EXPECT_EQ(str(record_for(manifest, "in/a.car"), "status"), "migrated");
  EXPECT_EQ(str(record_for(manifest, "in/a.car"), "output_sha256"), sha256_hex(read_bytes(temp.path() / "out" / "a.car")));

  const ProcessResult verify = run_carport({"verify", "out", "--manifest", "reports/run.json"}, temp.path());
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(verify.err, "carport: verified 1 CApps: 0 mismatches\n");

  // With --dry-run, only the report is written, and it says so.
  const ProcessResult dry = run_carport({"capps", "in", "-o", "out2", "--dry-run", "--report", "dry.json"}, temp.path());
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_FALSE(fs::exists(temp.path() / "out2"));
  const rapidjson::Document dry_manifest = load_json(temp.path() / "dry.json");
  EXPECT_TRUE(dry_manifest["dry_run"].GetBool());
  EXPECT_EQ(str(record_for(dry_manifest, "in/a.car"), "status"), "migrated");
}

TEST(CappsE2E, StatsPrintsCounters) {
  TempDir temp;
  const std::string a = make_capp(form_a_stylesheet());
  const std::string plain = make_capp("");
  write_bytes(temp.path() / "in" / "a.car", a);
  write_bytes(temp.path() / "in" / "plain.car", plain);
  write_bytes(temp.path() / "in" / "zero.car", "");
  const ProcessResult run = run_carport({"capps", "in", "-o", "out", "--stats"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::vector<std::string> stats = lines_starting_with(run.err, "carport: stats: ");
  ASSERT_EQ(stats.size(), 3u) << run.err;
  EXPECT_EQ(stats[0], "carport: stats: capps_scanned=3 capps_migrated=1 capps_unchanged=1 capps_failed=1");
  const std::size_t entries = read_zip(a).size() + read_zip(plain).size();
  EXPECT_EQ(stats[1], "carport: stats: entries_total=" + std::to_string(entries) +
                          " entries_examined=1 entries_rewritten=1");
  const std::uint64_t bytes_out = read_bytes(temp.path() / "out" / "a.car").size() + plain.size();
  EXPECT_EQ(stats[2], "carport: stats: bytes_in=" + std::to_string(a.size() + plain.size()) +
                          " bytes_out=" + std::to_string(bytes_out) + " stale_temp_files_removed=0");
  const std::vector<std::string> times = lines_starting_with(run.err, "carport: time: ");
  ASSERT_EQ(times.size(), 5u) << run.err;
  const std::regex time_line(R"(carport: time: [a-z +]+ [0-9]+\.[0-9]{3} s)");
  for (const std::string& line : times) EXPECT_TRUE(std::regex_match(line, time_line)) << line;
  EXPECT_TRUE(times[0].starts_with("carport: time: resolve output "));
  EXPECT_TRUE(times[1].starts_with("carport: time: scan "));
  EXPECT_TRUE(times[2].starts_with("carport: time: open reports "));

  // Without --stats: no counters.
  const ProcessResult plain_run = run_carport({"capps", "in", "-o", "out2"}, temp.path());
  EXPECT_TRUE(lines_starting_with(plain_run.err, "carport: stats: ").empty()) << plain_run.err;
}

TEST(CappsE2E, QuietPrintsOnlyErrors) {
  TempDir temp;
  write_bytes(temp.path() / "in" / "a.car", make_capp(form_a_stylesheet()));
  write_bytes(temp.path() / "in" / "empty_sheet.car", make_capp(" "));
  write_bytes(temp.path() / "in" / "zero.car", "");
  const ProcessResult run = run_carport({"capps", "in", "-o", "out", "-q"}, temp.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "carport: error: in/zero.car: empty file (0 bytes), not a zip archive\n");
  EXPECT_EQ(run.out, "");
}

// ---------------------------------------------------------------------------------------------
// One bad CApp in a batch: exit 1, one error line, a failed record, the good CApp still migrated.

struct BadCase {
  std::string label;
  std::function<std::string()> make;            ///< the bad file's bytes (may throw to skip)
  std::string entry;                            ///< expected entry in the error address ("" = the file)
  std::function<std::string(const std::string&)> message;  ///< expected message, from the bad bytes
  std::vector<std::string> extra_args;
  std::string file_name = "bad.car";
  bool small_good = false;                      ///< good CApp with only 2 entries (for --max-entries)
};

// gtest prints the case by its label instead of a byte dump.
void PrintTo(const BadCase& bad, std::ostream* out) { *out << bad.label; }

std::function<std::string(const std::string&)> fixed(std::string text) {
  return [text](const std::string&) { return text; };
}

std::string raw_with_entry(const std::string& name) {
  return make_raw_zip({{"artifacts.xml", "<artifacts/>"}, {name, "<evil/>"}});
}

std::vector<BadCase> bad_cases() {
  std::vector<BadCase> cases;
  cases.push_back({"ZeroByteFile", [] { return std::string(); }, "",
                   fixed("empty file (0 bytes), not a zip archive")});
  cases.push_back({"TextFileNamedCar", [] { return std::string("just some text, not a zip\n"); }, "",
                   fixed("not a zip archive"), {}, "x.car"});
  cases.push_back({"ZipSlipDotDot", [] { return raw_with_entry("../evil.xml"); }, "../evil.xml",
                   fixed("unsafe entry name: '..' path component")});
  cases.push_back({"ZipSlipInnerDotDot", [] { return raw_with_entry("a/../../evil.xml"); }, "a/../../evil.xml",
                   fixed("unsafe entry name: '..' path component")});
  cases.push_back({"ZipSlipAbsolute", [] { return raw_with_entry("/abs.xml"); }, "/abs.xml",
                   fixed("unsafe entry name: absolute path")});
  cases.push_back({"ZipSlipBackslash", [] { return raw_with_entry("a\\b.xml"); }, "a\\b.xml",
                   fixed("unsafe entry name: backslash in name")});
  cases.push_back({"ZipSlipDriveLetter", [] { return raw_with_entry("C:/x.xml"); }, "C:/x.xml",
                   fixed("unsafe entry name: drive letter")});
  cases.push_back({"SymlinkEntry",
                   [] {
                     ZipEntrySpec link{"link.xml", "/etc/passwd"};
                     link.unix_mode = 0120777;
                     return make_zip({{"artifacts.xml", "<artifacts/>"}, link});
                   },
                   "link.xml", fixed("symbolic link entry")});
  // libzip itself refuses duplicates while opening (ZIP_ER_EXISTS); the address must still name the entry.
  cases.push_back({"DuplicateNames",
                   [] { return make_raw_zip({{"artifacts.xml", "<artifacts/>"}, {"a.xml", "1"}, {"a.xml", "2"}}); },
                   "a.xml", fixed("duplicate entry name")});
  cases.push_back({"EncryptedEntry",
                   [] {
                     ZipEntrySpec secret{"secret.xml", "<secret/>"};
                     secret.encrypt = true;
                     return make_zip({{"artifacts.xml", "<artifacts/>"}, secret});
                   },
                   "secret.xml", fixed("encrypted entry")});
  cases.push_back({"UnknownMethod",
                   [] {
                     RawEntry odd{"data.bin", "pretend bzip2"};
                     odd.method = 12;
                     return make_raw_zip({{"artifacts.xml", "<artifacts/>"}, odd});
                   },
                   "data.bin", fixed("unsupported compression method 12 (bzip2); MI reads only stored and deflate")});
  cases.push_back({"Zip64",
                   [] {
                     RawEntry big{"artifacts.xml", "<artifacts/>"};
                     big.zip64_extra = true;
                     return make_raw_zip({big});
                   },
                   "", fixed("ZIP64 archive: not supported (CApps never need ZIP64)")});
  cases.push_back({"JunkPrefix", [] { return std::string(100, 'J') + make_capp(form_a_stylesheet()); }, "",
                   fixed("100 bytes of data before the first zip entry (self-extractor prefix?): not supported")});
  cases.push_back({"Truncated",
                   [] {
                     std::string bytes = make_capp(form_a_stylesheet());
                     bytes.resize(bytes.size() - 30);
                     return bytes;
                   },
                   "", fixed("truncated zip archive: end of central directory record not found")});
  cases.push_back({"BadCrc",
                   [] {
                     const std::string data = "<data>0123456789</data>";
                     std::string bytes = make_zip({{"artifacts.xml", "<artifacts/>"}, {"a/data.xml", data, false}});
                     const std::size_t at = bytes.find(data);
                     if (at == std::string::npos || bytes.find(data, at + 1) != std::string::npos)
                       throw std::logic_error("stored data not found exactly once");
                     bytes[at + 8] ^= 0x01;
                     return bytes;
                   },
                   "a/data.xml", fixed("CRC mismatch: entry data is corrupt")});
  cases.push_back({"RatioBomb",
                   [] { return make_zip({{"artifacts.xml", "<artifacts/>"}, {"zeros.bin", std::string(2u << 20, '\0')}}); },
                   "zeros.bin",
                   [](const std::string& bytes) {
                     const std::uint64_t ratio = (2u << 20) / compressed_size(bytes, 1);
                     return "compression ratio " + std::to_string(ratio) + ":1 is over the limit of 100:1 (zip bomb?)";
                   },
                   {"--max-ratio", "100"}});
  cases.push_back({"TooManyEntries",
                   [] {
                     return make_zip({{"artifacts.xml", "<artifacts/>"}, {"a.xml", "a"}, {"b.xml", "b"}, {"c.xml", "c"}});
                   },
                   "", fixed("archive has 4 entries, over the limit of 3 (--max-entries)"), {"--max-entries", "3"},
                   "bad.car", true});
  cases.push_back({"DeclaredEntryTooBig",
                   [] { return make_zip({{"artifacts.xml", "<artifacts/>"}, {"big.bin", std::string(5000, 'x')}}); },
                   "big.bin", fixed("entry declares 5000 bytes uncompressed, over the limit of 4096"),
                   {"--max-entry-size", "4096"}});
  // A read-stage failure carries the same "in/bad.car: " location in its manifest reason as the others.
  cases.push_back({"ArchiveTooBig",
                   [] { return make_zip({{"artifacts.xml", "<artifacts/>"}, {"noise.bin", std::string(20000, 'n'), false}}); },
                   "", [](const std::string& bytes) {
                     return "file is " + std::to_string(bytes.size()) + " bytes, over the limit of 10000 (--max-archive-size)";
                   },
                   {"--max-archive-size", "10000"}});
  return cases;
}

class BadCappInBatch : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadCappInBatch, FailsAloneWithOneErrorLineAndNoOutput) {
  const BadCase& bad = GetParam();
  std::string bad_bytes;
  try {
    bad_bytes = bad.make();
  } catch (const std::runtime_error& error) {
    if (std::string(error.what()).find("encryption unsupported") != std::string::npos)
      GTEST_SKIP() << "libzip here cannot encrypt: " << error.what();
    throw;
  }
  const std::string good = bad.small_good ? small_capp_with_sheet(form_a_stylesheet()) : make_capp(form_a_stylesheet());

  TempDir temp;
  write_bytes(temp.path() / "in" / "good.car", good);
  write_bytes(temp.path() / "in" / bad.file_name, bad_bytes);
  const auto before = snapshot(temp.path());

  std::vector<std::string> args = {"capps", "in", "-o", "out"};
  args.insert(args.end(), bad.extra_args.begin(), bad.extra_args.end());
  const ProcessResult run = run_carport(args, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;

  const std::string bad_input = "in/" + bad.file_name;
  const std::string address = bad_input + (bad.entry.empty() ? "" : "(" + bad.entry + ")");
  const std::string message = bad.message(bad_bytes);
  EXPECT_EQ(error_lines(run.err), std::vector<std::string>{"carport: error: " + address + ": " + message}) << run.err;
  EXPECT_TRUE(run.err.ends_with("carport: 2 CApps: 1 migrated, 0 unchanged, 1 failed; output in out\n")) << run.err;

  // Manifest: the bad one failed with its reason, the good one migrated.
  const rapidjson::Document manifest = load_json(temp.path() / "out" / "manifest.json");
  const rapidjson::Value& failed = record_for(manifest, bad_input);
  EXPECT_EQ(str(failed, "status"), "failed");
  EXPECT_EQ(str(failed, "reason"), address + ": " + message);
  EXPECT_FALSE(failed.HasMember("output"));
  if (failed.HasMember("input_sha256")) {
    EXPECT_EQ(str(failed, "input_sha256"), sha256_hex(bad_bytes));
  }
  const rapidjson::Value& migrated = record_for(manifest, "in/good.car");
  EXPECT_EQ(str(migrated, "status"), "migrated");
  EXPECT_EQ(num(manifest["totals"], "failed"), 1u);

  // Outputs: only the good CApp, migrated; SHA256SUMS lists it alone and checks out.
  EXPECT_EQ(files_under(temp.path() / "out"), (std::set<std::string>{"SHA256SUMS", "good.car", "manifest.json"}));
  const std::string output = read_bytes(temp.path() / "out" / "good.car");
  EXPECT_EQ(content_of(read_zip(output), kSheetEntry), migrated_form_a());
  EXPECT_EQ(read_bytes(temp.path() / "out" / "SHA256SUMS"), sha256_hex(output) + "  good.car\n");

  // Nothing written outside the output folder; inputs untouched.
  EXPECT_EQ(snapshot_without(temp.path(), "out"), before);
  EXPECT_EQ(read_bytes(temp.path() / bad_input), bad_bytes);
  EXPECT_TRUE(temp_debris(temp.path()).empty());
}

INSTANTIATE_TEST_SUITE_P(Hostile, BadCappInBatch, ::testing::ValuesIn(bad_cases()),
                         [](const ::testing::TestParamInfo<BadCase>& param) { return param.param.label; });

TEST(CappsE2E, FailedCappsAreNotVerifiedLaterAndGoodOnesAreUnaffectedByOrder) {
  // A bad CApp sorted before and after the good one: same failure, same output.
  TempDir temp;
  write_bytes(temp.path() / "in" / "0bad.car", "");
  write_bytes(temp.path() / "in" / "good.car", make_capp(form_a_stylesheet()));
  write_bytes(temp.path() / "in" / "zbad.car", "x");
  const ProcessResult run = run_carport({"capps", "in", "-o", "out"}, temp.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(error_lines(run.err),
            (std::vector<std::string>{"carport: error: in/0bad.car: empty file (0 bytes), not a zip archive",
                                      "carport: error: in/zbad.car: not a zip archive"}));
  const ProcessResult verify = run_carport({"verify", "out"}, temp.path());
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(verify.err, "carport: verified 1 CApps: 0 mismatches\n");
}

TEST(CappsE2E, TwoInputsForOneOutputNameFailTheSecond) {
  TempDir temp;
  const std::string first = make_capp(form_a_stylesheet());
  const std::string second = make_capp("");
  write_bytes(temp.path() / "one" / "x.car", first);
  write_bytes(temp.path() / "two" / "x.car", second);
  const ProcessResult run = run_carport({"capps", "one", "two", "-o", "out"}, temp.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(error_lines(run.err),
            std::vector<std::string>{"carport: error: two/x.car: output x.car is already written for one/x.car"});
  EXPECT_EQ(content_of(read_zip(read_bytes(temp.path() / "out" / "x.car")), kSheetEntry), migrated_form_a());
  const rapidjson::Document manifest = load_json(temp.path() / "out" / "manifest.json");
  EXPECT_EQ(str(record_for(manifest, "one/x.car"), "status"), "migrated");
  const rapidjson::Value& loser = record_for(manifest, "two/x.car");
  EXPECT_EQ(str(loser, "status"), "failed");
  EXPECT_FALSE(loser.HasMember("output"));
  EXPECT_EQ(str(loser, "reason"), "two/x.car: output x.car is already written for one/x.car");
  EXPECT_EQ(read_bytes(temp.path() / "two" / "x.car"), second);
}

TEST(CappsE2E, OutputFolderInsideTheInputFolderIsNotScanned) {
  TempDir temp;
  write_bytes(temp.path() / "in" / "a.car", make_capp(form_a_stylesheet()));
  const ProcessResult first = run_carport({"capps", "in", "-o", "in/out"}, temp.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto written = snapshot(temp.path() / "in" / "out");
  const ProcessResult second = run_carport({"capps", "in", "-o", "in/out", "--force"}, temp.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.err, "carport: 1 CApps: 1 migrated, 0 unchanged, 0 failed; output in in/out\n");
  EXPECT_EQ(snapshot(temp.path() / "in" / "out"), written);
}

// ---------------------------------------------------------------------------------------------
// verify.

TEST(CappsE2E, VerifyAcceptsFreshOutputAndCatchesTampering) {
  TempDir temp;
  write_bytes(temp.path() / "in" / "a.car", make_capp(form_a_stylesheet()));
  write_bytes(temp.path() / "in" / "b.car", make_capp(""));
  ASSERT_EQ(run_carport({"capps", "in", "-o", "out"}, temp.path()).exit_code, 0);

  const ProcessResult fresh = run_carport({"verify", "out"}, temp.path());
  EXPECT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_EQ(fresh.err, "carport: verified 2 CApps: 0 mismatches\n");

  // Flip one byte of an output.
  const fs::path a = temp.path() / "out" / "a.car";
  const std::string original = read_bytes(a);
  std::string tampered = original;
  tampered[tampered.size() / 2] ^= 0x20;
  write_bytes(a, tampered);
  const ProcessResult flipped = run_carport({"verify", "out"}, temp.path());
  EXPECT_EQ(flipped.exit_code, 1);
  EXPECT_EQ(error_lines(flipped.err),
            std::vector<std::string>{"carport: error: out/a.car: sha256 " + sha256_hex(tampered) +
                                     " differs from manifest " + sha256_hex(original)});
  EXPECT_TRUE(flipped.err.ends_with("carport: verified 2 CApps: 1 mismatches\n")) << flipped.err;
  write_bytes(a, original);

  // Edit SHA256SUMS: the line for b.car gets another hash.
  const fs::path sums = temp.path() / "out" / "SHA256SUMS";
  const std::string sums_text = read_bytes(sums);
  const std::string b_hash = sha256_hex(read_bytes(temp.path() / "out" / "b.car"));
  write_bytes(sums, replace_once(sums_text, b_hash, std::string(64, '0')));
  const ProcessResult edited = run_carport({"verify", "out"}, temp.path());

  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_EQ(error_lines(edited.err),
            std::vector<std::string>{"carport: error: out/SHA256SUMS: hash for b.car differs from manifest"});

  // An extra line in SHA256SUMS.
  write_bytes(sums, sums_text + std::string(64, 'a') + "  extra.car\n");
  const ProcessResult extra = run_carport({"verify", "out"}, temp.path());
  EXPECT_EQ(extra.exit_code, 1);
  EXPECT_EQ(error_lines(extra.err),
            std::vector<std::string>{"carport: error: out/SHA256SUMS: line for extra.car is not in the manifest"});

  // A missing output.
  write_bytes(sums, sums_text);
  fs::remove(temp.path() / "out" / "b.car");
  const ProcessResult missing = run_carport({"verify", "out"}, temp.path());
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(error_lines(missing.err), std::vector<std::string>{"carport: error: out/b.car: cannot open"});
}

TEST(CappsE2E, VerifyWithoutManifestIsAFatalError) {
  TempDir temp;
  fs::create_directories(temp.path() / "empty");
  const ProcessResult run = run_carport({"verify", "empty"}, temp.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "carport: error: empty/manifest.json: cannot open: No such file or directory\n");
  write_bytes(temp.path() / "empty" / "manifest.json", "{\"tool\": \"other\"}");
  const ProcessResult foreign = run_carport({"verify", "empty"}, temp.path());
  EXPECT_EQ(foreign.exit_code, 2);
  EXPECT_EQ(foreign.err, "carport: error: empty/manifest.json: not a carport manifest\n");
}

// ---------------------------------------------------------------------------------------------
// Usage errors.

TEST(CappsE2E, UsageErrorsExitWithTwo) {
  TempDir temp;
  write_bytes(temp.path() / "in" / "a.car", make_capp(form_a_stylesheet()));

  const ProcessResult none = run_carport({}, temp.path());
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("A subcommand is required"), std::string::npos) << none.err;

  const ProcessResult no_input = run_carport({"capps"}, temp.path());
  EXPECT_EQ(no_input.exit_code, 2);
  EXPECT_NE(no_input.err.find("INPUT is required"), std::string::npos) << no_input.err;

  const ProcessResult unknown = run_carport({"capps", "in", "--bogus"}, temp.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--bogus"), std::string::npos) << unknown.err;

  const ProcessResult bad_number = run_carport({"capps", "in", "--max-entries", "many"}, temp.path());
  EXPECT_EQ(bad_number.exit_code, 2);

  const ProcessResult missing = run_carport({"capps", "in", "nothere.car", "-o", "out"}, temp.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "carport: error: input not found: nothere.car\n");
  EXPECT_FALSE(fs::exists(temp.path() / "out" / "manifest.json"));

  const ProcessResult self = run_carport({"capps", "in", "-o", "in"}, temp.path());
  EXPECT_EQ(self.exit_code, 2);
  EXPECT_EQ(self.err, "carport: error: output folder in is also an input\n");

  const ProcessResult version = run_carport({"--version"}, temp.path());
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.out.starts_with("carport ")) << version.out;

  EXPECT_EQ(files_under(temp.path()), (std::set<std::string>{"in/a.car"}));
}

TEST(CappsE2E, MissingInputLeavesNoOutputFolderBehind) {
  // A usage error must not leave an empty output folder behind (./migrated_capps without -o).
  TempDir temp;
  const ProcessResult with_o = run_carport({"capps", "nothere", "-o", "out"}, temp.path());
  EXPECT_EQ(with_o.exit_code, 2);
  EXPECT_EQ(with_o.err, "carport: error: input not found: nothere\n");
  EXPECT_FALSE(fs::exists(temp.path() / "out"));

  const ProcessResult without_o = run_carport({"capps", "nothere"}, temp.path());
  EXPECT_EQ(without_o.exit_code, 2);
  EXPECT_FALSE(fs::exists(temp.path() / "migrated_capps"));
}

// ---------------------------------------------------------------------------------------------
// Temp files.

TEST(CappsE2E, NoTempDebrisAndStaleTempFilesAreSwept) {
  TempDir temp;
  write_mixed_batch(temp.path() / "in");
  const ProcessResult first = run_carport({"capps", "in", "-o", "out"}, temp.path());
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_TRUE(temp_debris(temp.path()).empty());

  // Leftovers of a killed run, at the top and in a sub-folder.
  write_bytes(temp.path() / "out" / ".x.car.carport-tmp.ABC", "half written");
  write_bytes(temp.path() / "out" / "group0" / ".capp0.car.carport-tmp.XYZ123", "half written");
  const ProcessResult forced = run_carport({"capps", "in", "-o", "out", "--force", "--stats"}, temp.path());
  EXPECT_EQ(forced.exit_code, 1);
  EXPECT_FALSE(fs::exists(temp.path() / "out" / ".x.car.carport-tmp.ABC"));
  EXPECT_FALSE(fs::exists(temp.path() / "out" / "group0" / ".capp0.car.carport-tmp.XYZ123"));
  EXPECT_NE(forced.err.find(" stale_temp_files_removed=2\n"), std::string::npos) << forced.err;
  EXPECT_TRUE(temp_debris(temp.path()).empty());

  // A file in the input that looks like our temp file is not taken for a CApp.
  write_bytes(temp.path() / "in" / ".y.car.carport-tmp.Q1.car", make_capp(form_a_stylesheet()));
  const ProcessResult third = run_carport({"capps", "in", "-o", "out3"}, temp.path());
  EXPECT_EQ(third.exit_code, 1);
  EXPECT_EQ(files_under(temp.path() / "out3"), files_under(temp.path() / "out"));
}

// ---------------------------------------------------------------------------------------------
// Other zip readers accept what carport writes.

TEST(CappsE2E, UnzipAndJarAcceptMigratedOutputs) {
  const bool have_unzip = tool_available("unzip");
  const bool have_jar = tool_available("jar");
  if (!have_unzip && !have_jar) GTEST_SKIP() << "neither unzip nor jar is installed";

  TempDir temp;
  write_bytes(temp.path() / "in" / "a.car", make_capp(form_a_stylesheet()));
  write_bytes(temp.path() / "in" / "d.car", make_capp(form_d_stylesheet()));
  std::vector<ZipEntrySpec> stored = capp_entries(form_a_stylesheet());
  for (ZipEntrySpec& entry : stored) entry.deflate = false;
  stored.back().comment = "entry comment";
  write_bytes(temp.path() / "in" / "stored.car", make_zip(stored));
  write_bytes(temp.path() / "in" / "fat.car",
              make_zip({{"artifacts.xml", "<artifacts/>"}, {"dependencies/inner_1.0.0.car", make_capp(form_a_stylesheet())}}));
  const ProcessResult run = run_carport({"capps", "in", "-o", "out"}, temp.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;

  const rapidjson::Document manifest = load_json(temp.path() / "out" / "manifest.json");
  int migrated = 0;
  for (const rapidjson::Value& record : manifest["capps"].GetArray()) {
    if (str(record, "status") != "migrated") continue;
    ++migrated;
    const std::string file = str(record, "output");
    const std::vector<std::string> expected_names = names_of(read_zip(read_bytes(temp.path() / "out" / file)));
    std::string expected_listing;
    for (const std::string& name : expected_names) expected_listing += name + "\n";
    if (have_unzip) {
      const ProcessResult test = run_shell("unzip -tq " + shell_quote(file), temp.path() / "out");
      EXPECT_EQ(test.exit_code, 0) << file << "\n" << test.out << test.err;
      EXPECT_NE(test.out.find("No errors detected"), std::string::npos) << test.out;
      EXPECT_EQ(test.err, "") << file;
      const ProcessResult names = run_shell("unzip -Z1 " + shell_quote(file), temp.path() / "out");
      EXPECT_EQ(names.out, expected_listing) << file;
    }
    if (have_jar) {
      const ProcessResult list = run_shell("jar tf " + shell_quote(file), temp.path() / "out");
      EXPECT_EQ(list.exit_code, 0) << file << "\n" << list.err;
      EXPECT_EQ(list.out, expected_listing) << file;
    }
  }
  EXPECT_EQ(migrated, 4);
}

}  // namespace
