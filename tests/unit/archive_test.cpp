#include "pipeline/archive.hpp"

#include <gtest/gtest.h>

#include "pipeline/capp_job.hpp"
#include "pipeline/sha256.hpp"
#include "tests/support/zip_fixture.hpp"

namespace carport {
namespace {

using testing::make_capp;
using testing::make_raw_zip;
using testing::make_zip;
using testing::ZipEntrySpec;

ArchiveError open_error(std::string_view bytes, const ArchiveLimits& limits = {}) {
  ArchiveError error;
  auto archive = Archive::open(bytes, limits, error);
  EXPECT_EQ(archive == nullptr, !error.message.empty());
  return error;
}

std::string form_a_fixed() {
  std::string sheet = testing::form_a_stylesheet();
  const std::string from = R"(extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput")";
  sheet.replace(sheet.find(from), from.size(),
                R"(extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" exclude-result-prefixes="xs")");
  return sheet;
}

}  // namespace

TEST(UnsafeName, Rules) {
  EXPECT_EQ(unsafe_name_reason("a/b.xml"), "");
  EXPECT_EQ(unsafe_name_reason("a..b/c..d"), "");
  EXPECT_EQ(unsafe_name_reason("{org.wso2.carbon.connector}idp_gson-2.10.1/"), "");
  EXPECT_EQ(unsafe_name_reason("../x"), "'..' path component");
  EXPECT_EQ(unsafe_name_reason("a/../../x"), "'..' path component");
  EXPECT_EQ(unsafe_name_reason("a/.."), "'..' path component");
  EXPECT_EQ(unsafe_name_reason("/etc/passwd"), "absolute path");
  EXPECT_EQ(unsafe_name_reason("a\\b"), "backslash in name");
  EXPECT_EQ(unsafe_name_reason("C:/x"), "drive letter");
  EXPECT_EQ(unsafe_name_reason(std::string("a\nb")), "control character in name");
  EXPECT_EQ(unsafe_name_reason(""), "empty name");
}

TEST(Sniff, RejectsNonZipShapes) {
  EXPECT_EQ(sniff_zip("").message, "empty file (0 bytes), not a zip archive");
  EXPECT_EQ(sniff_zip("<capp><ServerRoles/></capp>").message, "not a zip archive");
  const std::string good = make_capp("");
  EXPECT_EQ(sniff_zip(good).message, "");
  EXPECT_EQ(sniff_zip(std::string(100, 'J') + good).message,
            "100 bytes of data before the first zip entry (self-extractor prefix?): not supported");
  EXPECT_EQ(sniff_zip(good.substr(0, good.size() - 30)).message,
            "truncated zip archive: end of central directory record not found");
  EXPECT_EQ(sniff_zip(make_raw_zip({{"a.xml", "x", 0, 0, true}})).message,
            "ZIP64 archive: not supported (CApps never need ZIP64)");
  EXPECT_EQ(sniff_zip(std::string("PK\x05\x06", 4) + std::string(18, '\0')).message, "zip archive has no entries");
}

TEST(ArchiveOpen, AcceptsARealisticCapp) {
  ArchiveError error;
  const std::string bytes = make_capp(testing::form_a_stylesheet());
  auto archive = Archive::open(bytes, {}, error);
  ASSERT_TRUE(archive) << error.message;
  EXPECT_EQ(archive->entries().size(), 6u);
  EXPECT_TRUE(archive->entries()[0].is_directory());
  std::string content;
  EXPECT_EQ(archive->read_entry(4, &content), "");
  EXPECT_EQ(content, testing::form_a_stylesheet());
}

TEST(ArchiveOpen, RejectsHostileEntries) {
  EXPECT_EQ(open_error(make_zip({{"../evil.xml", "x"}})).message, "unsafe entry name: '..' path component");
  EXPECT_EQ(open_error(make_zip({{"ok.xml", "x"}, {"/abs.xml", "x"}})).entry, "/abs.xml");
  ZipEntrySpec link{"link", "/etc/passwd"};
  link.unix_mode = 0120777;
  EXPECT_EQ(open_error(make_zip({link})).message, "symbolic link entry");
  EXPECT_EQ(open_error(make_raw_zip({{"a.xml", "x"}, {"a.xml", "y"}})).message, "duplicate entry name");
  EXPECT_EQ(open_error(make_raw_zip({{"a.xml", "x", 12}})).message,
            "unsupported compression method 12 (bzip2); MI reads only stored and deflate");
  ArchiveLimits few;
  few.max_entries = 2;
  EXPECT_EQ(open_error(make_capp(""), few).message, "archive has 5 entries, over the limit of 2 (--max-entries)");
}

