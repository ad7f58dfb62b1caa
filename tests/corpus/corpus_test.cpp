// Corpus tests: the real carport binary on the shared real-world CApps and on the golden run of WSO2's
// Data Mapper migration tool (docs/datamapper-migration.md §8). The shared files are read-only input:
// runs write into temp folders only, and the golden input is copied before carport sees it.
// Every test skips when ../shared/corpus is absent.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
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

#define SKIP_WITHOUT_CORPUS()                                             \
  do {                                                                    \
    if (corpus_dir().empty()) GTEST_SKIP() << "../shared/corpus absent"; \
  } while (false)

using Entries = std::vector<std::pair<std::string, std::string>>;



std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

bool has_car_extension(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".car";
}

/// Relative path -> sha256 of every regular file under root.
std::map<std::string, std::string> file_hashes(const fs::path& root) {
  std::map<std::string, std::string> hashes;
  for (const auto& item : fs::recursive_directory_iterator(root))
    if (item.is_regular_file())
      hashes[item.path().lexically_relative(root).generic_string()] = sha256_hex(read_bytes(item.path()));
  return hashes;
}

std::set<std::string> files_under(const fs::path& root) {
  std::set<std::string> names;
  for (const auto& item : fs::recursive_directory_iterator(root))
    if (item.is_regular_file()) names.insert(item.path().lexically_relative(root).generic_string());
  return names;
}

/// A writable copy of a read-only folder (fs::copy would copy the read-only folder modes too).
void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const auto& item : fs::recursive_directory_iterator(from)) {
    const fs::path target = to / item.path().lexically_relative(from);
    if (item.is_directory()) {
      fs::create_directories(target);
    } else {
      fs::copy_file(item.path(), target);
      fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
    }
  }
}

rapidjson::Document load_json(const fs::path& path) {
  rapidjson::Document document;
  const std::string text = read_bytes(path);
  document.Parse(text.c_str());
  if (document.HasParseError() || !document.IsObject() || !document.HasMember("capps"))
    throw std::runtime_error("not a manifest: " + path.string());
  return document;
}

std::string str(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject() || !object.HasMember(key) || !object[key].IsString())
    throw std::runtime_error(std::string("missing string member ") + key);
  return object[key].GetString();
}

const rapidjson::Value& record_for(const rapidjson::Document& manifest, const std::string& input) {
  for (const rapidjson::Value& capp : manifest["capps"].GetArray())
    if (str(capp, "input") == input) return capp;
  throw std::runtime_error("no manifest record for " + input);
}

std::map<std::string, std::string> entry_map(const Entries& entries) {
  return std::map<std::string, std::string>(entries.begin(), entries.end());
}

std::vector<std::string> names_of(const Entries& entries) {
  std::vector<std::string> names;
  for (const auto& entry : entries) names.push_back(entry.first);
  return names;
}

std::set<std::string> name_set(const Entries& entries) {
  std::set<std::string> names;
  for (const auto& entry : entries) names.insert(entry.first);
  return names;
}

bool tool_available(const std::string& tool) {
  return run_shell("command -v " + tool, fs::temp_directory_path()).exit_code == 0;
}

/// The value of attribute `name` in the root start tag of a stylesheet (first occurrence), or "".
std::string attribute_value(const std::string& sheet, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const std::size_t at = sheet.find(key);
  if (at == std::string::npos) return {};
  const std::size_t start = at + key.size();
  return sheet.substr(start, sheet.find('"', start) - start);
}

std::vector<std::string> tokens(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream stream(text);
  std::string token;
  while (stream >> token) out.push_back(token);
  return out;
}

