#pragma once
// API definition validation as WSO2 API-M's pre-migration step sees it: Swagger 2.0, OpenAPI 3.0
// and 3.1 (typed-tree structure + swagger-parser's semantic checks + WSO2's own checks), AsyncAPI
// 2.x structure, GraphQL SDL and WSDL well-formedness. Pure functions: bytes in, findings out.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.hpp"

namespace carport::apidef {

enum class SpecKind { swagger_2_0, openapi_3_0, openapi_3_1, asyncapi_2, graphql, wsdl, unknown };

/// "swagger-2.0", "openapi-3.0", "openapi-3.1", "asyncapi-2", "graphql", "wsdl", "unknown".
[[nodiscard]] const char* spec_kind_name(SpecKind kind);

struct Finding {
  std::string rule;        ///< stable id, e.g. "oas3-required-field", "parse-error", "wso2-trailing-slash-duplicate"
  bool is_error = true;    ///< false: warning (never makes the definition invalid)
  std::uint32_t line = 0;  ///< 1-based; 0 = unknown
  std::uint32_t column = 0;
  std::string pointer;     ///< JSON pointer of the offending node, e.g. "/paths/~1pets/get"
  std::string message;     ///< one line, what to fix
};

struct ValidateOptions {
  bool relaxed = false;  ///< -DswaggerRelaxedValidation: a document that parses is valid; findings become warnings
  doc::LoadLimits limits;
};

struct ValidationResult {
  SpecKind kind = SpecKind::unknown;
  std::string spec_version;  ///< the document's swagger/openapi/asyncapi field as written
  std::string title;         ///< info.title when present
  std::string api_version;   ///< info.version when present
  std::vector<Finding> findings;  ///< sorted by line, column, rule
  [[nodiscard]] bool valid() const;  ///< no finding with is_error
};

/// Swagger 2.0 / OpenAPI 3.0 / 3.1 (and AsyncAPI 2.x) on a loaded document; the version field decides.
[[nodiscard]] ValidationResult validate_document(const doc::Document& document, const ValidateOptions& options);
/// GraphQL SDL (schema text).
[[nodiscard]] ValidationResult validate_graphql(std::string_view sdl);
/// WSDL 1.1 / 2.0 (XML text).
[[nodiscard]] ValidationResult validate_wsdl(std::string_view xml);

/// What a file is, from its name and first bytes: ".graphql"/".graphqls"/".gql" -> graphql,
/// ".wsdl" or XML with a WSDL root -> wsdl, anything else -> a JSON/YAML document.
enum class InputFormat { document, graphql, wsdl };
[[nodiscard]] InputFormat sniff_format(std::string_view name, std::string_view bytes);

/// Load (JSON or YAML) and validate; a load error becomes one "parse-error" finding with its line:col.
[[nodiscard]] ValidationResult validate_bytes(std::string_view name, std::string_view bytes,
                                              const ValidateOptions& options);

}  // namespace carport::apidef
