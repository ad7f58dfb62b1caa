#include "pipeline/text.hpp"
#include "transforms/apidef/capp_transform.hpp"

#include <algorithm>
#include <cctype>

namespace carport::apidef {
namespace {


bool has_definition_extension(std::string_view name) {
  return ends_with_ignoring_case(name, ".yaml") || ends_with_ignoring_case(name, ".yml") ||
         ends_with_ignoring_case(name, ".json");
}

/// metadata/<API>_swagger_<v>/<file>: MI reads such a folder as the API's definition (capp-format §8a).
bool is_metadata_swagger(std::string_view name) {
  if (!name.starts_with("metadata/")) return false;
  const std::size_t slash = name.find('/', 9);
  return slash != std::string_view::npos && name.substr(9, slash - 9).find("_swagger") != std::string_view::npos;
}

/// Registry resources may hold a definition published through publishSwagger (capp-format §8b, §8c).
bool is_registry_resource(std::string_view name) {
  return name.find("/resources/") != std::string_view::npos && !name.starts_with("__MACOSX/") &&
         name.find("/.meta/") == std::string_view::npos;
}

/// Cheap test before parsing: a Swagger/OpenAPI document names its version field near the top.
bool mentions_version_field(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 4096);
  return head.find("swagger") != std::string_view::npos || head.find("openapi") != std::string_view::npos;
}

}  // namespace

bool ApiDefinitionTransform::wants(std::string_view entry_name) const {
  return has_definition_extension(entry_name) && (is_metadata_swagger(entry_name) || is_registry_resource(entry_name));
}

EntryOutcome ApiDefinitionTransform::apply(std::string_view entry_name, std::string_view bytes) const {
  EntryOutcome outcome;
  const bool declared = is_metadata_swagger(entry_name);
  if (!declared && !mentions_version_field(bytes)) return outcome;
  const ValidationResult result = validate_bytes(entry_name, bytes, options_);
  const bool is_openapi = result.kind == SpecKind::swagger_2_0 || result.kind == SpecKind::openapi_3_0 ||
                          result.kind == SpecKind::openapi_3_1;
  if (!declared && !is_openapi) return outcome;  // a registry JSON/YAML that is not an API definition
  outcome.verdict = EntryVerdict::unchanged;
  const Finding* first_error = nullptr;
  for (const Finding& finding : result.findings) {
    if (!finding.is_error) continue;
    if (first_error == nullptr) first_error = &finding;
    outcome.notes.push_back({true, finding.line, finding.column,
                             "invalid API definition: " + finding.message + " [" + finding.rule + "]"});
  }
  if (first_error != nullptr && fail_on_invalid_) {
    outcome.fails_archive = true;
    outcome.fail_reason = "invalid API definition (--fail-on-invalid-api): " + first_error->message + " [" +
                          first_error->rule + "]";
  }
  return outcome;
}

}  // namespace carport::apidef