/// Checks that a migrated Data Mapper sheet is in the fixed form: no xs in extension-element-prefixes,
/// exactly one exclude-result-prefixes attribute, holding xs.
void expect_fixed_sheet(const std::string& sheet, const std::string& where) {
  const std::vector<std::string> extension = tokens(attribute_value(sheet, "extension-element-prefixes"));
  EXPECT_FALSE(extension.empty()) << where;
  EXPECT_EQ(std::count(extension.begin(), extension.end(), "xs"), 0) << where;
  EXPECT_EQ(count_of(sheet, "exclude-result-prefixes="), 1u) << where;
  EXPECT_EQ(count_of(sheet, "exclude-result-prefixes=\"xs\""), 1u) << where;
}

// The CApps of docs/datamapper-migration.md §8 with stylesheets, minus the one whose sheet is 0 bytes.
const std::set<std::string> kExpectedMigrated = {
    "1_1_3_synapse-configCompositeApplication_1.0.0.car",
    "1_6_12_1-synapseCompositeApplication_1.0.0.car",
    "EdgewareDemoCompositeApplication_1.0.0.car",
    "SampleServicesCompositeApplication_1.0.0__2a4a7a6b.car",
    "SampleServicesCompositeApplication_1.0.0__cfd05b1c.car",
    "SampleServicesCompositeExporter_1.0.0-SNAPSHOT__184e575d.car",
    "SampleServicesCompositeExporter_1.0.0-SNAPSHOT__3e8611ae.car",
    "SampleServicesCompositeExporter_1.0.0__2adf482b.car",
    "SampleServicesCompositeExporter_1.0.0__2d578d59.car",
    "SampleServicesCompositeExporter_1.0.0__624aaf78.car",
};
constexpr const char* kEmptySheetCapp = "SampleServicesCompositeExporter_1.0.0-SNAPSHOT__f929701b.car";
constexpr const char* kEmptySheetEntry = "RequestMapping_xsltStyleSheet_1.0.0/resources/RequestMapping_xsltStyleSheet.xml";

// ---------------------------------------------------------------------------------------------
// All of corpus/capps.

