// Faults: a SIGKILL in the middle of a run, a read-only output folder, inputs never modified.

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <map>

#include "tests/support/process.hpp"
#include "tests/support/zip_fixture.hpp"

namespace carport {
namespace {

namespace fs = std::filesystem;
using testing::make_capp;
using testing::read_bytes;
using testing::run_carport;
using testing::run_shell;
using testing::shell_quote;
using testing::TempDir;
using testing::write_bytes;

/// path relative to root -> bytes, for every regular file under root.
std::map<std::string, std::string> tree(const fs::path& root) {
  std::map<std::string, std::string> files;
  if (!fs::exists(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) files[entry.path().lexically_relative(root).string()] = read_bytes(entry.path());
  return files;
}

/// A batch big enough that a run takes a while: CApps with a stored 1 MiB payload.
void make_batch(const fs::path& folder, int count) {
  const std::string capp_bytes = make_capp(testing::form_a_stylesheet());
  std::string payload(1 << 20, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>((i * 2654435761u) >> 13);
  std::vector<testing::ZipEntrySpec> entries = testing::capp_entries(testing::form_a_stylesheet());
  entries.push_back({"lib/payload.bin", payload, false});
  const std::string big = testing::make_zip(entries);
  for (int i = 0; i < count; ++i)
    write_bytes(folder / ("app" + std::to_string(1000 + i) + ".car"), i % 4 == 0 ? capp_bytes : big);
}

TEST(CappsFaults, KilledRunLeavesOnlyCompleteFilesAndARerunMatchesACleanRun) {
  TempDir temp;
  make_batch(temp.path() / "in", 120);
  const auto inputs_before = tree(temp.path() / "in");
  ASSERT_EQ(run_carport({"capps", "in", "-o", "clean", "-j", "2"}, temp.path()).exit_code, 0);
  const auto clean = tree(temp.path() / "clean");

  // Start a run and SIGKILL it shortly after it began writing.
  const std::string command = shell_quote(CARPORT_BINARY) + " capps in -o killed -j 2 & pid=$!; " +
                              "for i in $(seq 200); do [ -n \"$(ls killed 2>/dev/null)\" ] && break; sleep 0.005; done; " +
                              "kill -9 $pid; wait $pid; true";
  ASSERT_EQ(run_shell(command, temp.path()).exit_code, 0);
  const auto partial = tree(temp.path() / "killed");
  EXPECT_LT(partial.size(), clean.size()) << "the run finished before it was killed; make the batch bigger";
  for (const auto& [name, bytes] : partial) {
    EXPECT_EQ(name.find(".carport-tmp."), std::string::npos) << "temp file left behind: " << name;
    ASSERT_TRUE(clean.count(name)) << "unexpected file " << name;
    EXPECT_EQ(bytes, clean.at(name)) << "half-written file " << name;
  }

  const testing::ProcessResult rerun = run_carport({"capps", "in", "-o", "killed", "--force", "-j", "2"}, temp.path());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(tree(temp.path() / "killed"), clean);
  EXPECT_EQ(tree(temp.path() / "in"), inputs_before);
}

TEST(CappsFaults, ReadOnlyOutputFolderFailsEachCappWithoutDebris) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders";
  TempDir temp;
  write_bytes(temp.path() / "in" / "a.car", make_capp(testing::form_a_stylesheet()));
  fs::create_directories(temp.path() / "out");
  fs::permissions(temp.path() / "out", fs::perms::owner_read | fs::perms::owner_exec);
  const testing::ProcessResult run = run_carport({"capps", "in", "-o", "out"}, temp.path());
  EXPECT_EQ(run.exit_code, 2) << run.err;
  fs::permissions(temp.path() / "out", fs::perms::owner_all);
  EXPECT_TRUE(tree(temp.path() / "out").empty());
}

}  // namespace
}  // namespace carport

namespace carport {
namespace {

// A write that fails (here: a file stands where a sub-folder must go) fails that CApp only.
TEST(CappsFaults, WriteFailureFailsOnlyThatCapp) {
  testing::TempDir temp;
  testing::write_bytes(temp.path() / "in" / "sub" / "x.car", testing::make_capp(testing::form_a_stylesheet()));
  testing::write_bytes(temp.path() / "in" / "y.car", testing::make_capp(testing::form_a_stylesheet()));
  testing::write_bytes(temp.path() / "out" / "sub", "a file, not a folder");
  const testing::ProcessResult run = testing::run_carport({"capps", "in", "-o", "out", "--force"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("carport: error: in/sub/x.car: cannot create folder out/sub: "), std::string::npos) << run.err;
  EXPECT_TRUE(fs::exists(temp.path() / "out" / "y.car"));
  EXPECT_EQ(testing::read_bytes(temp.path() / "out" / "sub"), "a file, not a folder");
  const std::string sums = testing::read_bytes(temp.path() / "out" / "SHA256SUMS");
  EXPECT_EQ(sums.find("sub/x.car"), std::string::npos);
  EXPECT_NE(sums.find("  y.car\n"), std::string::npos);
}

}  // namespace
}  // namespace carport

namespace carport {
namespace {

/// A small tmpfs mounted over `dir` for the life of the object (root only; skipped otherwise).
class SmallFileSystem {
 public:
  SmallFileSystem(const fs::path& dir, const std::string& options) : dir_(dir) {
    fs::create_directories(dir);
    mounted_ = testing::run_shell("mount -t tmpfs -o " + options + " carport-test " + testing::shell_quote(dir.string()),
                                  dir.parent_path()).exit_code == 0;
  }
  ~SmallFileSystem() {
    if (mounted_) (void)testing::run_shell("umount " + testing::shell_quote(dir_.string()), dir_.parent_path());
  }
  SmallFileSystem(const SmallFileSystem&) = delete;
  SmallFileSystem& operator=(const SmallFileSystem&) = delete;
  [[nodiscard]] bool mounted() const { return mounted_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

TEST(CappsFaults, FullDiskFailsTheCappsThatDoNotFitAndLeavesNoPartialFile) {
  testing::TempDir temp;
  make_batch(temp.path() / "in", 8);  // 6 CApps of ~1 MiB and 2 small ones
  ASSERT_EQ(run_carport({"capps", "in", "-o", "clean"}, temp.path()).exit_code, 0);
  const auto clean = tree(temp.path() / "clean");
  SmallFileSystem disk(temp.path() / "out", "size=3m");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  const testing::ProcessResult run = run_carport({"capps", "in", "-o", "out", "-j", "1"}, temp.path());
  EXPECT_NE(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("No space left on device"), std::string::npos) << run.err;
  for (const auto& [name, bytes] : tree(temp.path() / "out")) {
    if (name == "manifest.json" || name == "SHA256SUMS") continue;
    ASSERT_TRUE(clean.count(name)) << name;
    EXPECT_EQ(bytes, clean.at(name)) << "partial file " << name;
  }
}

TEST(CappsFaults, ReadOnlyOutputFileSystemIsOneFatalLine) {
  testing::TempDir temp;
  make_batch(temp.path() / "in", 2);
  SmallFileSystem disk(temp.path() / "out", "size=1m,ro");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  const testing::ProcessResult run = run_carport({"capps", "in", "-o", "out"}, temp.path());
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_EQ(run.err, "carport: error: cannot create temp file in out: Read-only file system\n");
  EXPECT_TRUE(tree(temp.path() / "out").empty());
}

}  // namespace
}  // namespace carport

namespace carport {
namespace {

// File names come from users and need not be UTF-8; the manifest must still be valid JSON.
TEST(CappsFaults, NonUtf8FileNameStillGivesAValidManifest) {
  testing::TempDir temp;
  testing::write_bytes(temp.path() / "in" / "caf\xe9.car", make_capp(testing::form_a_stylesheet()));
  const testing::ProcessResult run = run_carport({"capps", "in", "-o", "out"}, temp.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string manifest = testing::read_bytes(temp.path() / "out" / "manifest.json");
  rapidjson::Document document;
  document.Parse<rapidjson::kParseValidateEncodingFlag>(manifest.data(), manifest.size());
  ASSERT_FALSE(document.HasParseError()) << manifest;
  EXPECT_EQ(std::string(document["capps"][0]["input"].GetString()), "in/caf\xEF\xBF\xBD.car");
  EXPECT_TRUE(fs::exists(temp.path() / "out" / "caf\xe9.car"));  // the file itself keeps its name
}

}  // namespace
}  // namespace carport
