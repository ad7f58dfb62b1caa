#pragma once
// Internals shared by the apidef validator's source files (not part of the public API).
//
// Layout:
//   internal.hpp, common.cpp  findings sink, merge-key aware lookups, JSON pointers (this file)
//   types.hpp, types.cpp      the typed tree: every object type of Swagger 2.0, OpenAPI 3.0/3.1 and
//                             AsyncAPI 2.x with its fields, required fields, extension and $ref rules
//   checker.hpp, refs.cpp     per-document state; local $ref resolution and kind checks
//   walker.hpp, walker.cpp    the table-driven structural walk
//   hooks.cpp                 per-type semantic checks run by the walker
//   paths.cpp                 path-level semantics (path parameters, duplicates, WSO2's own checks)
//   graphql.cpp, wsdl.cpp     the non-OpenAPI definitions
//   validator.cpp             the public API: dispatch, relaxed mode, sorting, exception boundary

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.hpp"
#include "transforms/apidef/validator.hpp"

namespace carport::apidef::detail {

using doc::Member;
using doc::Node;
using doc::NodeKind;

/// Spec versions as bits, so a field can say in which versions it exists or is required.
enum Ver : std::uint8_t { V2 = 1, V30 = 2, V31 = 4, VA2 = 8, V3 = V30 | V31, VOAS = V2 | V3, VALL = 15 };

/// Nesting deeper than this is not walked (the loader caps at 256 by default; be defensive).
inline constexpr std::size_t kMaxDepth = 300;
/// At most this many (node, type) visits per document: a hard stop against pathological input.
inline constexpr std::uint64_t kMaxVisits = 50'000'000;

/// Collects findings; the caller sorts them.
class Sink {
 public:
  void add(std::string_view rule, std::uint32_t line, std::uint32_t column, std::string pointer,
           std::string message, bool is_error = true);
  void add(std::string_view rule, const Node& at, std::string pointer, std::string message, bool is_error = true) {
    add(rule, at.line, at.column, std::move(pointer), std::move(message), is_error);
  }
  [[nodiscard]] std::vector<Finding>& findings() { return findings_; }

 private:
  std::vector<Finding> findings_;
};

// ---- reading nodes (YAML merge keys `<<` are honoured like SnakeYAML/Jackson do) ----

[[nodiscard]] inline bool is_map(const Node* node) { return node != nullptr && node->kind == NodeKind::mapping; }
[[nodiscard]] inline bool is_seq(const Node* node) { return node != nullptr && node->kind == NodeKind::sequence; }
[[nodiscard]] inline bool is_str(const Node* node) { return node != nullptr && node->kind == NodeKind::string; }
[[nodiscard]] inline bool is_true(const Node* node) {
  return node != nullptr && (node->kind == NodeKind::boolean || node->kind == NodeKind::string) &&
         (node->text == "true" || node->text == "True" || node->text == "TRUE");
}
[[nodiscard]] inline bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
[[nodiscard]] inline bool is_extension(std::string_view key) { return starts_with(key, "x-"); }

/// The value of `key` in a mapping (the last duplicate wins, then merged mappings), or nullptr.
[[nodiscard]] const Node* get(const Node* map, std::string_view key);
/// The text of a scalar member, or "" when absent or not a scalar.
[[nodiscard]] std::string_view get_text(const Node* map, std::string_view key);

/// Calls f(member) for every effective member: the mapping's own (except `<<`), then members of
/// merged mappings whose keys are not already present.
template <typename F>
void for_each_member(const Node& map, F&& f);

/// Members contributed by `<<` merge keys (empty when there is none), in priority order.
[[nodiscard]] std::vector<const Member*> merged_members(const Node& map);

template <typename F>
void for_each_member(const Node& map, F&& f) {
  bool has_merge = false;
  for (const Member& member : map.members) {
    if (member.key == "<<") {
      has_merge = true;
      continue;
    }
    f(member);
  }
  if (!has_merge) return;
  for (const Member* member : merged_members(map)) f(*member);
}

// ---- JSON pointers and swagger-parser style locations ----

/// "~" -> "~0", "/" -> "~1".
void append_pointer_token(std::string& pointer, std::string_view token);
/// Splits "#/a/b~1c" (after percent-decoding) into {"a", "b/c"}; false when it is not "#" or "#/...".
[[nodiscard]] bool split_fragment_pointer(std::string_view ref, std::vector<std::string>& tokens);
/// Follows tokens from root; nullptr when a step is missing.
[[nodiscard]] const Node* follow_pointer(const Node& root, const std::vector<std::string>& tokens);

/// Byte offset -> 1-based line and column.
struct LineCol {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};
[[nodiscard]] LineCol line_col_at(std::string_view text, std::size_t offset);

// ---- entry points of the individual checkers ----

/// The OpenAPI/Swagger/AsyncAPI checks on a root mapping whose version was recognised.
void check_document(const Node& root, Ver version, Sink& sink);

}  // namespace carport::apidef::detail
