// End-to-end tests of `carport validate`: the real binary on definitions, CApps and API-M exports
// built by the tests in temp folders. Nothing here reads ../shared.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <pugixml.hpp>

#include <algorithm>
#include <filesystem>
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

// ---- definitions ------------------------------------------------------------------------------

constexpr const char* kValidOas30 =
    "openapi: 3.0.3\n"
    "info:\n"
    "  title: Pets\n"
    "  version: 1.0.0\n"
    "paths:\n"
    "  /pets:\n"
    "    get:\n"
    "      responses:\n"
    "        '200':\n"
    "          description: ok\n";

/// OpenAPI 3.0 JSON without `info`.
constexpr const char* kMissingInfoJson =
    "{\n"
    "  \"openapi\": \"3.0.1\",\n"
    "  \"paths\": {\n"
    "    \"/pets\": {\"get\": {\"responses\": {\"200\": {\"description\": \"ok\"}}}}\n"
    "  }\n"
    "}\n";
constexpr const char* kMissingInfoFinding = "1:1: attribute info is missing [missing-info]";

/// OpenAPI 3.0 YAML with an unknown field in a response (line 11, column 11).
constexpr const char* kUnexpectedFieldYaml =
    "openapi: 3.0.1\n"
    "info:\n"
    "  title: Pets\n"
    "  version: 1.0.0\n"
    "paths:\n"
    "  /pets:\n"
    "    get:\n"
    "      responses:\n"
    "        '200':\n"
    "          description: ok\n"
    "          bogus: 1\n";
constexpr const char* kUnexpectedFieldFinding =
    "11:11: attribute paths.'/pets'(get).responses.200.bogus is unexpected [unexpected-field]";

/// YAML that does not parse (a mapping value where none may be), line 3.
constexpr const char* kBrokenYaml =
    "openapi: 3.0.1\n"
    "info:\n"
    "  title: a: b\n";
constexpr const char* kBrokenYamlFinding = "3:11: YAML: mapping values are not allowed in this context [parse-error]";

constexpr const char* kValidGraphql = "type Query {\n  pets: [String]\n}\n";
constexpr const char* kBrokenGraphql = "type Query {\n  pets: [String\n}\n";

// ---- fixtures -----------------------------------------------------------------------------------



std::vector<std::string> error_lines(const std::string& text) { return lines_starting_with(text, "carport: error:"); }

