#pragma once
// The OpenAPI/Swagger/AsyncAPI checker's shared state: the document, its version, the finding
// sink and the $ref resolver. One Context per validate_document call (nothing is shared).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "transforms/apidef/internal.hpp"
#include "transforms/apidef/types.hpp"

namespace carport::apidef::detail {

/// Local `$ref` resolution ("#/a/b", JSON pointer with ~0 ~1 and percent-decoding) with a cache per
/// reference string and an index for large mappings; remote and relative references are never
/// fetched. Bounded: pointer walks are linear in their token count, chains stop after 32 hops.
class Refs {
 public:
  Refs(const Node& root, Ver version) : root_(root), version_(version) {}

  /// The node a local reference points at; nullptr when it is not local or does not resolve.
  [[nodiscard]] const Node* resolve(std::string_view ref);
  /// Follows `$ref` chains from a node (cycle-safe); nullptr when a reference does not resolve
  /// locally (remote, unresolvable, circular).
  [[nodiscard]] const Node* deref(const Node* node);
  /// A problem with one `$ref` value.
  struct Problem {
    std::string_view rule;
    std::string message;
    bool is_error = true;
  };
  /// Checks the `$ref` value of a Reference Object found where a `family` object may appear
  /// ("Schema", "Parameter", ...); a remote reference is reported once per document.
  [[nodiscard]] std::optional<Problem> check(const Node& ref, std::string_view family);

 private:
  struct Target {
    const Node* node = nullptr;
    T type = T::Any;  ///< what the typed tree says is there; T::Any when unknown
    bool local = false;
  };

  const Target& lookup(const std::string& ref);
  [[nodiscard]] const Node* step(const Node* node, const std::string& token);
  [[nodiscard]] T type_along(const std::vector<std::string>& tokens);

  const Node& root_;
  Ver version_;
  std::unordered_map<std::string, Target> cache_;
  std::unordered_map<const Node*, std::unordered_map<std::string_view, const Node*>> index_;
  std::unordered_set<std::string> remote_reported_;
};

struct Context {
  Context(const Node& root_in, Ver version_in, Sink& sink_in)
      : root(root_in), version(version_in), sink(sink_in), refs(root_in, version_in) {}

  const Node& root;
  Ver version;
  Sink& sink;
  Refs refs;
};

/// The table-driven structural walk (plus per-type semantic hooks) from the root.
void walk_document(Context& context);
/// Path-level semantics: path keys, path parameters, duplicate parameters, Swagger 2.0 parameter
/// rules, and WSO2's own checks (empty resource paths, /x vs /x/ with the same verb).
void check_paths(Context& context);

/// "paths.'/pets'(get)": the swagger-parser style location of an operation.
[[nodiscard]] std::string operation_location(std::string_view path, std::string_view verb);

}  // namespace carport::apidef::detail
