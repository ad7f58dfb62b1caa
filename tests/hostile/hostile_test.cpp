// Hostile-input suite: the real carport binary on a batch of one bad input (built at test time by
// tests/hostile/generator.cpp) plus good inputs. For every kind it checks that the run
//   * finishes in time (`timeout 60` around the command, and a tighter per-kind bound),
//   * stays under a peak-memory bound (`/usr/bin/time -f %M`, 512 MB unless the kind says less),
//   * exits as documented (1 for a bad item in a batch, 0 when the input is legitimately accepted),
//   * prints exactly the pinned `carport: error:` line(s) (and warning lines) naming file and entry,
//   * writes nothing outside its output folder and leaves every input unchanged (tree snapshots),
//   * still processes the good inputs (capps: migrated, in the manifest and SHA256SUMS; validate:
//     valid, in the report).
// The 19 kinds of Hostile/BadCappInBatch in tests/e2e/capps_e2e_test.cpp are not repeated here.
//
// Kinds that expose a product bug are GTEST_SKIP()ped with the bug text (they would time out or
// fail); set CARPORT_HOSTILE_KNOWN_BUGS=1 to run them anyway. Their expectations are what a fixed
// carport should do; where that is open (refuse or accept safely), `open_outcome` allows both.

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/sha256.hpp"
#include "tests/hostile/generator.hpp"
#include "tests/support/process.hpp"
#include "tests/support/zip_fixture.hpp"

namespace {

/// Sanitizer builds run carport several times slower and with more memory (shadow memory, ASan's
/// quarantine); time and memory bounds are scaled, not dropped.
#ifdef CARPORT_SANITIZED
constexpr double kSanitizerSlowdown = 5.0;
constexpr std::uint64_t kSanitizerMemory = 4;
#else
constexpr double kSanitizerSlowdown = 1.0;
constexpr std::uint64_t kSanitizerMemory = 1;
#endif

using carport::testing::lines_starting_with;
using carport::testing::split_lines;

namespace fs = std::filesystem;
using carport::sha256_hex;
using namespace carport::testing;
using namespace carport::hostile;

constexpr int kTimeoutSeconds = 60;
constexpr std::uint64_t kDefaultMaxRssKb = 512 * 1024;
constexpr const char* kTempMarker = ".carport-tmp.";
constexpr const char* kInconsistent =
    "inconsistent zip archive (corrupt or truncated central directory or local header)";

// ---- small helpers ------------------------------------------------------------------------------



bool has_line(const std::string& text, const std::string& line) {
  for (const std::string& candidate : split_lines(text))
    if (candidate == line) return true;
  return false;
}

std::string content_of(const std::vector<std::pair<std::string, std::string>>& entries, const std::string& name) {
  for (const auto& entry : entries)
    if (entry.first == name) return entry.second;
  throw std::logic_error("no entry " + name);
}

bool tool_available(const std::string& tool) {
  return run_shell("command -v " + tool, fs::temp_directory_path()).exit_code == 0;
}

/// Every file, folder, symlink and special file under root, without following symlinks and without
/// opening anything but regular files (a FIFO must not be opened): relative path -> description.
/// Files over 64 MiB (the sparse giant) are described by size and mtime instead of their hash.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> tree;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const std::string relative = it->path().lexically_relative(root).generic_string();
    const fs::file_status status = it->symlink_status();
    if (fs::is_symlink(status)) {
      tree[relative] = "link:" + fs::read_symlink(it->path()).string();
    } else if (fs::is_directory(status)) {
      tree[relative] = "dir";
    } else if (fs::is_regular_file(status)) {
      const std::uintmax_t size = fs::file_size(it->path());
      if (size > (64u << 20)) {
        tree[relative] = "big:" + std::to_string(size) + ":" +
                         std::to_string(fs::last_write_time(it->path()).time_since_epoch().count());
      } else {
        tree[relative] = "file:" + sha256_hex(read_bytes(it->path()));
      }
    } else {
      tree[relative] = "special";
    }
  }
  return tree;
}

std::map<std::string, std::string> without(std::map<std::string, std::string> tree, const std::string& excluded) {
  std::erase_if(tree, [&](const auto& item) {
    return item.first == excluded || item.first.starts_with(excluded + "/");
  });
  return tree;
}

std::vector<std::string> temp_debris(const fs::path& root) {
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it)
    if (it->path().filename().string().find(kTempMarker) != std::string::npos) found.push_back(it->path().string());
  return found;
}

rapidjson::Document load_json(const fs::path& path) {
  rapidjson::Document document;
  const std::string text = read_bytes(path);
  document.Parse(text.c_str(), text.size());
  if (document.HasParseError() || !document.IsObject())
    throw std::runtime_error("not a JSON object: " + path.string());
  return document;
}

std::string str(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject() || !object.HasMember(key) || !object[key].IsString())
    throw std::runtime_error(std::string("missing string member ") + key);
  return object[key].GetString();
}

const rapidjson::Value* record_for(const rapidjson::Document& manifest, const std::string& input) {
  for (const rapidjson::Value& capp : manifest["capps"].GetArray())
    if (str(capp, "input") == input) return &capp;
  return nullptr;
}

// ---- bounded run ----------------------------------------------------------------------------------

struct BoundedRun {
  ProcessResult process;
  double seconds = 0;
  std::uint64_t peak_rss_kb = 0;
  std::string rss_source;  ///< how peak_rss_kb was measured
};

