// The public API: version dispatch, relaxed mode, sorting, and the exception boundary.
//
// What "invalid" means follows WSO2 API-M's pre-migration apiDefinitionValidation
// (OASParserUtil.validateAPIDefinition): a swagger-parser deserialisation check where any message
// makes the definition invalid. See docs/apidef-validation.md §4-§7 in the shared docs.
#include "transforms/apidef/validator.hpp"

#include <algorithm>
#include <exception>
#include <new>

#include "transforms/apidef/checker.hpp"

namespace carport::apidef {
namespace {

using detail::get;
using detail::is_map;
using detail::is_str;
using detail::Node;
using detail::Sink;
using detail::Ver;

/// "3.0", "3.0.3", "3.0.3-rc1" match "3.0"; "3.01" does not.
bool version_is(std::string_view text, std::string_view prefix) {
  return detail::starts_with(text, prefix) && (text.size() == prefix.size() || text[prefix.size()] == '.' ||
                                               text[prefix.size()] == '-');
}

struct Dispatch {
  SpecKind kind = SpecKind::unknown;
  Ver version = detail::VALL;  ///< VALL: not recognised
};

/// Decides the spec from the version field, reporting when it cannot (like swagger-parser does).
Dispatch dispatch(const Node& root, ValidationResult& result, Sink& sink) {
  constexpr std::string_view kInvalid = "The provided definition does not specify a valid version field";
  const auto invalid = [&](const Node& at, std::string_view field) {
    sink.add("invalid-version", at, "/" + std::string(field), std::string(kInvalid));
    return Dispatch{};
  };
  if (const Node* openapi = get(&root, "openapi")) {
    result.spec_version = openapi->is_scalar() ? openapi->text : std::string();
    if (!is_str(openapi)) return invalid(*openapi, "openapi");
    if (version_is(openapi->text, "3.0")) return {SpecKind::openapi_3_0, detail::V30};
    if (version_is(openapi->text, "3.1")) return {SpecKind::openapi_3_1, detail::V31};
    return invalid(*openapi, "openapi");
  }
  if (const Node* swagger = get(&root, "swagger")) {
    result.spec_version = swagger->is_scalar() ? swagger->text : std::string();
    // A YAML number (`swagger: 2.0`) is not the string "2.0".
    if (is_str(swagger) && swagger->text == "2.0") return {SpecKind::swagger_2_0, detail::V2};
    return invalid(*swagger, "swagger");
  }
  if (const Node* asyncapi = get(&root, "asyncapi")) {
    result.spec_version = asyncapi->is_scalar() ? asyncapi->text : std::string();
    if (is_str(asyncapi) && version_is(asyncapi->text, "2")) return {SpecKind::asyncapi_2, detail::VA2};
    return invalid(*asyncapi, "asyncapi");
  }
  if (get(&root, "channels") != nullptr) {
    sink.add("missing-version", root, "", "attribute asyncapi should present");
  } else {
    sink.add("missing-version", root, "", "attribute swagger or openapi should present");
  }
  return {};
}

void fill_info(const Node& root, ValidationResult& result) {
  const Node* info = get(&root, "info");
  result.title = std::string(detail::get_text(info, "title"));
  result.api_version = std::string(detail::get_text(info, "version"));
}

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.line != b.line) return a.line < b.line;
    if (a.column != b.column) return a.column < b.column;
    return a.rule < b.rule;
  });
}

void validate_root(const Node* root, const ValidateOptions& options, ValidationResult& result, Sink& sink) {
  if (!is_map(root)) {
    sink.add("not-an-object", root != nullptr ? root->line : 1, root != nullptr ? root->column : 1, "",
             "malformed or unreadable swagger supplied");
    return;
  }
  const Dispatch found = dispatch(*root, result, sink);
  result.kind = found.kind;
  fill_info(*root, result);
  if (found.kind == SpecKind::unknown) return;
  detail::check_document(*root, found.version, sink);
  // Relaxed mode (-DswaggerRelaxedValidation): a document the parser turned into a model (an object
  // with a recognised version) is valid whatever the messages; they are kept, as warnings.
  if (options.relaxed)
    for (Finding& finding : sink.findings()) finding.is_error = false;
}