TEST(Corpus, AllCappsMigrateExceptTheTwoInvalidOnes) {
  SKIP_WITHOUT_CORPUS();
  const fs::path capps = corpus_dir() / "capps";
  ASSERT_TRUE(fs::is_directory(capps));
  const std::map<std::string, std::string> corpus_before = file_hashes(capps);

  // Every *.car (any case) below capps, as carport should find it.
  std::set<std::string> expected_inputs;
  for (const auto& item : fs::recursive_directory_iterator(capps))
    if (item.is_regular_file() && has_car_extension(item.path()))
      expected_inputs.insert(item.path().lexically_relative(capps).generic_string());
  ASSERT_GT(expected_inputs.size(), 150u);

  TempDir temp;
  const ProcessResult run = run_carport({"capps", capps.string(), "-o", "out"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const fs::path out = temp.path() / "out";

  // Exactly the two invalid files fail, one error line each.
  const std::string prefix = capps.string() + "/";
  const std::vector<std::string> errors = lines_starting_with(run.err, "carport: error: ");
  ASSERT_EQ(errors.size(), 2u) << run.err;
  EXPECT_EQ(errors[0], "carport: error: " + prefix + "invalid/DOTCAR.car: not a zip archive");
  EXPECT_TRUE(errors[1].starts_with("carport: error: " + prefix +
                                    "invalid/scenario_5_1_1_CompositeApplication_1.0.0.car: "))
      << errors[1];

  // The warnings: the 0-byte stylesheet, and the one real API definition WSO2 would reject
  // (minikubesample's Swagger 2.0 has no info.version), found both as metadata and as the
  // MI 4.4 api-definitions registry resource.
  const std::string minikube = "carport: warning: " + prefix + "minikubesample_1.0.0.car(";
  const std::string missing_version = "):32:3: invalid API definition: attribute info.version is missing [missing-info-version]";
  EXPECT_EQ(lines_starting_with(run.err, "carport: warning: "),
            (std::vector<std::string>{
                "carport: warning: " + prefix + kEmptySheetCapp + "(" + kEmptySheetEntry +
                    "): empty stylesheet (0 bytes); left unchanged",
                minikube + "metadata/swagger-files_swagger_1.0.0/swagger-files_swagger-1.0.0.yaml" + missing_version,
                minikube + "resources_api-definitions_swagger-files_yaml_1.0.0/resources/swagger-files.yaml" +
                    missing_version}));

  const rapidjson::Document manifest = load_json(out / "manifest.json");
  std::set<std::string> seen_inputs;
  std::set<std::string> failed;
  std::set<std::string> migrated;
  std::set<std::string> expected_outputs = {"manifest.json", "SHA256SUMS"};
  const bool have_unzip = tool_available("unzip");
  const bool have_jar = tool_available("jar");
  for (const rapidjson::Value& record : manifest["capps"].GetArray()) {
    const std::string input = str(record, "input");
    ASSERT_TRUE(input.starts_with(prefix)) << input;
    const std::string relative = input.substr(prefix.size());
    seen_inputs.insert(relative);
    const std::string status = str(record, "status");
    const std::string input_bytes = read_bytes(capps / relative);
    EXPECT_EQ(str(record, "input_sha256"), sha256_hex(input_bytes)) << relative;
    if (status == "failed") {
      failed.insert(relative);
      EXPECT_FALSE(str(record, "reason").empty()) << relative;
      EXPECT_TRUE(str(record, "reason").starts_with(input + ": ")) << str(record, "reason");
      EXPECT_FALSE(record.HasMember("output")) << relative;
      continue;
    }
    const std::string output_name = str(record, "output");
    EXPECT_EQ(output_name, relative);
    expected_outputs.insert(output_name);
    const std::string output_bytes = read_bytes(out / output_name);
    EXPECT_EQ(str(record, "output_sha256"), sha256_hex(output_bytes)) << relative;
    if (status == "unchanged") {
      EXPECT_EQ(output_bytes, input_bytes) << relative << " must be a byte-identical copy";
      EXPECT_EQ(record["rewritten"].Size(), 0u) << relative;
      continue;
    }
    ASSERT_EQ(status, "migrated") << relative;
    migrated.insert(relative);

    // Same entries in the same order; only the listed entries changed, with the listed hashes.
    const Entries before = read_zip(input_bytes);
    const Entries after = read_zip(output_bytes);
    ASSERT_EQ(names_of(after), names_of(before)) << relative;
    std::map<std::string, const rapidjson::Value*> rewritten;
    for (const rapidjson::Value& entry : record["rewritten"].GetArray()) {
      EXPECT_EQ(str(entry, "transform"), "datamapper-xslt") << relative;
      rewritten[str(entry, "entry")] = &entry;
    }
    EXPECT_FALSE(rewritten.empty()) << relative;
    for (std::size_t i = 0; i < before.size(); ++i) {
      const std::string& name = before[i].first;
      auto it = rewritten.find(name);
      if (it == rewritten.end()) {
        EXPECT_EQ(after[i].second, before[i].second) << relative << "!" << name;
        continue;
      }
      EXPECT_NE(after[i].second, before[i].second) << relative << "!" << name;
      EXPECT_EQ(str(*it->second, "sha256_before"), sha256_hex(before[i].second)) << relative << "!" << name;
      EXPECT_EQ(str(*it->second, "sha256_after"), sha256_hex(after[i].second)) << relative << "!" << name;
      expect_fixed_sheet(after[i].second, relative + "!" + name);
      rewritten.erase(it);
    }
    EXPECT_TRUE(rewritten.empty()) << relative << ": manifest lists entries that are not in the archive";

    if (have_unzip) {
      const ProcessResult test = run_shell("unzip -tq " + shell_quote(output_name), out);
      EXPECT_EQ(test.exit_code, 0) << relative << "\n" << test.out << test.err;
      EXPECT_EQ(test.err, "") << relative;
    }
    if (have_jar) {
      const ProcessResult list = run_shell("jar tf " + shell_quote(output_name), out);
      EXPECT_EQ(list.exit_code, 0) << relative << "\n" << list.err;
      EXPECT_EQ(split_lines(list.out), names_of(after)) << relative;
    }
  }
  EXPECT_EQ(seen_inputs, expected_inputs);
  EXPECT_EQ(failed, (std::set<std::string>{"invalid/DOTCAR.car", "invalid/scenario_5_1_1_CompositeApplication_1.0.0.car"}));
  EXPECT_EQ(migrated, kExpectedMigrated);
  EXPECT_EQ(str(record_for(manifest, prefix + kEmptySheetCapp), "status"), "unchanged");
  EXPECT_EQ(str(record_for(manifest, prefix + "EdgewareDemoCompositeApplication_1.0.0.car"), "status"), "migrated");

  // The output holds exactly the written CApps and the two reports, and checks out.
  EXPECT_EQ(files_under(out), expected_outputs);
  const ProcessResult sums = run_shell("sha256sum -c --quiet --strict SHA256SUMS", out);
  EXPECT_EQ(sums.exit_code, 0) << sums.out << sums.err;
  const ProcessResult verify = run_carport({"verify", "out"}, temp.path());
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(verify.err, "carport: verified " + std::to_string(expected_inputs.size() - 2) + " CApps: 0 mismatches\n");
  EXPECT_TRUE(run.err.ends_with("carport: " + std::to_string(expected_inputs.size()) + " CApps: " +
                                std::to_string(kExpectedMigrated.size()) + " migrated, " +
                                std::to_string(expected_inputs.size() - 2 - kExpectedMigrated.size()) +
                                " unchanged, 2 failed; output in out\n"))
      << run.err;

  EXPECT_EQ(file_hashes(capps), corpus_before) << "the shared corpus was modified";
}

TEST(Corpus, EdgewareRuntimePropertySheetIsFixed) {
  SKIP_WITHOUT_CORPUS();
  const fs::path input = corpus_dir() / "capps" / "EdgewareDemoCompositeApplication_1.0.0.car";
  TempDir temp;
  const ProcessResult run = run_carport({"capps", input.string(), "-o", "out"}, temp.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::map<std::string, std::string> before = entry_map(read_zip(read_bytes(input)));
  const std::map<std::string, std::string> after =
      entry_map(read_zip(read_bytes(temp.path() / "out" / "EdgewareDemoCompositeApplication_1.0.0.car")));
  const std::string entry = "RequestXMLtoJSON_xsltStyleSheet_1.0.0/resources/RequestXMLtoJSON_xsltStyleSheet.xml";
  ASSERT_TRUE(before.contains(entry) && after.contains(entry));
  const std::string& old_sheet = before.at(entry);
  const std::string& new_sheet = after.at(entry);
  EXPECT_NE(old_sheet.find("xmlns:runTimeProperties=\"ENDPOINT_ONE_RESPONSE,DEFAULT\""), std::string::npos);
  EXPECT_EQ(tokens(attribute_value(old_sheet, "extension-element-prefixes")).front(), "xs");
  expect_fixed_sheet(new_sheet, entry);
  // Only the xs token went, the flags kept their order, the runtime property declaration is untouched.
  std::vector<std::string> expected_tokens = tokens(attribute_value(old_sheet, "extension-element-prefixes"));
  expected_tokens.erase(std::remove(expected_tokens.begin(), expected_tokens.end(), "xs"), expected_tokens.end());
  EXPECT_EQ(tokens(attribute_value(new_sheet, "extension-element-prefixes")), expected_tokens);
  EXPECT_NE(new_sheet.find("xmlns:runTimeProperties=\"ENDPOINT_ONE_RESPONSE,DEFAULT\""), std::string::npos);
  EXPECT_EQ(new_sheet.size(), old_sheet.size() + std::string(" exclude-result-prefixes=\"xs\"").size() - 3);
}

// ---------------------------------------------------------------------------------------------
// The golden run of WSO2's tool.

struct ExpectedRow {
  std::string car;
  std::string status;
  std::string changed_entry;
  std::string sha256_in;
  std::string sha256_out;
};

std::vector<ExpectedRow> read_expected(const fs::path& tsv) {
  std::vector<ExpectedRow> rows;
  const std::vector<std::string> lines = split_lines(read_bytes(tsv));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells;
    std::istringstream stream(lines[i]);
    std::string cell;
    while (std::getline(stream, cell, '\t')) cells.push_back(cell);
    if (cells.size() != 7) throw std::runtime_error("EXPECTED.tsv: bad row: " + lines[i]);
    rows.push_back({cells[0], cells[1], cells[4], cells[5], cells[6]});
  }
  return rows;
}

class Golden : public ::testing::Test {
 protected:
  void SetUp() override {
    if (corpus_dir().empty()) GTEST_SKIP() << "../shared/corpus absent";
    golden_ = corpus_dir() / "datamapper-golden";
    ASSERT_TRUE(fs::is_directory(golden_ / "input"));
    shared_before_ = file_hashes(golden_);
    copy_tree(golden_ / "input", temp_.path() / "input");
    copied_inputs_ = file_hashes(temp_.path() / "input");
    run_ = run_carport({"capps", "input"}, temp_.path());
    out_ = temp_.path() / "migrated_capps";
  }
  void TearDown() override {
    if (golden_.empty()) return;
    EXPECT_EQ(file_hashes(golden_), shared_before_) << "the shared golden folder was modified";
    EXPECT_EQ(file_hashes(temp_.path() / "input"), copied_inputs_) << "carport modified its input";
  }

  [[nodiscard]] Entries golden_entries(const std::string& car) const {
    return read_zip(read_bytes(golden_ / "migrated_capps" / car));
  }
  [[nodiscard]] Entries our_entries(const std::string& car) const { return read_zip(read_bytes(out_ / car)); }

  TempDir temp_;
  fs::path golden_;
  fs::path out_;
  std::map<std::string, std::string> shared_before_;
  std::map<std::string, std::string> copied_inputs_;
  ProcessResult run_;
};

constexpr const char* kSheet = "AddNumbers_xsltStyleSheet_1.0.0/resources/AddNumbers_xsltStyleSheet.xml";

TEST_F(Golden, RunSucceedsIntoSiblingMigratedCappsWithTheExpectedFiles) {
  EXPECT_EQ(run_.exit_code, 0) << run_.err;
  EXPECT_EQ(run_.err, "carport: 6 CApps: 4 migrated, 2 unchanged, 0 failed; output in ./migrated_capps\n");
  std::set<std::string> expected = {"manifest.json", "SHA256SUMS", "UpperCase_1.0.0.CAR"};
  for (const auto& item : fs::directory_iterator(golden_ / "migrated_capps"))
    expected.insert(item.path().filename().string());
  EXPECT_EQ(expected.size(), 8u);
  EXPECT_EQ(files_under(out_), expected);
  EXPECT_FALSE(fs::exists(out_ / "readme.txt"));
  // Like the WSO2 tool, nothing but migrated_capps next to the input (no tmp/ left behind).
  std::set<std::string> top;
  for (const auto& item : fs::directory_iterator(temp_.path())) top.insert(item.path().filename().string());
  EXPECT_EQ(top, (std::set<std::string>{"input", "migrated_capps"}));
}

TEST_F(Golden, FormACappsMatchGoldenEntryForEntry) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  for (const char* car : {"1_1_3_synapse-configCompositeApplication_1.0.0.car",
                          "1_6_12_1-synapseCompositeApplication_1.0.0.car"}) {
    const Entries golden = golden_entries(car);
    const Entries ours = our_entries(car);
    EXPECT_EQ(name_set(ours), name_set(golden)) << car;
    EXPECT_EQ(entry_map(ours), entry_map(golden)) << car;
    // carport keeps the original entry order (WSO2 uses the directory listing order).
    EXPECT_EQ(names_of(ours), names_of(read_zip(read_bytes(temp_.path() / "input" / car)))) << car;
  }
}

TEST_F(Golden, MediatorCappIsByteIdenticalToGolden) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const std::string ours = read_bytes(out_ / "MediatorCApp_1.0.0.car");
  EXPECT_EQ(ours, read_bytes(golden_ / "migrated_capps" / "MediatorCApp_1.0.0.car"));
  EXPECT_EQ(ours, read_bytes(golden_ / "input" / "MediatorCApp_1.0.0.car"));
}

