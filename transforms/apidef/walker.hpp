#pragma once
// The structural walker (walker.cpp) and its per-type semantic hooks (hooks.cpp).

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "transforms/apidef/checker.hpp"

namespace carport::apidef::detail {

class Walker {
 public:
  explicit Walker(Context& context) : ctx_(context) {}
  void run();

 private:
  /// One step of the current path: an object member or a list item.
  struct Seg {
    const Member* member;  ///< nullptr for list items
    std::size_t index;     ///< list items
    const Node* node;      ///< the value at this step
    T parent;              ///< the type of the container holding it
  };
  /// Pushes a step for the lifetime of the scope.
  class Scope {
   public:
    Scope(Walker& walker, const Member* member, std::size_t index, const Node* node, T parent);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Walker& walker_;
  };

  // the walk (walker.cpp)
  void visit(const Node& node, T declared, std::string_view choices);
  bool enter(const Node& node, T type);
  bool reference(const Node& node, const TypeDef& def);
  void check_scalar(const Node& node, const TypeDef& def, std::string_view choices);
  void visit_object(const Node& node, const TypeDef& def);
  void visit_map(const Node& node, const TypeDef& def);
  void visit_list(const Node& node, const TypeDef& def);
  void reserved_extension(const Member& member);
  [[nodiscard]] bool skipped(std::string_view key) const;

  // locations and reports (walker.cpp)
  [[nodiscard]] std::string pointer() const;
  [[nodiscard]] std::string pointer(std::string_view key) const;
  [[nodiscard]] std::string location() const;
  /// "attribute <location>.<key>" (key may be empty).
  [[nodiscard]] std::string attribute(std::string_view key) const;
  /// "attribute <loc>.<key> is unexpected" (or "is unsupported": swagger-parser v1, x- keys under paths).
  void unexpected(const Member& member, bool unsupported);
  void missing(const Node& object, std::string_view key, T type);
  void wrong_type(const Node& value, std::string_view expected);
  void note(std::string_view rule, const Node& at, std::string message, bool is_error = true);
  /// A finding at `at` whose pointer is the current path plus `key`.
  void note_at(std::string_view rule, const Node& at, std::string_view key, std::string message);
  /// The current location, or "root".
  [[nodiscard]] std::string where() const;

  // semantic hooks (hooks.cpp)
  void hook(const Node& node, T type);
  void root3_hook(const Node& node);
  void operation_hook(const Node& node);
  void schema_hook(const Node& node, T type);
  void schema_type_values(const Node& node, T type);
  void schema2_required(const Node& node);
  void param2_hook(const Node& node);
  void body_param2_hook(const Node& node);
  void primitive2_hook(const Node& node);
  void param3_hook(const Node& node);
  void examples_hook(const Node& node);
  void responses2_hook(const Node& node);
  void sec_scheme2_hook(const Node& node);
  void sec_scheme3_hook(const Node& node);
  void enum_hook(const Node& node);
  void path_param_required(const Node& node);
  void items_required(const Node& node, bool is_array);

  Context& ctx_;
  std::vector<Seg> path_;
  bool in_paths_ = false;
  std::unordered_set<std::uint64_t> visited_;
  std::unordered_set<std::string> operation_ids_;
  std::uint64_t visits_ = 0;
  bool budget_reported_ = false;
  bool depth_reported_ = false;
};

/// Whether value is one of "a|b|c".
[[nodiscard]] bool in_choices(std::string_view choices, std::string_view value);
/// Strict decimal number parsing (JSON / YAML number literals); false when it is not one.
[[nodiscard]] bool parse_number(std::string_view text, double& value);

}  // namespace carport::apidef::detail