/// carport with args in cwd, under `timeout 60`, its peak RSS measured by `/usr/bin/time -f %M`. Where
/// /usr/bin/time is not installed, the peak over every child this test process has reaped so far
/// (getrusage(RUSAGE_CHILDREN), a running maximum, so never lower than this run's peak) is used.
BoundedRun run_bounded(const std::vector<std::string>& args, const fs::path& cwd) {
  TempDir scratch;
  const fs::path rss_file = scratch.path() / "rss";
  const bool have_time = ::access("/usr/bin/time", X_OK) == 0;
  std::string command;
  if (have_time) command = "/usr/bin/time -f %M -o " + shell_quote(rss_file.string()) + " ";
  command += "timeout -k 5 " + std::to_string(kTimeoutSeconds) + " " + shell_quote(CARPORT_BINARY);
  for (const std::string& arg : args) command += " " + shell_quote(arg);

  BoundedRun run;
  const auto start = std::chrono::steady_clock::now();
  run.process = run_shell(command, cwd);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (have_time) {
    const std::vector<std::string> lines = split_lines(read_bytes(rss_file));
    if (!lines.empty()) run.peak_rss_kb = std::stoull(lines.back());
    run.rss_source = "/usr/bin/time";
  } else {
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    run.peak_rss_kb = static_cast<std::uint64_t>(usage.ru_maxrss);
    run.rss_source = "getrusage(RUSAGE_CHILDREN)";
  }
  return run;
}

// ---- the kinds ------------------------------------------------------------------------------------

enum class Command { capps, validate };

struct HostileCase {
  std::string label;
  Command command = Command::capps;
  /// Writes the bad input(s) under the run folder; the good inputs are already in in/.
  std::function<void(const fs::path& root)> build;
  /// The bad item as carport names it ("" when it is not an input at all, e.g. a folder named x.car).
  std::string bad;
  /// Named on the command line after "in" (paths relative to the run folder).
  std::vector<std::string> direct_inputs;
  std::vector<std::string> extra_args;
  int exit_code = 1;
  /// Every expected `carport: error:` line, exactly and in order.
  std::vector<std::string> errors;
  /// When non-zero: that many error lines, the first and last equal to errors.front()/back().
  std::size_t error_count = 0;
  /// Known bugs whose fixed behaviour is open: either refused (exit 1, one error line starting with
  /// errors.front(), status failed) or accepted (exit 0, no error line); the good items are checked
  /// as always, `status`, `verdicts` and `summary` are not.
  bool open_outcome = false;
  /// Every expected `carport: warning:` line, exactly.
  std::vector<std::string> warnings;
  /// capps: the bad item's manifest status ("" = no record: not taken for a CApp).
  std::string status;
  /// validate: the `-v` stdout lines of the bad item(s), exactly.
  std::vector<std::string> verdicts;
  /// validate: the summary line.
  std::string summary;
  double max_seconds = 20;
  std::uint64_t max_rss_kb = kDefaultMaxRssKb;
  /// More checks on the finished run (run folder, result).
  std::function<void(const fs::path& root, const BoundedRun& run)> check;
  /// Non-empty: a product bug makes this kind fail; skipped unless CARPORT_HOSTILE_KNOWN_BUGS is set.
  std::string known_bug;
};

// gtest prints the case by its label instead of a byte dump.
void PrintTo(const HostileCase& kind, std::ostream* out) { *out << kind.label; }

std::string error(const std::string& address, const std::string& message) {
  return "carport: error: " + address + ": " + message;
}

std::function<void(const fs::path&)> file(std::string relative, std::function<std::string()> make) {
  return [relative = std::move(relative), make = std::move(make)](const fs::path& root) {
    write_bytes(root / relative, make());
  };
}

/// The stylesheet entry of an output CApp.
std::string output_sheet(const fs::path& car) { return content_of(read_zip(read_bytes(car)), kSheetEntry); }

void expect_unzip_accepts(const fs::path& car) {
  if (!tool_available("unzip")) return;
  const ProcessResult test = run_shell("unzip -tq " + shell_quote(car.string()), car.parent_path());
  EXPECT_EQ(test.exit_code, 0) << car << "\n" << test.out << test.err;
  EXPECT_NE(test.out.find("No errors detected"), std::string::npos) << test.out;
}

/// The output of the bad CApp is byte-identical to its input.
std::function<void(const fs::path&, const BoundedRun&)> output_identical(std::string name) {
  return [name = std::move(name)](const fs::path& root, const BoundedRun&) {
    EXPECT_EQ(read_bytes(root / "out" / name), read_bytes(root / "in" / name));
  };
}

// -- capps kinds --

