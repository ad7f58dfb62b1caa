#include "pipeline/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/zip_fixture.hpp"

namespace carport {
namespace fs = std::filesystem;
using testing::TempDir;

TEST(AtomicFile, WritesCreatesParentsAndLeavesNoTemp) {
  TempDir dir;
  const fs::path target = dir.path() / "a" / "b" / "x.car";
  ASSERT_EQ(write_file_atomically(target, "hello"), "");
  EXPECT_EQ(testing::read_bytes(target), "hello");
  ASSERT_EQ(write_file_atomically(target, "second"), "");
  EXPECT_EQ(testing::read_bytes(target), "second");
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path())) files += entry.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1u);
}

TEST(AtomicFile, FailureLeavesNothing) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores folder permissions";
  TempDir dir;
  fs::create_directories(dir.path() / "ro");
  fs::permissions(dir.path() / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_NE(write_file_atomically(dir.path() / "ro" / "x", "data"), "");
  EXPECT_TRUE(fs::is_empty(dir.path() / "ro"));
}

TEST(AtomicFile, WriteIntoAFileAsFolderFails) {
  TempDir dir;
  testing::write_bytes(dir.path() / "file", "x");
  const std::string error = write_file_atomically(dir.path() / "file" / "y.car", "data");
  EXPECT_NE(error.find("cannot create folder"), std::string::npos) << error;
}

TEST(AtomicFile, SweepRemovesOnlyOurTempFiles) {
  TempDir dir;
  testing::write_bytes(dir.path() / "sub" / ".x.car.carport-tmp.AbC123", "half");
  testing::write_bytes(dir.path() / "keep.car", "k");
  testing::write_bytes(dir.path() / ".hidden", "h");
  EXPECT_EQ(sweep_stale_temp_files(dir.path()), 1u);
  EXPECT_FALSE(fs::exists(dir.path() / "sub" / ".x.car.carport-tmp.AbC123"));
  EXPECT_TRUE(fs::exists(dir.path() / "keep.car"));
  EXPECT_TRUE(fs::exists(dir.path() / ".hidden"));
}

TEST(ReadFile, RefusesOverLimitAndFolders) {
  TempDir dir;
  testing::write_bytes(dir.path() / "big", std::string(100, 'x'));
  EXPECT_EQ(read_file(dir.path() / "big", 100).bytes.size(), 100u);
  EXPECT_EQ(read_file(dir.path() / "big", 99).error,
            "file is 100 bytes, over the limit of 99 (--max-archive-size)");
  EXPECT_EQ(read_file(dir.path(), 1000).error, "not a regular file");
  EXPECT_EQ(read_file(dir.path() / "missing", 1000).error, "cannot open: No such file or directory");
}

}  // namespace carport