TEST_F(Golden, RuntimePropsSheetIsFixedWhereWso2LeftItBroken) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const std::string car = "Synthetic_RunTimeProps_1.0.0.car";
  const std::map<std::string, std::string> golden = entry_map(golden_entries(car));
  const std::map<std::string, std::string> ours = entry_map(our_entries(car));
  ASSERT_EQ(name_set(our_entries(car)), name_set(golden_entries(car)));
  for (const auto& [name, bytes] : golden) {
    if (name == kSheet) continue;
    EXPECT_EQ(ours.at(name), bytes) << name;
  }
  const std::string& broken = golden.at(kSheet);
  const std::string& fixed = ours.at(kSheet);
  // WSO2's output still has xs in the list (form D is not matched by its literal search).
  EXPECT_EQ(tokens(attribute_value(broken, "extension-element-prefixes")).front(), "xs");
  expect_fixed_sheet(fixed, car);
  const std::string old_attribute =
      R"(extension-element-prefixes="xs own runTimeProperties notXSLTCompatible firstElementOfTheInput")";
  const std::string new_attribute =
      R"(extension-element-prefixes="own runTimeProperties notXSLTCompatible firstElementOfTheInput" exclude-result-prefixes="xs")";
  std::string expected = broken;
  ASSERT_NE(expected.find(old_attribute), std::string::npos);
  expected.replace(expected.find(old_attribute), old_attribute.size(), new_attribute);
  EXPECT_EQ(fixed, expected);

  const rapidjson::Document manifest = load_json(out_ / "manifest.json");
  const rapidjson::Value& record = record_for(manifest, "input/" + car);
  EXPECT_EQ(str(record, "status"), "migrated");
  ASSERT_EQ(record["rewritten"].Size(), 1u);
  EXPECT_EQ(str(record["rewritten"][0], "entry"), kSheet);
  EXPECT_EQ(str(record["rewritten"][0], "sha256_before"), sha256_hex(broken));
  EXPECT_EQ(str(record["rewritten"][0], "sha256_after"), sha256_hex(fixed));
}