std::vector<HostileCase> capps_cases() {
  std::vector<HostileCase> cases;
  const std::string depth_address = [] {
    std::string address = "in/bad.car(";
    for (unsigned level = 1; level <= 5; ++level) address += (level > 1 ? "!" : "") + nested_entry_name(level);
    return address + ")";
  }();
  cases.push_back({.label = "NestedFatCarDepthBomb",
                   .build = file("in/bad.car", [] { return nested_fat_car(10); }),
                   .bad = "in/bad.car",
                   .errors = {error(depth_address, "nested CApps deeper than 4 levels (--max-nesting)")},
                   .status = "failed"});
  cases.push_back({.label = "NestedFatCarTenDeepWithRaisedCap",
                   .build = file("in/bad.car", [] { return nested_fat_car(10); }),
                   .bad = "in/bad.car",
                   .extra_args = {"--max-nesting", "10"},
                   .exit_code = 0,
                   .status = "migrated",
                   .check = [](const fs::path& root, const BoundedRun&) {
                     // Unwrap the ten levels of the output: the innermost sheet is migrated.
                     std::string current = read_bytes(root / "out" / "bad.car");
                     for (unsigned level = 1; level <= 10; ++level)
                       current = content_of(read_zip(current), nested_entry_name(level));
                     EXPECT_EQ(content_of(read_zip(current), kSheetEntry), migrate_form_a_text(form_a_stylesheet()));
                     expect_unzip_accepts(root / "out" / "bad.car");
                   }});
  cases.push_back({.label = "NestedFatCarFanOutBomb",
                   .build = file("in/bad.car", [] { return fan_out_fat_car(60, 4); }),
                   .bad = "in/bad.car",
                   .errors = {"carport: error: in/bad.car"},  // addressed at the 1001st nested CApp
                   .open_outcome = true,
                   .max_seconds = 30});
  cases.push_back({.label = "FatCarNestedCappWithBadCrc",
                   .build = file("in/bad.car", [] { return fat_car_with(capp_with_bad_sheet_crc()); }),
                   .bad = "in/bad.car",
                   .errors = {error(std::string("in/bad.car(dependencies/inner_1.0.0.car!") + kSheetEntry + ")",
                                    "CRC mismatch: entry data is corrupt")},
                   .status = "failed"});
  cases.push_back({.label = "FatCarNestedCappNotAZip",
                   .build = file("in/bad.car", [] { return fat_car_with("this nested CApp is not a zip\n"); }),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car(dependencies/inner_1.0.0.car)", "not a zip archive")},
                   .status = "failed"});
  cases.push_back({.label = "FatCarNestedCappTruncated",
                   .build = file("in/bad.car", [] { return fat_car_with(truncated_inside_central_directory()); }),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car(dependencies/inner_1.0.0.car)",
                                    "truncated zip archive: end of central directory record not found")},
                   .status = "failed"});
  cases.push_back({.label = "OverlappingCentralRecords",
                   .build = file("in/bad.car", overlapping_central_records),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car(b.xml)", "entry overlaps the data of a.xml (overlapping-entry zip bomb?)")},
                   .status = "failed"});
  cases.push_back({.label = "OverlappingEntryData",
                   .build = file("in/bad.car", overlapping_entry_data),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car(b.xml)", "entry overlaps the data of a.bin (overlapping-entry zip bomb?)")},
                   .status = "failed"});
  cases.push_back({.label = "TruncatedInsideCentralDirectory",
                   .build = file("in/bad.car", truncated_inside_central_directory),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car", "truncated zip archive: end of central directory record not found")},
                   .status = "failed"});
  cases.push_back({.label = "CentralDirectoryHoleEndRecordKept",
                   .build = file("in/bad.car", central_directory_hole),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car",
                                    "truncated or corrupt zip archive: central directory lies past its end record")},
                   .status = "failed"});
  cases.push_back({.label = "TruncatedEntryDataNothingFixed",
                   .build = file("in/bad.car", truncated_entry_data),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car",
                                    "truncated or corrupt zip archive: central directory lies past its end record")},
                   .status = "failed"});
  cases.push_back({.label = "ShortEntryDataOffsetsFixed",
                   .build = file("in/bad.car", short_entry_data_fixed_offsets),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car(data.bin)", "entry data runs into the central directory")},
                   .status = "failed"});
  cases.push_back({.label = "NonUtf8NameWithoutUtf8Flag",
                   .build = file("in/bad.car", [] { return non_utf8_capp(false, false); }),
                   .bad = "in/bad.car",
                   .exit_code = 0,
                   .status = "unchanged",
                   .check = output_identical("bad.car")});
  cases.push_back({.label = "NonUtf8NameWithoutUtf8FlagRewritten",
                   .build = file("in/bad.car", [] { return non_utf8_capp(false, true); }),
                   .bad = "in/bad.car",
                   .exit_code = 0,
                   .status = "migrated",
                   .check = [](const fs::path& root, const BoundedRun&) {
                     // The raw name bytes survive the rewrite; only the sheet changed.
                     const std::string output = read_bytes(root / "out" / "bad.car");
                     std::vector<std::string> names;
                     for (const ZipLayout::Entry& entry : zip_layout(output).entries) names.push_back(entry.name);
                     EXPECT_EQ(names, (std::vector<std::string>{"artifacts.xml", non_utf8_name(), kSheetEntry}));
                     EXPECT_EQ(output_sheet(root / "out" / "bad.car"), migrate_form_a_text(form_a_stylesheet()));
                     expect_unzip_accepts(root / "out" / "bad.car");
                   }});
  cases.push_back({.label = "NonUtf8NameWithUtf8Flag",
                   .build = file("in/bad.car", [] { return non_utf8_capp(true, false); }),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car", kInconsistent)},
                   .status = "failed"});
  cases.push_back({.label = "HundredThousandEntriesOverDefaultLimit",
                   .build = file("in/bad.car", [] { return many_entries_capp(100'000, false); }),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car", "archive has 100001 entries, over the limit of 65536 (--max-entries)")},
                   .status = "failed"});
  cases.push_back({.label = "HundredThousandEntriesWithRaisedLimit",
                   .build = file("in/bad.car", [] { return many_entries_capp(100'000, false); }),
                   .bad = "in/bad.car",
                   .extra_args = {"--max-entries", "200000"},
                   .exit_code = 0,
                   .status = "unchanged",
                   .check = output_identical("bad.car")});
  // Rewriting needs ZIP64 above 65,535 entries, which carport refuses (CApps never use it).
  cases.push_back({.label = "HundredThousandEntriesRewritten",
                   .build = file("in/bad.car", [] { return many_entries_capp(100'000, true); }),
                   .bad = "in/bad.car",
                   .extra_args = {"--max-entries", "200000"},
                   .errors = {error("in/bad.car", "cannot rewrite an archive of more than 65,535 entries: it would "
                                                  "need ZIP64 (not supported)")},
                   .status = "failed"});
  cases.push_back({.label = "DeflateDeclaredSizeSmallerThanData",
                   .build = file("in/bad.car", [] { return deflate_declared_size(100); }),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car(data.xml)", "entry decompresses to more than its declared 100 bytes")},
                   .status = "failed"});
  cases.push_back({.label = "DeflateDeclaredSizeLargerThanData",
                   .build = file("in/bad.car", [] { return deflate_declared_size(data_xml_size() + 1000); }),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car(data.xml)", "entry data is truncated (" + std::to_string(data_xml_size()) +
                                                                " of " + std::to_string(data_xml_size() + 1000) +
                                                                " bytes)")},
                   .status = "failed"});
  cases.push_back({.label = "DeflatedEntryWithWrongCrc",
                   .build = file("in/bad.car", deflate_bad_crc),
                   .bad = "in/bad.car",
                   .errors = {error("in/bad.car(data.xml)", "CRC mismatch: entry data is corrupt")},
                   .status = "failed"});
  cases.push_back({.label = "StylesheetBillionLaughsDtd",
                   .build = file("in/bad.car", [] { return make_capp(billion_laughs_sheet()); }),
                   .bad = "in/bad.car",
                   .exit_code = 0,
                   .status = "migrated",
                   .max_rss_kb = 128 * 1024,
                   .check = [](const fs::path& root, const BoundedRun&) {
                     // Migrated without expanding anything: DTD and entity reference kept byte for byte.
                     EXPECT_EQ(output_sheet(root / "out" / "bad.car"), migrate_form_a_text(billion_laughs_sheet()));
                   }});
  cases.push_back({.label = "StylesheetNested100000Deep",
                   .build = file("in/bad.car", [] { return make_capp(deep_sheet(100'000)); }),
                   .bad = "in/bad.car",
                   .exit_code = 0,
                   .status = "migrated",
                   .check = [](const fs::path& root, const BoundedRun&) {
                     EXPECT_EQ(output_sheet(root / "out" / "bad.car"), migrate_form_a_text(deep_sheet(100'000)));
                   }});
  cases.push_back({.label = "PlainXmlNested100000DeepAsStylesheet",
                   .build = file("in/bad.car", [] { return make_capp(deep_plain_xml(100'000)); }),
                   .bad = "in/bad.car",
                   .exit_code = 0,
                   .status = "unchanged",
                   .check = output_identical("bad.car")});
  cases.push_back({.label = "StylesheetNested100000DeepUnclosed",
                   .build = file("in/bad.car",
                                 [] {
                                   std::string sheet = deep_sheet(100'000);
                                   sheet.erase(sheet.find("</d>"), 100'000 * 4);
                                   return make_capp(sheet);
                                 }),
                   .bad = "in/bad.car",
                   .exit_code = 0,
                   .warnings = {std::string("carport: warning: in/bad.car(") + kSheetEntry +
                                "):1:300487: not well-formed XML: Start-end tags mismatch; left unchanged"},
                   .status = "unchanged",
                   .check = output_identical("bad.car")});
  cases.push_back({.label = "DirectoryNamedDotCar",
                   .build =
                       [](const fs::path& root) {
                         fs::create_directories(root / "in" / "x.car");
                         fs::create_directories(root / "direct" / "y.car");
                       },
                   .direct_inputs = {"direct/y.car"},
                   .exit_code = 0});
  cases.push_back({.label = "DotCarSymlinkToEtcPasswd",
                   .build = [](const fs::path& root) { fs::create_symlink("/etc/passwd", root / "in" / "passwd.car"); },
                   .bad = "in/passwd.car",
                   .errors = {error("in/passwd.car", "not a zip archive")},
                   .status = "failed"});
  cases.push_back({.label = "SymlinkLoopsInInputFolder",
                   .build =
                       [](const fs::path& root) {
                         fs::create_directories(root / "in" / "sub");
                         fs::create_directory_symlink("..", root / "in" / "sub" / "loop");
                         fs::create_directory_symlink("../..", root / "in" / "sub" / "up.car");
                         fs::create_symlink("self.car", root / "in" / "self.car");
                         fs::create_symlink("ring_b.car", root / "in" / "ring_a.car");
                         fs::create_symlink("ring_a.car", root / "in" / "ring_b.car");
                       },
                   .exit_code = 0,
                   .max_seconds = 10});
  cases.push_back({.label = "DotCarSymlinkToDevZero",
                   .build =
                       [](const fs::path& root) {
                         fs::create_symlink("/dev/zero", root / "in" / "zero.car");  // in a folder: skipped
                         fs::create_directories(root / "direct");
                         fs::create_symlink("/dev/zero", root / "direct" / "zero.car");
                       },
                   .bad = "direct/zero.car",
                   .direct_inputs = {"direct/zero.car"},
                   .errors = {error("direct/zero.car", "not a regular file")},
                   .status = "failed",
                   .max_seconds = 10});
  cases.push_back({.label = "FifoNamedDotCar",
                   .build =
                       [](const fs::path& root) {
                         make_fifo(root / "in" / "pipe.car");  // in a folder: skipped
                         make_fifo(root / "direct" / "pipe.car");
                       },
                   .bad = "direct/pipe.car",
                   .direct_inputs = {"direct/pipe.car"},
                   .errors = {error("direct/pipe.car", "not a regular file")},
                   .status = "failed",
                   .max_seconds = 10});
  return cases;
}

// -- validate kinds --

constexpr const char* kGoodYamlVerdict = "valid\topenapi-3.0\tin/a_good.yaml";

std::vector<HostileCase> validate_cases() {
  std::vector<HostileCase> cases;
  const auto summary_line = [](const std::string& counts) { return "carport: " + counts; };
  cases.push_back({.label = "YamlAliasBomb",
                   .command = Command::validate,
                   .build = file("in/bomb.yaml", yaml_alias_bomb),
                   .bad = "in/bomb.yaml",
                   .errors = {"carport: error: in/bomb.yaml:10:10: YAML: alias expansion exceeds 1000000 nodes "
                              "(alias bomb?) [parse-error]"},
                   .verdicts = {"invalid\tunknown\tin/bomb.yaml"},
                   .summary = summary_line("3 definitions: 2 valid, 1 invalid"),
                   .max_rss_kb = 128 * 1024});
  cases.push_back({.label = "YamlFlowNested100000Deep",
                   .command = Command::validate,
                   .build = file("in/deep.yaml", [] { return yaml_deep_flow(100'000); }),
                   .bad = "in/deep.yaml",
                   .errors = {"carport: error: in/deep.yaml:4:264: YAML: nesting deeper than 256 levels [parse-error]"},
                   .verdicts = {"invalid\tunknown\tin/deep.yaml"},
                   .summary = summary_line("3 definitions: 2 valid, 1 invalid")});
  cases.push_back({.label = "YamlBlockNested100000Deep",
                   .command = Command::validate,
                   .build = file("in/deep.yaml", [] { return yaml_deep_block(100'000); }),
                   .bad = "in/deep.yaml",
                   .errors = {"carport: error: in/deep.yaml:5:513: YAML: nesting deeper than 256 levels [parse-error]"},
                   .verdicts = {"invalid\tunknown\tin/deep.yaml"},
                   .summary = summary_line("3 definitions: 2 valid, 1 invalid")});
  cases.push_back({.label = "JsonNested100000Deep",
                   .command = Command::validate,
                   .build = file("in/deep.json", [] { return json_deep(100'000); }),
                   .bad = "in/deep.json",
                   .errors = {"carport: error: in/deep.json:1:330: JSON: nesting deeper than 256 levels [parse-error]"},
                   .verdicts = {"invalid\tunknown\tin/deep.json"},
                   .summary = summary_line("3 definitions: 2 valid, 1 invalid")});
  cases.push_back({.label = "JsonInvalidUtf8",
                   .command = Command::validate,
                   .build = file("in/bad_utf8.json", json_invalid_utf8),
                   .bad = "in/bad_utf8.json",
                   .errors = {"carport: error: in/bad_utf8.json:1:38: JSON: Invalid encoding in string. [parse-error]"},
                   .verdicts = {"invalid\tunknown\tin/bad_utf8.json"},
                   .summary = summary_line("3 definitions: 2 valid, 1 invalid")});
  cases.push_back({.label = "BinaryGarbageNamedYaml",
                   .command = Command::validate,
                   .build = file("in/garbage.yaml", [] { return binary_garbage(64 * 1024); }),
                   .bad = "in/garbage.yaml",
                   .errors = {"carport: error: in/garbage.yaml:1:1: YAML: invalid leading UTF-8 octet [parse-error]"},
                   .verdicts = {"invalid\tunknown\tin/garbage.yaml"},
                   .summary = summary_line("3 definitions: 2 valid, 1 invalid")});
  cases.push_back({.label = "SparseGigabyteYaml",
                   .command = Command::validate,
                   .build = [](const fs::path& root) { make_sparse_file(root / "in" / "big.yaml", 1ull << 30); },
                   .bad = "in/big.yaml",
                   .errors = {error("in/big.yaml", "file is 1073741824 bytes, over the limit of 536870912 (--max-archive-size)")},
                   .verdicts = {"unreadable\t-\tin/big.yaml"},
                   .summary = summary_line("2 definitions: 2 valid, 0 invalid, 1 unreadable"),
                   .max_seconds = 5,
                   .max_rss_kb = 64 * 1024});
  cases.push_back({.label = "RefChain100000Long",
                   .command = Command::validate,
                   .build = file("in/chain.yaml", [] { return openapi_ref_chain(100'000); }),
                   .bad = "in/chain.yaml",
                   .exit_code = 0,
                   .verdicts = {"valid\topenapi-3.0\tin/chain.yaml"},
                   .summary = summary_line("3 definitions: 3 valid, 0 invalid")});
  cases.push_back({.label = "RefCyclesSelfMutualAndRing100000",
                   .command = Command::validate,
                   .build = file("in/cycles.yaml", [] { return openapi_ref_cycles(100'000); }),
                   .bad = "in/cycles.yaml",
                   .exit_code = 0,
                   .verdicts = {"valid\topenapi-3.0\tin/cycles.yaml"},
                   .summary = summary_line("3 definitions: 3 valid, 0 invalid")});
  cases.push_back({.label = "UnresolvedRefs100000",
                   .command = Command::validate,
                   .build = file("in/unresolved.yaml", [] { return openapi_unresolved_refs(100'000); }),
                   .bad = "in/unresolved.yaml",
                   .errors = {"carport: error: in/unresolved.yaml:6:16: $ref target #/components/schemas/missing0 "
                              "could not be resolved [ref-unresolved]",
                              "carport: error: in/unresolved.yaml:100005:20: $ref target "
                              "#/components/schemas/missing99999 could not be resolved [ref-unresolved]"},
                   .error_count = 100'000,
                   .verdicts = {"invalid\topenapi-3.0\tin/unresolved.yaml"},
                   .summary = summary_line("3 definitions: 2 valid, 1 invalid"),
                   .max_seconds = 5});
  cases.push_back({.label = "GraphqlHundredThousandOpenBraces",
                   .command = Command::validate,
                   .build = file("in/braces.graphql", [] { return graphql_braces(100'000); }),
                   .bad = "in/braces.graphql",
                   .errors = {"carport: error: in/braces.graphql:1:1: Invalid syntax: expected a definition (schema, "
                              "type, interface, union, enum, input, scalar, directive, extend), found '{' "
                              "[graphql-syntax]"},
                   .verdicts = {"invalid\tgraphql\tin/braces.graphql"},
                   .summary = summary_line("3 definitions: 2 valid, 1 invalid")});
  cases.push_back({.label = "GraphqlValueNested100000Deep",
                   .command = Command::validate,
                   .build = file("in/deep_value.graphql", [] { return graphql_deep_value(100'000); }),
                   .bad = "in/deep_value.graphql",
                   .errors = {"carport: error: in/deep_value.graphql:2:1228: Invalid syntax: expected a shallower "
                              "value, found '{' [graphql-syntax]"},
                   .verdicts = {"invalid\tgraphql\tin/deep_value.graphql"},
                   .summary = summary_line("3 definitions: 2 valid, 1 invalid")});
  cases.push_back({.label = "GraphqlListTypeNested100000Deep",
                   .command = Command::validate,
                   .build = file("in/deep_list.graphql", [] { return graphql_deep_list_type(100'000); }),
                   .bad = "in/deep_list.graphql",
                   .errors = {"carport: error: in/deep_list.graphql:1:318: Invalid syntax: expected a shallower "
                              "type, found '[' [graphql-syntax]"},
                   .verdicts = {"invalid\tgraphql\tin/deep_list.graphql"},
                   .summary = summary_line("3 definitions: 2 valid, 1 invalid")});
  cases.push_back({.label = "WsdlBillionLaughsDtd",
                   .command = Command::validate,
                   .build = file("in/laughs.wsdl", wsdl_billion_laughs),
                   .bad = "in/laughs.wsdl",
                   .exit_code = 0,
                   .verdicts = {"valid\twsdl\tin/laughs.wsdl"},
                   .summary = summary_line("3 definitions: 3 valid, 0 invalid"),
                   .max_rss_kb = 64 * 1024});
  cases.push_back({.label = "WsdlExternalEntity",
                   .command = Command::validate,
                   .build = file("in/xxe.wsdl", wsdl_external_entity),
                   .bad = "in/xxe.wsdl",
                   .exit_code = 0,
                   .verdicts = {"valid\twsdl\tin/xxe.wsdl"},
                   .summary = summary_line("3 definitions: 3 valid, 0 invalid"),
                   .check = [](const fs::path& root, const BoundedRun& run) {
                     // /etc/passwd is never read into anything carport prints or writes.
                     EXPECT_EQ(read_bytes(root / "out" / "report.json").find("root:"), std::string::npos);
                     EXPECT_EQ(run.process.err.find("root:"), std::string::npos);
                   }});
  cases.push_back({.label = "ExportZipWithZipSlipName",
                   .command = Command::validate,
                   .build = file("in/export.zip", zip_slip_export_zip),
                   .bad = "in/export.zip",
                   .extra_args = {"--save-invalid", "out/invalid"},
                   .errors = {error(std::string("in/export.zip(") + kZipSlipEntry + ")",
                                    "unsafe entry name: '..' path component")},
                   .verdicts = {std::string("unreadable\t-\tin/export.zip(") + kZipSlipEntry + ")"},
                   .summary = summary_line("2 definitions: 2 valid, 0 invalid, 1 unreadable; 0 saved to out/invalid")});
  cases.push_back({.label = "CorruptEntryBesideValidDefinition",
                   .command = Command::validate,
                   .build = file("in/corrupt.car",
                                 [] {
                                   return with_crc_flipped(capp_with_swagger(valid_openapi()),
                                                           "PetsAPI_1.0.0/PetsAPI-1.0.0.xml");
                                 }),
                   .bad = "in/corrupt.car",
                   .errors = {error("in/corrupt.car(PetsAPI_1.0.0/PetsAPI-1.0.0.xml)", "CRC mismatch: entry data is corrupt")},
                   .verdicts = {"unreadable\t-\tin/corrupt.car(PetsAPI_1.0.0/PetsAPI-1.0.0.xml)"},
                   .summary = summary_line("2 definitions: 2 valid, 0 invalid, 1 unreadable")});
  {
    std::string address = "in/fat.car(";
    for (unsigned level = 1; level <= 5; ++level) address += (level > 1 ? "!" : "") + nested_entry_name(level);
    address += ")";
    cases.push_back({.label = "FatCarDepthBomb",
                     .command = Command::validate,
                     .build = file("in/fat.car", [] { return nested_fat_car(10); }),
                     .bad = "in/fat.car",
                     .errors = {error(address, "nested CApps deeper than 4 levels (--max-nesting)")},
                     .verdicts = {"unreadable\t-\t" + address},
                     .summary = summary_line("2 definitions: 2 valid, 0 invalid, 1 unreadable")});
  }
  cases.push_back({.label = "FatCarFanOutBomb",
                   .command = Command::validate,
                   .build = file("in/fat.car", [] { return fan_out_fat_car(60, 4); }),
                   .bad = "in/fat.car",
                   .errors = {"carport: error: in/fat.car"},
                   .open_outcome = true,
                   .max_seconds = 30});
  cases.push_back({.label = "FifoNamedDotYaml",
                   .command = Command::validate,
                   .build =
                       [](const fs::path& root) {
                         make_fifo(root / "in" / "pipe.yaml");  // in a folder: skipped
                         make_fifo(root / "direct" / "pipe.yaml");
                       },
                   .bad = "direct/pipe.yaml",
                   .direct_inputs = {"direct/pipe.yaml"},
                   .errors = {error("direct/pipe.yaml", "not a regular file")},
                   .verdicts = {"unreadable\t-\tdirect/pipe.yaml"},
                   .summary = summary_line("2 definitions: 2 valid, 0 invalid, 1 unreadable"),
                   .max_seconds = 10});
  cases.push_back({.label = "SymlinkLoopsInInputFolder",
                   .command = Command::validate,
                   .build =
                       [](const fs::path& root) {
                         fs::create_directories(root / "in" / "sub");
                         fs::create_directory_symlink("..", root / "in" / "sub" / "loop");
                         fs::create_directory_symlink("../..", root / "in" / "sub" / "up.yaml");
                         fs::create_symlink("self.yaml", root / "in" / "self.yaml");
                         fs::create_symlink("ring_b.json", root / "in" / "ring_a.json");
                         fs::create_symlink("ring_a.json", root / "in" / "ring_b.json");
                       },
                   .exit_code = 0,
                   .summary = summary_line("2 definitions: 2 valid, 0 invalid"),
                   .max_seconds = 10});
  return cases;
}

// ---- the runner -----------------------------------------------------------------------------------

class HostileBatch : public ::testing::TestWithParam<HostileCase> {};

/// The status the bad CApp must have: the case's, or for an open outcome what the run chose.
std::string expected_status(const HostileCase& kind, const rapidjson::Value* record, bool refused) {
  if (!kind.open_outcome) return kind.status;
  if (refused) return "failed";
  const std::string actual = record != nullptr ? str(*record, "status") : "";
  return actual == "migrated" || actual == "unchanged" ? actual : "migrated or unchanged";
}

void check_capps(const HostileCase& kind, const fs::path& root, const BoundedRun& run) {
  const std::string& err = run.process.err;
  const fs::path out = root / "out";
  const rapidjson::Document manifest = load_json(out / "manifest.json");
  const rapidjson::Value* bad = kind.bad.empty() ? nullptr : record_for(manifest, kind.bad);
  const bool refused = !lines_starting_with(err, "carport: error:").empty();
  const std::string status = expected_status(kind, bad, refused);

  const int bad_counted = status.empty() ? 0 : 1;
  const int migrated = 2 + (status == "migrated" ? 1 : 0);
  const int unchanged = status == "unchanged" ? 1 : 0;
  const int failed = status == "failed" ? 1 : 0;
  EXPECT_TRUE(err.ends_with("carport: " + std::to_string(2 + bad_counted) + " CApps: " + std::to_string(migrated) +
                            " migrated, " + std::to_string(unchanged) + " unchanged, " + std::to_string(failed) +
                            " failed; output in out\n"))
      << err.substr(0, 4000);
  EXPECT_EQ(manifest["capps"].Size(), static_cast<rapidjson::SizeType>(2 + bad_counted));

  // The good CApps, either side of the bad one in scan order, are migrated and listed.
  for (const char* good : {"a_good.car", "z_good.car"}) {
    const rapidjson::Value* record = record_for(manifest, std::string("in/") + good);
    ASSERT_NE(record, nullptr) << good;
    EXPECT_EQ(str(*record, "status"), "migrated") << good;
    EXPECT_EQ(output_sheet(out / good), migrate_form_a_text(form_a_stylesheet())) << good;
  }
  const ProcessResult check = run_shell("sha256sum -c --strict --quiet SHA256SUMS", out);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  const std::string sums_text = read_bytes(out / "SHA256SUMS");
  EXPECT_NE(sums_text.find("  a_good.car\n"), std::string::npos) << sums_text;
  EXPECT_NE(sums_text.find("  z_good.car\n"), std::string::npos) << sums_text;

  if (kind.bad.empty()) return;
  if (status.empty()) {
    EXPECT_EQ(bad, nullptr) << kind.bad << " must not be taken for a CApp";
    return;
  }
  ASSERT_NE(bad, nullptr) << "no manifest record for " << kind.bad;
  EXPECT_EQ(str(*bad, "status"), status);
  // In a folder: mirrored; named on the command line: at the top.
  const std::string output_name =
      kind.bad.starts_with("in/") ? kind.bad.substr(3) : fs::path(kind.bad).filename().string();
  if (status == "failed") {
    const std::vector<std::string> errors = lines_starting_with(err, "carport: error:");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ("carport: error: " + str(*bad, "reason"), errors.front());
    EXPECT_FALSE(bad->HasMember("output"));
    EXPECT_FALSE(fs::exists(fs::symlink_status(out / output_name))) << "output written for a failed CApp";
    EXPECT_EQ(sums_text.find("  " + output_name + "\n"), std::string::npos) << sums_text;
  } else {
    EXPECT_EQ(str(*bad, "output"), output_name);
    EXPECT_TRUE(fs::is_regular_file(out / output_name));
    EXPECT_NE(sums_text.find("  " + output_name + "\n"), std::string::npos) << sums_text;
    expect_unzip_accepts(out / output_name);
  }
}

void check_validate(const HostileCase& kind, const fs::path& root, const BoundedRun& run) {
  const std::string good_car = std::string("valid\topenapi-3.0\tin/z_good.car(") + kSwaggerEntry + ")";
  const std::vector<std::string> lines = split_lines(run.process.out);
  if (kind.open_outcome) {
    EXPECT_NE(std::find(lines.begin(), lines.end(), kGoodYamlVerdict), lines.end()) << run.process.out;
    EXPECT_NE(std::find(lines.begin(), lines.end(), good_car), lines.end()) << run.process.out;
  } else {
    std::vector<std::string> expected = {kGoodYamlVerdict, good_car};
    expected.insert(expected.end(), kind.verdicts.begin(), kind.verdicts.end());
    // Sorted by address (path, then entry), whatever the order of inputs and threads.
    std::sort(expected.begin(), expected.end(), [](const std::string& a, const std::string& b) {
      return a.substr(a.rfind('\t') + 1) < b.substr(b.rfind('\t') + 1);
    });
    EXPECT_EQ(lines, expected) << run.process.err.substr(0, 4000);
    EXPECT_TRUE(has_line(run.process.err, kind.summary)) << run.process.err.substr(0, 4000);
  }
  const rapidjson::Document report = load_json(root / "out" / "report.json");
  EXPECT_EQ(str(report, "tool"), "carport");
  EXPECT_EQ(str(report, "command"), "validate");
}

TEST_P(HostileBatch, BoundedAndContained) {
  const HostileCase& kind = GetParam();
  if (!kind.known_bug.empty() && std::getenv("CARPORT_HOSTILE_KNOWN_BUGS") == nullptr)
    GTEST_SKIP() << "KNOWN BUG: " << kind.known_bug;

  TempDir temp;
  const fs::path& root = temp.path();
  fs::create_directories(root / "in");
  fs::create_directories(root / "direct");
  if (kind.command == Command::capps) {
    write_bytes(root / "in" / "a_good.car", good_capp());
    write_bytes(root / "in" / "z_good.car", good_capp());
  } else {
    write_bytes(root / "in" / "a_good.yaml", valid_openapi());
    write_bytes(root / "in" / "z_good.car", capp_with_swagger(valid_openapi()));
  }
  kind.build(root);
  const auto before = snapshot(root);

  std::vector<std::string> args;
  if (kind.command == Command::capps) {
    args = {"capps", "in"};
    args.insert(args.end(), kind.direct_inputs.begin(), kind.direct_inputs.end());
    args.insert(args.end(), {"-o", "out", "-j", "2"});
  } else {
    args = {"validate", "-v", "in"};
    args.insert(args.end(), kind.direct_inputs.begin(), kind.direct_inputs.end());
    args.insert(args.end(), {"--format", "json", "-o", "out/report.json", "-j", "2"});
  }
  args.insert(args.end(), kind.extra_args.begin(), kind.extra_args.end());
  const BoundedRun run = run_bounded(args, root);
  const std::string& err = run.process.err;

  // Bounded.
  ASSERT_NE(run.process.exit_code, 124) << "killed by `timeout " << kTimeoutSeconds << "`";
  ASSERT_NE(run.process.exit_code, 137) << "killed by `timeout -k`";
  EXPECT_LT(run.seconds, kind.max_seconds * kSanitizerSlowdown) << "wall time";
  EXPECT_GT(run.peak_rss_kb, 0u) << run.rss_source;
  EXPECT_LT(run.peak_rss_kb, kind.max_rss_kb * kSanitizerMemory) << "peak RSS (KB) by " << run.rss_source;
  std::cout << "[ hostile  ] " << kind.label << ": " << run.seconds << " s, peak " << run.peak_rss_kb / 1024
            << " MB\n";

  // Exit code and diagnostics.
  if (!kind.open_outcome) {
    EXPECT_EQ(run.process.exit_code, kind.exit_code) << err.substr(0, 4000);
  }
  const std::vector<std::string> errors = lines_starting_with(err, "carport: error:");
  if (kind.open_outcome) {
    ASSERT_LE(errors.size(), 1u) << err.substr(0, 4000);
    EXPECT_EQ(run.process.exit_code, errors.empty() ? 0 : 1);
    if (!errors.empty()) {
      EXPECT_TRUE(errors.front().starts_with(kind.errors.front() + ":") ||
                  errors.front().starts_with(kind.errors.front() + "("))
          << errors.front();
    }
  } else if (kind.error_count > 0) {
    ASSERT_EQ(errors.size(), kind.error_count);
    EXPECT_EQ(errors.front(), kind.errors.front());
    EXPECT_EQ(errors.back(), kind.errors.back());
  } else {
    EXPECT_EQ(errors, kind.errors) << err.substr(0, 4000);
  }
  EXPECT_EQ(lines_starting_with(err, "carport: warning:"), kind.warnings) << err.substr(0, 4000);

  // The good items, the bad item's record.
  if (kind.command == Command::capps) check_capps(kind, root, run);
  else check_validate(kind, root, run);

  // Nothing written outside the output folder, inputs unchanged, no temp files left.
  EXPECT_EQ(without(snapshot(root), "out"), before);
  EXPECT_TRUE(temp_debris(root).empty());
  if (kind.check) kind.check(root, run);
}

std::vector<HostileCase> all_cases() {
  std::vector<HostileCase> cases = capps_cases();
  for (HostileCase& kind : cases) kind.label = "Capps" + kind.label;
  for (HostileCase& kind : validate_cases()) {
    kind.label = "Validate" + kind.label;
    cases.push_back(std::move(kind));
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Hostile, HostileBatch, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<HostileCase>& param) { return param.param.label; });

}  // namespace
