#pragma once
// One document model for JSON and YAML: a tree of nodes, each with the line:col where it starts.
// Loaders are bounded (bytes, depth, nodes, alias expansion) and never throw.

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carport::doc {

enum class NodeKind : std::uint8_t { null, boolean, integer, number, string, sequence, mapping };

/// "null", "boolean", "integer", "number", "string", "array", "object" (JSON-Schema style names).
[[nodiscard]] const char* kind_name(NodeKind kind);

struct Node;

struct Member {
  std::string key;             ///< always a string: YAML `200:` gives "200"
  std::uint32_t key_line = 0;  ///< 1-based
  std::uint32_t key_column = 0;
  const Node* value = nullptr;
};

struct Node {
  NodeKind kind = NodeKind::null;
  std::uint32_t line = 0;    ///< 1-based start of the value
  std::uint32_t column = 0;  ///< 1-based, in bytes
  std::string text;          ///< scalars: decoded string, or the literal of a number / boolean / null
  std::vector<const Node*> items;  ///< sequence
  std::vector<Member> members;     ///< mapping, in document order (duplicate keys are kept)

  [[nodiscard]] bool is_scalar() const { return kind != NodeKind::sequence && kind != NodeKind::mapping; }
  /// First member with this key, or nullptr (also nullptr when this is not a mapping).
  [[nodiscard]] const Node* find(std::string_view key) const;
  /// The member record (for the key's own position), or nullptr.
  [[nodiscard]] const Member* find_member(std::string_view key) const;
};

/// Owns every node of one document. Aliases (YAML `*a`) point at the anchored node: the tree may
/// be a DAG, never a cycle (an alias can only refer to an anchor that is already complete).
class Document {
 public:
  [[nodiscard]] const Node* root() const { return root_; }
  Node& add_node() { return nodes_.emplace_back(); }
  void set_root(const Node* root) { root_ = root; }
  [[nodiscard]] std::size_t node_count() const { return nodes_.size(); }

 private:
  std::deque<Node> nodes_;
  const Node* root_ = nullptr;
};

struct LoadLimits {
  std::uint64_t max_bytes = 256ull << 20;
  std::uint32_t max_depth = 256;            ///< nesting of sequences/mappings
  std::uint64_t max_nodes = 20'000'000;     ///< nodes created
  std::uint64_t max_alias_nodes = 1'000'000; ///< nodes reachable through aliases, summed over all alias uses
};

struct LoadError {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;  ///< one line, e.g. "YAML: mapping values are not allowed in this context"
};

struct LoadResult {
  std::unique_ptr<Document> document;  ///< null on error
  std::optional<LoadError> error;
};

enum class Syntax { json, yaml };

/// JSON via RapidJSON (strict RFC 8259 plus nothing else).
[[nodiscard]] LoadResult load_json(std::string_view bytes, const LoadLimits& limits = {});
/// YAML via libyaml (single document; YAML 1.2 core-schema typing of plain scalars).
[[nodiscard]] LoadResult load_yaml(std::string_view bytes, const LoadLimits& limits = {});
/// JSON when the first non-blank byte (after a BOM) is '{' or '[', else YAML.
[[nodiscard]] Syntax sniff_syntax(std::string_view bytes);
[[nodiscard]] LoadResult load_document(std::string_view bytes, const LoadLimits& limits = {});

}  // namespace carport::doc