TEST_F(Golden, AlreadyMigratedCappIsLeftByteIdentical) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const std::string car = "Synthetic_AlreadyMigrated_1.0.0.car";
  const std::string input = read_bytes(temp_.path() / "input" / car);
  const std::string ours = read_bytes(out_ / car);
  EXPECT_EQ(ours, input);
  // WSO2 re-zipped it (other bytes) without changing any entry's content.
  EXPECT_NE(read_bytes(golden_ / "migrated_capps" / car), input);
  EXPECT_EQ(entry_map(read_zip(ours)), entry_map(golden_entries(car)));
  const rapidjson::Document manifest = load_json(out_ / "manifest.json");
  EXPECT_EQ(str(record_for(manifest, "input/" + car), "status"), "unchanged");
}

TEST_F(Golden, UpperCaseExtensionIsProcessedUnlikeWso2) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  // Documented difference: WSO2's tool ignores *.CAR (case-sensitive test); carport takes any case.
  EXPECT_FALSE(fs::exists(golden_ / "migrated_capps" / "UpperCase_1.0.0.CAR"));
  ASSERT_TRUE(fs::is_regular_file(out_ / "UpperCase_1.0.0.CAR"));
  const rapidjson::Document manifest = load_json(out_ / "manifest.json");
  const rapidjson::Value& record = record_for(manifest, "input/UpperCase_1.0.0.CAR");
  EXPECT_EQ(str(record, "status"), "migrated");
  EXPECT_EQ(str(record, "output"), "UpperCase_1.0.0.CAR");
  const std::map<std::string, std::string> ours = entry_map(our_entries("UpperCase_1.0.0.CAR"));
  ASSERT_TRUE(ours.contains(kSheet));
  expect_fixed_sheet(ours.at(kSheet), "UpperCase_1.0.0.CAR");
}