bool has_line(const std::string& text, const std::string& line) {
  const std::vector<std::string> lines = split_lines(text);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

/// A CApp with an API and its swagger as metadata/<API>_swagger_1.0.0/ (capp-format §8a).
std::string capp_with_metadata_swagger(const std::string& definition) {
  return make_zip({
      {"PetsAPI_1.0.0/artifact.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><artifact name="PetsAPI" version="1.0.0" type="synapse/api" serverRole="EnterpriseServiceBus"><file>PetsAPI-1.0.0.xml</file></artifact>)"},
      {"PetsAPI_1.0.0/PetsAPI-1.0.0.xml",
       R"(<api xmlns="http://ws.apache.org/ns/synapse" name="PetsAPI" context="/pets"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>)"},
      {"metadata/PetsAPI_swagger_1.0.0/artifact.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><artifact name="PetsAPI_swagger" version="1.0.0" type="synapse/metadata" serverRole="EnterpriseServiceBus"><file>PetsAPI_swagger-1.0.0.yaml</file></artifact>)"},
      {"metadata/PetsAPI_swagger_1.0.0/PetsAPI_swagger-1.0.0.yaml", definition},
      {"artifacts.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><artifacts><artifact name="PetsCApp" version="1.0.0" type="carbon/application"><dependency artifact="PetsAPI" version="1.0.0" include="true" serverRole="EnterpriseServiceBus"/></artifact></artifacts>)"},
  });
}

/// A CApp whose API names a registry resource in publishSwagger (capp-format §8b).
std::string capp_with_publish_swagger(const std::string& key, const std::string& definition) {
  return make_zip({
      {"CustomSwagger_1.0.0/artifact.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><artifact name="CustomSwagger" version="1.0.0" type="synapse/api"><file>CustomSwagger-1.0.0.xml</file></artifact>)"},
      {"CustomSwagger_1.0.0/CustomSwagger-1.0.0.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<api context=\"/CustomSwagger\" name=\"CustomSwagger\" publishSwagger=\"" +
           key + "\" xmlns=\"http://ws.apache.org/ns/synapse\"><resource methods=\"GET\"/></api>"},
      {"swagger_custom_json_1.0.0/artifact.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><artifact name="swagger_custom_json" version="1.0.0" type="registry/resource"><file>registry-info.xml</file></artifact>)"},
      {"swagger_custom_json_1.0.0/registry-info.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><resources><item><file>swagger_custom.json</file><path>/_system/governance/custom</path><mediaType>application/json</mediaType></item></resources>)"},
      {"swagger_custom_json_1.0.0/resources/swagger_custom.json", definition},
      {"artifacts.xml", R"(<?xml version="1.0" encoding="UTF-8"?><artifacts/>)"},
  });
}

std::string api_yaml(const std::string& id) {
  return "type: api\nversion: v4.2.0\ndata:\n  id: " + id + "\n  name: PetsAPI\n  version: 1.0.0\n  provider: admin\n";
}

/// An API-M export folder (`apictl export api` unzipped): api.yaml + Definitions/swagger.yaml.
void write_export_folder(const fs::path& folder, const std::string& id, const std::string& swagger) {
  write_bytes(folder / "api.yaml", api_yaml(id));
  write_bytes(folder / "Definitions" / "swagger.yaml", swagger);
  write_bytes(folder / "deployment_environments.yaml", "type: deployment_environments\nversion: v4.2.0\ndata: []\n");
}

std::string export_zip(const std::string& id, const std::string& swagger) {
  return make_zip({{"PetsAPI-1.0.0/api.yaml", api_yaml(id)},
                   {"PetsAPI-1.0.0/Definitions/swagger.yaml", swagger},
                   {"PetsAPI-1.0.0/Definitions/schema.graphql", kBrokenGraphql}});
}

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  if (document.HasParseError() || !document.IsObject()) throw std::runtime_error("not a JSON object:\n" + text);
  return document;
}

std::string str(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject() || !object.HasMember(key) || !object[key].IsString())
    throw std::runtime_error(std::string("missing string member ") + key);
  return object[key].GetString();
}