TEST(ArchiveOpen, RejectsEncryptedEntries) {
  ZipEntrySpec secret{"secret.xml", "<x/>"};
  secret.encrypt = true;
  std::string bytes;
  try {
    bytes = make_zip({secret});
  } catch (const std::exception& e) {
    GTEST_SKIP() << e.what();
  }
  EXPECT_EQ(open_error(bytes).message, "encrypted entry");
}

TEST(ArchiveOpen, RejectsZipBombsByRatioAndTotal) {
  const std::string zeros(4 << 20, '\0');
  const std::string bomb = make_zip({{"zeros.bin", zeros}});
  ArchiveLimits strict;
  strict.max_ratio = 100;
  const ArchiveError ratio = open_error(bomb, strict);
  EXPECT_EQ(ratio.entry, "zeros.bin");
  EXPECT_NE(ratio.message.find(":1 is over the limit of 100:1 (zip bomb?)"), std::string::npos) << ratio.message;
  ArchiveLimits small_total;
  small_total.max_ratio = 1'000'000;
  small_total.max_total_uncompressed = 1 << 20;
  EXPECT_EQ(open_error(bomb, small_total).message,
            "entries total more than 1048576 bytes uncompressed (--max-total-size; zip bomb?)");
}

TEST(ArchiveRead, DetectsBadCrc) {
  std::string bytes = make_zip({{"a.txt", "hello world, stored", false}});
  const std::size_t at = bytes.find("hello");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 'j';
  ArchiveError error;
  auto archive = Archive::open(bytes, {}, error);
  ASSERT_TRUE(archive) << error.message;
  EXPECT_EQ(archive->read_entry(0, nullptr), "CRC mismatch: entry data is corrupt");
}

