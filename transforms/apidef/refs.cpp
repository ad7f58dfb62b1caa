// Local $ref resolution and kind checks; remote/relative references become one warning each.
#include "transforms/apidef/checker.hpp"

namespace carport::apidef::detail {
namespace {

constexpr int kMaxChain = 32;
constexpr std::size_t kIndexThreshold = 32;  ///< mappings with more members get a hash index

bool parse_index(const std::string& token, std::size_t& index) {
  if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return false;
  index = 0;
  for (const char c : token) {
    if (c < '0' || c > '9') return false;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

}  // namespace

const Node* Refs::step(const Node* node, const std::string& token) {
  if (is_seq(node)) {
    std::size_t index = 0;
    return parse_index(token, index) && index < node->items.size() ? node->items[index] : nullptr;
  }
  if (!is_map(node)) return nullptr;
  if (node->members.size() <= kIndexThreshold) return get(node, token);
  auto [entry, created] = index_.try_emplace(node);
  if (created) {
    entry->second.reserve(node->members.size());
    for (const Member& member : node->members) entry->second.insert_or_assign(member.key, member.value);
  }
  const auto found = entry->second.find(token);
  if (found != entry->second.end() && token != "<<") return found->second;
  // Only a mapping with a YAML merge key can hold more than its own members; without one, a miss
  // is final (a linear get() per miss made 10^5 unresolved refs quadratic).
  if (entry->second.find("<<") == entry->second.end()) return nullptr;
  return get(node, token);  // merged members
}

T Refs::type_along(const std::vector<std::string>& tokens) {
  const Node* node = &root_;
  T type = root_type(version_);
  for (const std::string& token : tokens) {
    type = concrete_type(type, *node, version_);
    const TypeDef& def = type_def(type);
    // Through another Reference Object (or into an untyped area): unknown.
    if ((def.flags & kRef) != 0 && type != T::Schema31 && get(node, "$ref") != nullptr) return T::Any;
    if (def.shape == Shape::object) {
      const Field* field = find_field(def, token, version_);
      type = field != nullptr ? field->type : T::Any;
    } else if (def.shape == Shape::map || def.shape == Shape::list) {
      type = def.element;
    } else {
      return T::Any;
    }
    node = step(node, token);
    if (node == nullptr || type == T::Any) return T::Any;
  }
  return concrete_type(type, *node, version_);
}

const Refs::Target& Refs::lookup(const std::string& ref) {
  const auto cached = cache_.find(ref);
  if (cached != cache_.end()) return cached->second;
  Target target;
  std::vector<std::string> tokens;
  if (split_fragment_pointer(ref, tokens)) {
    target.local = true;
    const Node* node = &root_;
    for (const std::string& token : tokens) {
      node = step(node, token);
      if (node == nullptr) break;
    }
    target.node = node;
    if (node != nullptr) target.type = type_along(tokens);
  } else {
    target.local = !ref.empty() && ref[0] == '#';  // "#anchor": a local name, not a pointer
  }
  return cache_.emplace(ref, target).first->second;
}

const Node* Refs::resolve(std::string_view ref) { return lookup(std::string(ref)).node; }

const Node* Refs::deref(const Node* node) {
  std::vector<const Node*> seen;
  for (int hop = 0; hop < kMaxChain && is_map(node); ++hop) {
    const Node* ref = get(node, "$ref");
    if (!is_str(ref)) return node;
    for (const Node* earlier : seen)
      if (earlier == node) return nullptr;  // circular chain
    seen.push_back(node);
    node = resolve(ref->text);
  }
  return is_map(node) ? node : nullptr;
}

std::optional<Refs::Problem> Refs::check(const Node& ref, std::string_view family) {
  const std::string& text = ref.text;
  const Target& target = lookup(text);
  if (!target.local) {
    if (!remote_reported_.insert(text).second) return std::nullopt;
    return Problem{"remote-ref", "remote $ref not fetched: " + text, false};
  }
  if (target.node == nullptr) {
    // "#name" is a JSON Schema 2020-12 anchor in a 3.1 schema; it is not resolved here.
    const bool anchor = text.size() > 1 && text[1] != '/';
    if (anchor && version_ == V31 && family == "Schema") return std::nullopt;
    return Problem{"ref-unresolved", "$ref target " + text + " could not be resolved"};
  }
  if (target.type == T::Any || type_def(target.type).family == family) return std::nullopt;
  return Problem{"ref-wrong-type", "$ref target " + text + " is not of expected type " + std::string(family)};
}

}  // namespace carport::apidef::detail