std::string location_uuid(const std::string& path, const std::string& entry) {
  const std::string hex = sha256_hex(path + "(" + entry + ")");
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

// ---- plain files -------------------------------------------------------------------------------

TEST(ValidateE2E, ValidOpenApi30FileExitsZero) {
  TempDir temp;
  write_bytes(temp.path() / "pets.yaml", kValidOas30);
  const ProcessResult run = run_carport({"validate", "pets.yaml"}, temp.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(error_lines(run.err).empty()) << run.err;
  EXPECT_TRUE(lines_starting_with(run.err, "carport: warning:").empty()) << run.err;
  EXPECT_TRUE(has_line(run.err, "carport: 1 definition: 1 valid, 0 invalid")) << run.err;
  EXPECT_EQ(run.out, "");
}

TEST(ValidateE2E, InvalidJsonFileGivesOnePinnedLineWithLineColumnAndRule) {
  TempDir temp;
  write_bytes(temp.path() / "specs" / "noinfo.json", kMissingInfoJson);
  const ProcessResult run = run_carport({"validate", "specs/noinfo.json"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(error_lines(run.err),
            std::vector<std::string>{std::string("carport: error: specs/noinfo.json:") + kMissingInfoFinding})
      << run.err;
  EXPECT_TRUE(has_line(run.err, "carport: 1 definition: 0 valid, 1 invalid")) << run.err;
}

TEST(ValidateE2E, InvalidYamlFileGivesItsLineAndColumn) {
  TempDir temp;
  write_bytes(temp.path() / "pets.yml", kUnexpectedFieldYaml);
  write_bytes(temp.path() / "broken.yaml", kBrokenYaml);
  const ProcessResult run = run_carport({"validate", "pets.yml", "broken.yaml"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  // Sorted by path whatever the command-line order.
  EXPECT_EQ(error_lines(run.err), (std::vector<std::string>{
                                      std::string("carport: error: broken.yaml:") + kBrokenYamlFinding,
                                      std::string("carport: error: pets.yml:") + kUnexpectedFieldFinding}))
      << run.err;
}

TEST(ValidateE2E, RelaxedTurnsFindingsOfAParsedDefinitionIntoWarnings) {
  TempDir temp;
  write_bytes(temp.path() / "pets.yml", kUnexpectedFieldYaml);
  const ProcessResult run = run_carport({"validate", "--relaxed", "pets.yml"}, temp.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(error_lines(run.err).empty()) << run.err;
  EXPECT_EQ(lines_starting_with(run.err, "carport: warning:"),
            std::vector<std::string>{std::string("carport: warning: pets.yml:") + kUnexpectedFieldFinding})
      << run.err;
  const ProcessResult quiet = run_carport({"validate", "--relaxed", "-q", "pets.yml"}, temp.path());
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "");
}

TEST(ValidateE2E, FolderIsSearchedRecursivelyForDefinitionsInPathOrder) {
  TempDir temp;
  const fs::path in = temp.path() / "in";
  write_bytes(in / "b" / "deep" / "pets.YAML", kValidOas30);
  write_bytes(in / "a.json", kMissingInfoJson);
  write_bytes(in / "b" / "schema.graphqls", kValidGraphql);
  write_bytes(in / "b" / "notes.txt", "not a definition");
  write_bytes(in / "c" / "app.car", capp_with_metadata_swagger(kValidOas30));
  write_bytes(in / "d" / "api.yaml", kValidOas30);  // no Definitions/ beside it: a definition, not an export
  const ProcessResult run = run_carport({"validate", "-v", "in"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(split_lines(run.out), (std::vector<std::string>{
                                      "invalid\topenapi-3.0\tin/a.json",
                                      "valid\topenapi-3.0\tin/b/deep/pets.YAML",
                                      "valid\tgraphql\tin/b/schema.graphqls",
                                      "valid\topenapi-3.0\tin/c/app.car(metadata/PetsAPI_swagger_1.0.0/PetsAPI_swagger-1.0.0.yaml)",
                                      "valid\topenapi-3.0\tin/d/api.yaml",
                                  }))
      << run.err;
  EXPECT_EQ(error_lines(run.err),
            std::vector<std::string>{std::string("carport: error: in/a.json:") + kMissingInfoFinding});
}

// ---- CApps ----------------------------------------------------------------------------------------

TEST(ValidateE2E, CappMetadataSwaggerIsAddressedPathEntryLineColumn) {
  TempDir temp;
  write_bytes(temp.path() / "PetsCApp_1.0.0.car", capp_with_metadata_swagger(kUnexpectedFieldYaml));
  const ProcessResult run = run_carport({"validate", "PetsCApp_1.0.0.car"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(error_lines(run.err),
            std::vector<std::string>{
                "carport: error: PetsCApp_1.0.0.car(metadata/PetsAPI_swagger_1.0.0/PetsAPI_swagger-1.0.0.yaml):" +
                std::string(kUnexpectedFieldFinding)})
      << run.err;
}

TEST(ValidateE2E, CappPublishSwaggerRegistryResourceIsFoundThroughRegistryInfo) {
  TempDir temp;
  write_bytes(temp.path() / "abs.car",
              capp_with_publish_swagger("/_system/governance/custom/swagger_custom.json", kMissingInfoJson));
  write_bytes(temp.path() / "gov.car", capp_with_publish_swagger("gov:custom/swagger_custom.json", kMissingInfoJson));
  write_bytes(temp.path() / "missing.car", capp_with_publish_swagger("gov:custom/other.json", kMissingInfoJson));
  const ProcessResult run = run_carport({"validate", "-v", "abs.car", "gov.car", "missing.car"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::string entry = "(swagger_custom_json_1.0.0/resources/swagger_custom.json):";
  EXPECT_EQ(error_lines(run.err), (std::vector<std::string>{
                                      "carport: error: abs.car" + entry + kMissingInfoFinding,
                                      "carport: error: gov.car" + entry + kMissingInfoFinding,
                                  }))
      << run.err;
  EXPECT_TRUE(has_line(run.err,
                       "carport: warning: missing.car(CustomSwagger_1.0.0/CustomSwagger-1.0.0.xml):2:1: "
                       "publishSwagger resource gov:custom/other.json is not in this CApp; not validated"))
      << run.err;
  EXPECT_TRUE(has_line(run.err, "carport: note: missing.car: no API definitions found")) << run.err;
}

TEST(ValidateE2E, BrokenCappInABatchGivesOneErrorLineAndTheOthersAreStillValidated) {
  TempDir temp;
  const fs::path in = temp.path() / "in";
  write_bytes(in / "a_good.car", capp_with_metadata_swagger(kValidOas30));
  write_bytes(in / "b_broken.car", "PK\x03\x04 this is not really a zip");
  write_bytes(in / "c_empty.car", "");
  std::string truncated = capp_with_metadata_swagger(kValidOas30);
  truncated.resize(truncated.size() / 2);
  write_bytes(in / "d_truncated.car", truncated);
  write_bytes(in / "e_slip.car", make_raw_zip({{"../evil.yaml", kValidOas30}}));
  write_bytes(in / "f_good.yaml", kValidOas30);
  const ProcessResult run = run_carport({"validate", "-v", "in"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::vector<std::string> errors = error_lines(run.err);
  ASSERT_EQ(errors.size(), 4u) << run.err;
  EXPECT_TRUE(errors[0].starts_with("carport: error: in/b_broken.car: ")) << errors[0];
  EXPECT_EQ(errors[1], "carport: error: in/c_empty.car: empty file (0 bytes), not a zip archive");
  EXPECT_TRUE(errors[2].starts_with("carport: error: in/d_truncated.car: ")) << errors[2];
  EXPECT_EQ(errors[3], "carport: error: in/e_slip.car(../evil.yaml): unsafe entry name: '..' path component");
  EXPECT_EQ(lines_starting_with(run.out, "valid\t"),
            (std::vector<std::string>{
                "valid\topenapi-3.0\tin/a_good.car(metadata/PetsAPI_swagger_1.0.0/PetsAPI_swagger-1.0.0.yaml)",
                "valid\topenapi-3.0\tin/f_good.yaml"}));
  EXPECT_TRUE(has_line(run.err, "carport: 2 definitions: 2 valid, 0 invalid, 4 unreadable")) << run.err;
}

TEST(ValidateE2E, FatCarDependencyAndMi44ResourceDefinitionsAreFoundAndCounted) {
  TempDir temp;
  const std::string inner = capp_with_metadata_swagger(kMissingInfoJson);
  // MI 4.4: publishSwagger="resources:..." and the definitions in a registry collection (capp-format §8c).
  write_bytes(temp.path() / "fat.car",
              make_zip({{"dependencies/inner-1.0.0.car", inner},
                        {"Orders_1.0.0/Orders-1.0.0.xml",
                         R"(<api xmlns="http://ws.apache.org/ns/synapse" name="Orders" context="/orders" publishSwagger="resources:api-definitions/orders.yaml"/>)"},
                        {"resources_api-definitions_1.0.0/registry-info.xml",
                         "<resources><collection><directory>api-definitions</directory>"
                         "<path>/_system/governance/mi-resources/api-definitions</path></collection></resources>"},
                        {"resources_api-definitions_1.0.0/resources/api-definitions/orders.yaml", kValidOas30},
                        {"artifacts.xml", "<artifacts/>"}}));
  const ProcessResult run = run_carport({"validate", "-v", "--stats", "fat.car"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(split_lines(run.out),
            (std::vector<std::string>{
                "invalid\topenapi-3.0\tfat.car(dependencies/inner-1.0.0.car!metadata/PetsAPI_swagger_1.0.0/"
                "PetsAPI_swagger-1.0.0.yaml)",
                "valid\topenapi-3.0\tfat.car(resources_api-definitions_1.0.0/resources/api-definitions/orders.yaml)"}));
  EXPECT_EQ(error_lines(run.err),
            std::vector<std::string>{"carport: error: fat.car(dependencies/inner-1.0.0.car!metadata/PetsAPI_swagger_1.0.0/"
                                     "PetsAPI_swagger-1.0.0.yaml):" + std::string(kMissingInfoFinding)});
  EXPECT_TRUE(has_line(run.err, "carport: stats: definitions=2 valid=1 invalid=1 warnings=0 input_errors=0 saved=0"))
      << run.err;
  const std::string bytes = read_bytes(temp.path() / "fat.car");
  EXPECT_TRUE(has_line(run.err, "carport: stats: files=1 archives=2 bytes=" + std::to_string(bytes.size()))) << run.err;
  const ProcessResult shallow = run_carport({"validate", "--max-nesting", "0", "fat.car"}, temp.path());
  EXPECT_EQ(error_lines(shallow.err),
            std::vector<std::string>{
                "carport: error: fat.car(dependencies/inner-1.0.0.car): nested CApps deeper than 0 levels (--max-nesting)"});
}

// ---- API-M exports and --save-invalid ----------------------------------------------------------------

TEST(ValidateE2E, ExportFolderInvalidSwaggerIsSavedUnderItsApiIdByteIdentical) {
  TempDir temp;
  const std::string id = "7a2298c4-c905-403f-8fac-38c73301631f";
  write_export_folder(temp.path() / "exports" / "PetsAPI-1.0.0", id, kUnexpectedFieldYaml);
  const ProcessResult run = run_carport({"validate", "exports", "--save-invalid", "invalid-swagger-definitions"},
                                        temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(error_lines(run.err), std::vector<std::string>{"carport: error: exports/PetsAPI-1.0.0/Definitions/swagger.yaml:" +
                                                           std::string(kUnexpectedFieldFinding)})
      << run.err;
  const fs::path saved = temp.path() / "invalid-swagger-definitions" / (id + ".json");
  ASSERT_TRUE(fs::exists(saved)) << run.err;
  EXPECT_EQ(read_bytes(saved), kUnexpectedFieldYaml);  // YAML stays YAML despite .json, as WSO2 does
  EXPECT_EQ(std::distance(fs::directory_iterator(saved.parent_path()), fs::directory_iterator()), 1);
}

TEST(ValidateE2E, ExportZipInvalidSwaggerIsSavedButGraphqlNever) {
  TempDir temp;
  const std::string id = "01234567-89ab-cdef-0123-456789abcdef";
  write_bytes(temp.path() / "PetsAPI-1.0.0.zip", export_zip(id, kMissingInfoJson));
  const ProcessResult run = run_carport({"validate", "PetsAPI-1.0.0.zip", "--save-invalid", "out", "--format", "json"},
                                        temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(has_line(run.err, "carport: error: PetsAPI-1.0.0.zip(PetsAPI-1.0.0/Definitions/swagger.yaml):" +
                                    std::string(kMissingInfoFinding)))
      << run.err;
  EXPECT_EQ(error_lines(run.err).size(), 2u) << run.err;  // + the GraphQL schema
  EXPECT_EQ(read_bytes(temp.path() / "out" / (id + ".json")), kMissingInfoJson);
  EXPECT_EQ(std::distance(fs::directory_iterator(temp.path() / "out"), fs::directory_iterator()), 1);
  const rapidjson::Document report = parse_json(run.out);
  const auto& definitions = report["definitions"];
  ASSERT_EQ(definitions.Size(), 2u);
  EXPECT_EQ(str(definitions[0], "entry"), "PetsAPI-1.0.0/Definitions/schema.graphql");
  EXPECT_EQ(str(definitions[0], "kind"), "graphql");
  EXPECT_EQ(str(definitions[1], "entry"), "PetsAPI-1.0.0/Definitions/swagger.yaml");
  EXPECT_EQ(str(definitions[1], "api_id"), id);
  EXPECT_EQ(str(definitions[1], "saved_as"), "out/" + id + ".json");
}

TEST(ValidateE2E, DefinitionWithoutApiIdIsSavedUnderALocationDerivedName) {
  TempDir temp;
  write_bytes(temp.path() / "specs" / "noinfo.json", kMissingInfoJson);
  write_bytes(temp.path() / "app.car", capp_with_metadata_swagger(kUnexpectedFieldYaml));
  write_bytes(temp.path() / "specs" / "schema.graphql", kBrokenGraphql);
  const ProcessResult run = run_carport({"validate", "specs", "app.car", "--save-invalid", "saved"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::string file_name = location_uuid("specs/noinfo.json", "") + ".json";
  const std::string entry_name =
      location_uuid("app.car", "metadata/PetsAPI_swagger_1.0.0/PetsAPI_swagger-1.0.0.yaml") + ".json";
  EXPECT_EQ(read_bytes(temp.path() / "saved" / file_name), kMissingInfoJson);
  EXPECT_EQ(read_bytes(temp.path() / "saved" / entry_name), kUnexpectedFieldYaml);
  std::set<std::string> names;
  for (const auto& item : fs::directory_iterator(temp.path() / "saved")) names.insert(item.path().filename().string());
  EXPECT_EQ(names, (std::set<std::string>{file_name, entry_name}));
  EXPECT_TRUE(has_line(run.err, "carport: 3 definitions: 0 valid, 3 invalid; 2 saved to saved")) << run.err;
}

TEST(ValidateE2E, TwoDefinitionsWithOneApiIdAreNeverSavedOntoOneName) {
  TempDir temp;
  const std::string id = "11111111-2222-3333-4444-555555555555";
  write_export_folder(temp.path() / "in" / "a", id, kMissingInfoJson);
  write_export_folder(temp.path() / "in" / "b", id, kUnexpectedFieldYaml);
  const ProcessResult run = run_carport({"validate", "in", "--save-invalid", "saved"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(read_bytes(temp.path() / "saved" / (id + ".json")), kMissingInfoJson);
  EXPECT_TRUE(has_line(run.err, "carport: error: in/b/Definitions/swagger.yaml: invalid definition not saved: saved/" +
                                    id + ".json already holds the definition of in/a/Definitions/swagger.yaml (same API id)"))
      << run.err;
}

// ---- report formats ----------------------------------------------------------------------------

TEST(ValidateE2E, JsonReportListsDefinitionsFindingsAndTotals) {
  TempDir temp;
  write_bytes(temp.path() / "a.json", kMissingInfoJson);
  write_bytes(temp.path() / "b.yaml", kValidOas30);
  const ProcessResult run = run_carport({"validate", "a.json", "b.yaml", "--format", "json", "-o", "report.json"},
                                        temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.out, "");
  const rapidjson::Document report = parse_json(read_bytes(temp.path() / "report.json"));
  EXPECT_EQ(str(report, "tool"), "carport");
  const auto& definitions = report["definitions"];
  ASSERT_EQ(definitions.Size(), 2u);
  EXPECT_EQ(str(definitions[0], "path"), "a.json");
  EXPECT_EQ(str(definitions[0], "kind"), "openapi-3.0");
  EXPECT_EQ(str(definitions[0], "spec_version"), "3.0.1");
  EXPECT_FALSE(definitions[0]["valid"].GetBool());
  EXPECT_TRUE(definitions[0]["api_id"].IsNull());
  ASSERT_EQ(definitions[0]["findings"].Size(), 1u);
  const auto& finding = definitions[0]["findings"][0];
  EXPECT_EQ(str(finding, "severity"), "error");
  EXPECT_EQ(std::to_string(finding["line"].GetUint()) + ":" + std::to_string(finding["column"].GetUint()) + ": " +
                str(finding, "message") + " [" + str(finding, "rule") + "]",
            kMissingInfoFinding);
  EXPECT_EQ(str(definitions[1], "title"), "Pets");
  EXPECT_EQ(str(definitions[1], "api_version"), "1.0.0");
  EXPECT_TRUE(definitions[1]["valid"].GetBool());
  EXPECT_EQ(report["totals"]["definitions"].GetUint(), 2u);
  EXPECT_EQ(report["totals"]["valid"].GetUint(), 1u);
  EXPECT_EQ(report["totals"]["invalid"].GetUint(), 1u);
}

TEST(ValidateE2E, SarifReportIsVersion210WithRulesResultsAndRegions) {
  TempDir temp;
  write_bytes(temp.path() / "a.json", kMissingInfoJson);
  write_bytes(temp.path() / "app.car", capp_with_metadata_swagger(kUnexpectedFieldYaml));
  write_bytes(temp.path() / "broken.car", "not a zip");
  const ProcessResult run = run_carport({"validate", "--format", "sarif", "a.json", "app.car", "broken.car"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const rapidjson::Document sarif = parse_json(run.out);
  EXPECT_EQ(str(sarif, "version"), "2.1.0");
  EXPECT_EQ(str(sarif, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(sarif["runs"].Size(), 1u);
  const auto& run0 = sarif["runs"][0];
  EXPECT_EQ(str(run0["tool"]["driver"], "name"), "carport");
  std::set<std::string> rules;
  for (const auto& rule : run0["tool"]["driver"]["rules"].GetArray()) rules.insert(str(rule, "id"));
  const auto& results = run0["results"];
  ASSERT_EQ(results.Size(), 2u);
  for (const auto& result : results.GetArray()) {
    EXPECT_TRUE(rules.count(str(result, "ruleId"))) << str(result, "ruleId");
    EXPECT_EQ(str(result, "level"), "error");
  }
  const auto& first = results[0];
  EXPECT_EQ(str(first["locations"][0]["physicalLocation"]["artifactLocation"], "uri"), "a.json");
  EXPECT_EQ(first["locations"][0]["physicalLocation"]["region"]["startLine"].GetUint(), 1u);
  EXPECT_EQ(first["locations"][0]["physicalLocation"]["region"]["startColumn"].GetUint(), 1u);
  const auto& second = results[1];
  EXPECT_EQ(str(second["locations"][0]["physicalLocation"]["artifactLocation"], "uri"), "app.car");
  EXPECT_EQ(str(second["properties"], "entry"), "metadata/PetsAPI_swagger_1.0.0/PetsAPI_swagger-1.0.0.yaml");
  EXPECT_EQ(second["locations"][0]["physicalLocation"]["region"]["startLine"].GetUint(), 11u);
  const auto& notifications = run0["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notifications.Size(), 1u);
  EXPECT_EQ(str(notifications[0]["message"], "text"), "not a zip archive");
  EXPECT_FALSE(run0["invocations"][0]["executionSuccessful"].GetBool());
}

TEST(ValidateE2E, JunitReportCountsTestsFailuresAndErrors) {
  TempDir temp;
  write_bytes(temp.path() / "a.json", kMissingInfoJson);
  write_bytes(temp.path() / "b & <c>.yaml", kValidOas30);
  write_bytes(temp.path() / "broken.car", "not a zip");
  const ProcessResult run = run_carport({"validate", "--format", "junit", "-o", "out/junit.xml", "a.json",
                                         "b & <c>.yaml", "broken.car"},
                                        temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  pugi::xml_document xml;
  const std::string text = read_bytes(temp.path() / "out" / "junit.xml");
  ASSERT_TRUE(xml.load_string(text.c_str())) << text;
  const pugi::xml_node suite = xml.child("testsuite");
  EXPECT_STREQ(suite.attribute("name").value(), "carport validate");
  EXPECT_EQ(suite.attribute("tests").as_int(), 3);
  EXPECT_EQ(suite.attribute("failures").as_int(), 1);
  EXPECT_EQ(suite.attribute("errors").as_int(), 1);
  std::vector<pugi::xml_node> cases;
  for (pugi::xml_node node : suite.children("testcase")) cases.push_back(node);
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_STREQ(cases[0].attribute("classname").value(), "a.json");
  const pugi::xml_node failure = cases[0].child("failure");
  ASSERT_TRUE(failure);
  EXPECT_EQ(std::string("carport: error: a.json:") + kMissingInfoFinding + "\n", failure.text().get());
  EXPECT_STREQ(cases[1].attribute("name").value(), "b & <c>.yaml");
  EXPECT_FALSE(cases[1].child("failure"));
  EXPECT_STREQ(cases[2].child("error").attribute("message").value(), "not a zip archive");
}

TEST(ValidateE2E, ReportsAreIdenticalWithOneOrTwoThreads) {
  TempDir temp;
  const fs::path in = temp.path() / "in";
  for (int i = 0; i < 6; ++i) {
    write_bytes(in / ("s" + std::to_string(i) + ".json"), i % 2 == 0 ? kMissingInfoJson : kValidOas30);
    write_bytes(in / ("c" + std::to_string(i) + ".car"), capp_with_metadata_swagger(kUnexpectedFieldYaml));
  }
  write_bytes(in / "x.zip", export_zip("abc", kMissingInfoJson));
  for (const char* format : {"json", "sarif", "junit"}) {
    const ProcessResult one = run_carport({"validate", "-j", "1", "--format", format, "in"}, temp.path());
    const ProcessResult two = run_carport({"validate", "-j", "2", "--format", format, "in"}, temp.path());
    EXPECT_EQ(one.exit_code, 1);
    EXPECT_EQ(one.out, two.out) << format;
    EXPECT_EQ(one.err, two.err) << format;
  }
}

// ---- exit code 2 ---------------------------------------------------------------------------------

TEST(ValidateE2E, MissingInputOrUnwritableReportExitsTwo) {
  TempDir temp;
  write_bytes(temp.path() / "a.yaml", kValidOas30);
  const ProcessResult missing = run_carport({"validate", "a.yaml", "nothere.yaml"}, temp.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "carport: error: input not found: nothere.yaml\n");
  const ProcessResult unwritable = run_carport({"validate", "a.yaml", "--format", "json", "-o", "a.yaml/r.json"},
                                               temp.path());
  EXPECT_EQ(unwritable.exit_code, 2) << unwritable.err;
  EXPECT_EQ(read_bytes(temp.path() / "a.yaml"), kValidOas30);
  const ProcessResult usage = run_carport({"validate", "--format", "xml", "a.yaml"}, temp.path());
  EXPECT_EQ(usage.exit_code, 2);
  const ProcessResult none = run_carport({"validate"}, temp.path());
  EXPECT_EQ(none.exit_code, 2);
}

}  // namespace