TEST(Rewrite, ReplacesOneEntryAndKeepsTheOthersRaw) {
  std::vector<ZipEntrySpec> specs = testing::capp_entries(testing::form_a_stylesheet());
  specs[1].comment = "kept comment";
  const std::string original = make_zip(specs);
  const RewriteResult result = rewrite_archive(original, {{4, form_a_fixed(), 1'500'000'000}});
  ASSERT_EQ(result.error, "");
  const auto before = testing::read_zip(original);
  const auto after = testing::read_zip(result.bytes);
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(before[i].first, after[i].first);
    if (i != 4) {
      EXPECT_EQ(before[i].second, after[i].second);
    }
  }
  EXPECT_EQ(after[4].second, form_a_fixed());
  // Rewriting is deterministic.
  EXPECT_EQ(rewrite_archive(original, {{4, form_a_fixed(), 1'500'000'000}}).bytes, result.bytes);
  // The unchanged API entry's compressed bytes are copied as they were.
  ArchiveError error;
  auto in = Archive::open(original, {}, error);
  auto out = Archive::open(result.bytes, {}, error);
  ASSERT_TRUE(in && out);
  EXPECT_EQ(in->entries()[2].compressed_size, out->entries()[2].compressed_size);
  EXPECT_EQ(in->entries()[2].mtime, out->entries()[2].mtime);
  EXPECT_EQ(in->entries()[4].mtime, out->entries()[4].mtime);
}

TEST(MigrateArchive, FixesFormAAndLeavesFormBAlone) {
  const auto transforms = default_capp_transforms();
  const ArchiveMigration a = migrate_archive(make_capp(testing::form_a_stylesheet()), transforms, {}, 0);
  ASSERT_FALSE(a.failed) << a.failure;
  ASSERT_EQ(a.rewritten.size(), 1u);
  EXPECT_EQ(a.rewritten[0].transform, "datamapper-xslt");
  EXPECT_EQ(a.rewritten[0].sha256_after, sha256_hex(form_a_fixed()));
  EXPECT_EQ(testing::read_zip(a.new_bytes)[4].second, form_a_fixed());

  const ArchiveMigration b = migrate_archive(make_capp(testing::form_b_stylesheet()), transforms, {}, 0);
  ASSERT_FALSE(b.failed) << b.failure;
  EXPECT_TRUE(b.new_bytes.empty());
  EXPECT_TRUE(b.rewritten.empty());
}

TEST(MigrateArchive, FixesNestedFatCarDependencies) {
  const auto transforms = default_capp_transforms();
  const std::string inner = make_capp(testing::form_a_stylesheet());
  const std::string outer = make_zip({{"artifacts.xml", "<artifacts/>"}, {"dependencies/inner-1.0.0.car", inner}});
  const ArchiveMigration result = migrate_archive(outer, transforms, {}, 0);
  ASSERT_FALSE(result.failed) << result.failure;
  ASSERT_EQ(result.rewritten.size(), 2u);
  EXPECT_EQ(result.rewritten[0].entry,
            "dependencies/inner-1.0.0.car!AddNumbers_xsltStyleSheet_1.0.0/resources/AddNumbers_xsltStyleSheet.xml");
  EXPECT_EQ(result.rewritten[1].entry, "dependencies/inner-1.0.0.car");
  EXPECT_EQ(result.rewritten[1].transform, "nested-capp");
  const auto nested = testing::read_zip(testing::read_zip(result.new_bytes)[1].second);
  EXPECT_EQ(nested[4].second, form_a_fixed());
}

TEST(MigrateArchive, BoundsNestingDepth) {
  const auto transforms = default_capp_transforms();
  std::string bytes = make_capp("");
  for (int level = 0; level < 6; ++level) bytes = make_zip({{"dependencies/d.car", bytes}});
  ArchiveLimits limits;
  limits.max_nesting = 4;
  const ArchiveMigration result = migrate_archive(bytes, transforms, limits, 0);
  ASSERT_TRUE(result.failed);
  EXPECT_EQ(result.failure, "nested CApps deeper than 4 levels (--max-nesting)");
  EXPECT_EQ(result.failed_entry, "dependencies/d.car!dependencies/d.car!dependencies/d.car!dependencies/d.car!dependencies/d.car");
}

TEST(MigrateArchive, BrokenNestedCappFailsTheOuterOne) {
  const auto transforms = default_capp_transforms();
  const std::string outer = make_zip({{"dependencies/broken.car", "not a zip at all"}});
  const ArchiveMigration result = migrate_archive(outer, transforms, {}, 0);
  ASSERT_TRUE(result.failed);
  EXPECT_EQ(result.failed_entry, "dependencies/broken.car");
  EXPECT_EQ(result.failure, "not a zip archive");
}

}  // namespace carport

namespace carport {

// Over 16 MiB uncompressed, entries are checked by several threads, each with its own libzip
// handle; results must be the same as the serial path and a bad entry must still be named.
TEST(MigrateArchive, LargeArchivesAreSplitAcrossThreads) {
  std::vector<ZipEntrySpec> specs;
  std::uint32_t seed = 12345;
  for (int i = 0; i < 18; ++i) {
    std::string noise(1 << 20, '\0');
    for (char& c : noise) {
      seed = seed * 1664525u + 1013904223u;
      c = static_cast<char>(seed >> 24);
    }
    specs.push_back({"lib/blob" + std::to_string(i) + ".bin", std::move(noise), i % 2 == 0});
  }
  specs.push_back({"Mapping_xsltStyleSheet_1.0.0/resources/Mapping_xsltStyleSheet.xml", testing::form_a_stylesheet()});
  const std::string bytes = make_zip(specs);
  const auto transforms = default_capp_transforms();
  const ArchiveMigration result = migrate_archive(bytes, transforms, {}, 0);
  ASSERT_FALSE(result.failed) << result.failure;
  ASSERT_EQ(result.rewritten.size(), 1u);
  EXPECT_EQ(result.entries, 19u);
  EXPECT_EQ(testing::read_zip(result.new_bytes).back().second, form_a_fixed());

  std::string corrupt = bytes;
  const std::size_t stored = corrupt.find(specs[4].content.substr(0, 64));  // blob4 is stored
  ASSERT_NE(stored, std::string::npos);
  corrupt[stored + 1000] = static_cast<char>(corrupt[stored + 1000] ^ 0x55);
  const ArchiveMigration broken = migrate_archive(corrupt, transforms, {}, 0);
  ASSERT_TRUE(broken.failed);
  EXPECT_EQ(broken.failed_entry, "lib/blob4.bin");
  EXPECT_EQ(broken.failure, "CRC mismatch: entry data is corrupt");
}

}  // namespace carport
