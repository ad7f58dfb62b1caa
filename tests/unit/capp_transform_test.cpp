#include "transforms/apidef/capp_transform.hpp"

#include <gtest/gtest.h>

#include "pipeline/capp_job.hpp"
#include "tests/support/zip_fixture.hpp"

namespace carport::apidef {
namespace {

constexpr const char* kInvalid =
    "swagger: \"2.0\"\ninfo:\n  title: Pets\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n";
constexpr const char* kValid = "openapi: 3.0.1\ninfo:\n  title: Pets\n  version: '1'\npaths: {}\n";
constexpr const char* kMetadataEntry = "metadata/PetsAPI_swagger_1.0.0/PetsAPI_swagger-1.0.0.yaml";

TEST(ApiDefinitionTransform, WantsDefinitionsOnly) {
  const ApiDefinitionTransform transform(false, false);
  EXPECT_TRUE(transform.wants(kMetadataEntry));
  EXPECT_TRUE(transform.wants("swagger_json_1.0.0/resources/swagger.JSON"));
  EXPECT_FALSE(transform.wants("metadata/PetsAPI_metadata_1.0.0/PetsAPI_metadata-1.0.0.yaml"));
  EXPECT_FALSE(transform.wants("PetsAPI_1.0.0/PetsAPI-1.0.0.xml"));
  EXPECT_FALSE(transform.wants("__MACOSX/x/resources/a.json"));
}

TEST(ApiDefinitionTransform, ReportsErrorsAsWarningsWithPositions) {
  const ApiDefinitionTransform transform(false, false);
  const EntryOutcome outcome = transform.apply(kMetadataEntry, kInvalid);
  EXPECT_EQ(outcome.verdict, EntryVerdict::unchanged);
  EXPECT_FALSE(outcome.fails_archive);
  ASSERT_EQ(outcome.notes.size(), 1u);
  EXPECT_TRUE(outcome.notes[0].is_warning);
  EXPECT_EQ(outcome.notes[0].line, 3u);
  EXPECT_EQ(outcome.notes[0].column, 3u);
  EXPECT_EQ(outcome.notes[0].message, "invalid API definition: attribute info.version is missing [missing-info-version]");
  EXPECT_TRUE(transform.apply(kMetadataEntry, kValid).notes.empty());
}

TEST(ApiDefinitionTransform, IgnoresRegistryResourcesThatAreNotDefinitions) {
  const ApiDefinitionTransform transform(true, false);
  const EntryOutcome schema =
      transform.apply("Map_inputSchema_1.0.0/resources/Map_inputSchema.json", R"({"$schema":"x","title":"t"})");
  EXPECT_EQ(schema.verdict, EntryVerdict::not_applicable);
  EXPECT_FALSE(schema.fails_archive);
}

TEST(ApiDefinitionTransform, FailOnInvalidFailsTheCapp) {
  const ApiDefinitionTransform transform(true, false);
  const EntryOutcome outcome = transform.apply(kMetadataEntry, kInvalid);
  EXPECT_TRUE(outcome.fails_archive);
  EXPECT_EQ(outcome.fail_reason,
            "invalid API definition (--fail-on-invalid-api): attribute info.version is missing [missing-info-version]");

  TransformSettings settings;
  settings.fail_on_invalid_api = true;
  const auto transforms = default_capp_transforms(settings);
  const std::string capp = testing::make_zip({{"artifacts.xml", "<artifacts/>"}, {kMetadataEntry, kInvalid}});
  const ArchiveMigration migration = migrate_archive(capp, transforms, {}, 0);
  ASSERT_TRUE(migration.failed);
  EXPECT_EQ(migration.failed_entry, kMetadataEntry);
  EXPECT_EQ(migration.failure, outcome.fail_reason);
}

}  // namespace
}  // namespace carport::apidef