TEST_F(Golden, ManifestHashesMatchExpectedTsv) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const std::vector<ExpectedRow> rows = read_expected(golden_ / "EXPECTED.tsv");
  const rapidjson::Document manifest = load_json(out_ / "manifest.json");
  std::map<std::string, std::set<std::string>> expected_changes;
  int checked = 0;
  for (const ExpectedRow& row : rows) {
    if (row.sha256_out == "-" || row.changed_entry == "(none)") continue;
    expected_changes[row.car].insert(row.changed_entry);
    const rapidjson::Value& record = record_for(manifest, "input/" + row.car);
    EXPECT_EQ(str(record, "status"), "migrated") << row.car;
    bool found = false;
    for (const rapidjson::Value& entry : record["rewritten"].GetArray()) {
      if (str(entry, "entry") != row.changed_entry) continue;
      found = true;
      EXPECT_EQ(str(entry, "sha256_before"), row.sha256_in) << row.changed_entry;
      EXPECT_EQ(str(entry, "sha256_after"), row.sha256_out) << row.changed_entry;
    }
    EXPECT_TRUE(found) << row.car << ": " << row.changed_entry << " not in manifest";
    // And the entry in the output really hashes to that value.
    EXPECT_EQ(sha256_hex(entry_map(our_entries(row.car)).at(row.changed_entry)), row.sha256_out);
    ++checked;
  }
  EXPECT_EQ(checked, 3);
  // No other entry of those CApps was rewritten.
  for (const auto& [car, changes] : expected_changes) {
    std::set<std::string> listed;
    for (const rapidjson::Value& entry : record_for(manifest, "input/" + car)["rewritten"].GetArray())
      listed.insert(str(entry, "entry"));
    EXPECT_EQ(listed, changes) << car;
  }
  // Rows WSO2 copied byte-identically are unchanged for carport too.
  for (const ExpectedRow& row : rows) {
    if (row.status == "COPIED_BYTE_IDENTICAL") {
      EXPECT_EQ(str(record_for(manifest, "input/" + row.car), "status"), "unchanged") << row.car;
    }
  }
}

TEST_F(Golden, OutputsPassZipToolsAndVerify) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const ProcessResult verify = run_carport({"verify", "migrated_capps"}, temp_.path());
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  const ProcessResult sums = run_shell("sha256sum -c --quiet --strict SHA256SUMS", out_);
  EXPECT_EQ(sums.exit_code, 0) << sums.out << sums.err;
  const bool have_unzip = tool_available("unzip");
  const bool have_jar = tool_available("jar");
  if (!have_unzip && !have_jar) GTEST_SKIP() << "neither unzip nor jar is installed";
  for (const auto& item : fs::directory_iterator(out_)) {
    const std::string name = item.path().filename().string();
    if (!has_car_extension(item.path())) continue;
    if (have_unzip) {
      const ProcessResult test = run_shell("unzip -tq " + shell_quote(name), out_);
      EXPECT_EQ(test.exit_code, 0) << name << "\n" << test.out << test.err;
    }
    if (have_jar) {
      const ProcessResult list = run_shell("jar tf " + shell_quote(name), out_);
      EXPECT_EQ(list.exit_code, 0) << name << "\n" << list.err;
      EXPECT_EQ(split_lines(list.out), names_of(read_zip(read_bytes(item.path())))) << name;
    }
  }
}

}  // namespace