/// The exception boundary: nothing escapes; a failure becomes one "internal-error" finding.
template <typename Body>
ValidationResult guarded(SpecKind kind, Body&& body) noexcept {
  ValidationResult result;
  result.kind = kind;
  try {
    Sink sink;
    body(result, sink);
    result.findings = std::move(sink.findings());
    sort_findings(result.findings);
    return result;
  } catch (const std::exception& error) {
    try {
      result.findings.clear();
      result.findings.push_back(Finding{"internal-error", true, 0, 0, "", std::string("validation failed: ") + error.what()});
    } catch (...) {
    }
  } catch (...) {
    try {
      result.findings.clear();
      result.findings.push_back(Finding{"internal-error", true, 0, 0, "", "validation failed"});
    } catch (...) {
    }
  }
  return result;
}

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  text = text.substr(text.size() - suffix.size());
  return std::equal(text.begin(), text.end(), suffix.begin(), [](char a, char b) {
    return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
  });
}

/// The local name of the first element of an XML text, or "" when it does not look like XML.
std::string_view xml_root_name(std::string_view bytes) {
  if (detail::starts_with(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::size_t at = 0;
  while (at < bytes.size()) {
    at = bytes.find_first_not_of(" \t\r\n", at);
    if (at == std::string_view::npos || bytes[at] != '<') return {};
    const std::string_view rest = bytes.substr(at);
    if (detail::starts_with(rest, "<?") || detail::starts_with(rest, "<!DOCTYPE")) {
      const std::size_t end = bytes.find('>', at);
      if (end == std::string_view::npos) return {};
      at = end + 1;
    } else if (detail::starts_with(rest, "<!--")) {
      const std::size_t end = bytes.find("-->", at);
      if (end == std::string_view::npos) return {};
      at = end + 3;
    } else {
      const std::size_t end = rest.find_first_of(" \t\r\n/>", 1);
      std::string_view name = rest.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
      const std::size_t colon = name.find(':');
      return colon == std::string_view::npos ? name : name.substr(colon + 1);
    }
  }
  return {};
}

}  // namespace

namespace detail {

void check_document(const Node& root, Ver version, Sink& sink) {
  Context context(root, version, sink);
  walk_document(context);
  check_paths(context);
}

}  // namespace detail

const char* spec_kind_name(SpecKind kind) {
  switch (kind) {
    case SpecKind::swagger_2_0: return "swagger-2.0";
    case SpecKind::openapi_3_0: return "openapi-3.0";
    case SpecKind::openapi_3_1: return "openapi-3.1";
    case SpecKind::asyncapi_2: return "asyncapi-2";
    case SpecKind::graphql: return "graphql";
    case SpecKind::wsdl: return "wsdl";
    case SpecKind::unknown: return "unknown";
  }
  return "unknown";
}

bool ValidationResult::valid() const {
  return std::none_of(findings.begin(), findings.end(), [](const Finding& finding) { return finding.is_error; });
}

ValidationResult validate_document(const doc::Document& document, const ValidateOptions& options) {
  return guarded(SpecKind::unknown,
                 [&](ValidationResult& result, Sink& sink) { validate_root(document.root(), options, result, sink); });
}

InputFormat sniff_format(std::string_view name, std::string_view bytes) {
  if (ends_with_ci(name, ".graphql") || ends_with_ci(name, ".graphqls") || ends_with_ci(name, ".gql"))
    return InputFormat::graphql;
  if (ends_with_ci(name, ".wsdl")) return InputFormat::wsdl;
  const std::string_view root = xml_root_name(bytes);
  if (root == "definitions" || root == "description") return InputFormat::wsdl;
  return InputFormat::document;
}

ValidationResult validate_bytes(std::string_view name, std::string_view bytes, const ValidateOptions& options) {
  switch (sniff_format(name, bytes)) {
    case InputFormat::graphql: return validate_graphql(bytes);
    case InputFormat::wsdl: return validate_wsdl(bytes);
    case InputFormat::document: break;
  }
  return guarded(SpecKind::unknown, [&](ValidationResult& result, Sink& sink) {
    const doc::LoadResult loaded = doc::load_document(bytes, options.limits);
    if (loaded.error || loaded.document == nullptr) {
      const doc::LoadError error = loaded.error.value_or(doc::LoadError{0, 0, "unreadable document"});
      sink.add("parse-error", error.line, error.column, "", error.message);
      return;
    }
    validate_root(loaded.document->root(), options, result, sink);
  });
}

}  // namespace carport::apidef
