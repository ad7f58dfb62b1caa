// Small helpers shared by the checkers: the finding sink, merge-key aware lookups, JSON pointers.
#include <algorithm>
#include <cstring>

#include "transforms/apidef/internal.hpp"

namespace carport::apidef::detail {

void Sink::add(std::string_view rule, std::uint32_t line, std::uint32_t column, std::string pointer,
               std::string message, bool is_error) {
  // Messages are one line.
  std::replace(message.begin(), message.end(), '\n', ' ');
  std::replace(message.begin(), message.end(), '\r', ' ');
  findings_.push_back(Finding{std::string(rule), is_error, line, column, std::move(pointer), std::move(message)});
}

namespace {

constexpr int kMaxMergeDepth = 8;

/// The mappings a `<<` value names: one mapping or a list of mappings.
void merge_sources(const Node& value, std::vector<const Node*>& out) {
  if (value.kind == NodeKind::mapping) {
    out.push_back(&value);
  } else if (value.kind == NodeKind::sequence) {
    for (const Node* item : value.items)
      if (is_map(item)) out.push_back(item);
  }
}

const Node* get_impl(const Node* map, std::string_view key, int depth) {
  if (!is_map(map) || depth > kMaxMergeDepth) return nullptr;
  const Node* merge = nullptr;
  for (auto it = map->members.rbegin(); it != map->members.rend(); ++it) {
    if (it->key == key) return it->value;
    if (it->key == "<<") merge = it->value;
  }
  if (merge == nullptr || key == "<<") return nullptr;
  std::vector<const Node*> sources;
  merge_sources(*merge, sources);
  for (const Node* source : sources)
    if (const Node* found = get_impl(source, key, depth + 1)) return found;
  return nullptr;
}

void collect_merged(const Node& map, int depth, std::vector<std::string_view>& seen, std::vector<const Member*>& out) {
  if (depth > kMaxMergeDepth) return;
  const Node* merge = nullptr;
  for (const Member& member : map.members)
    if (member.key == "<<") merge = member.value;
  if (merge == nullptr) return;
  std::vector<const Node*> sources;
  merge_sources(*merge, sources);
  for (const Node* source : sources) {
    for (const Member& member : source->members) {
      if (member.key == "<<" || std::find(seen.begin(), seen.end(), member.key) != seen.end()) continue;
      seen.push_back(member.key);
      out.push_back(&member);
    }
    collect_merged(*source, depth + 1, seen, out);
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string unescape_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out.push_back(token[i + 1] == '0' ? '~' : '/');
      ++i;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

bool parse_index(std::string_view token, std::size_t& index) {
  if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return false;
  index = 0;
  for (const char c : token) {
    if (c < '0' || c > '9') return false;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

}  // namespace

const Node* get(const Node* map, std::string_view key) { return get_impl(map, key, 0); }

std::string_view get_text(const Node* map, std::string_view key) {
  const Node* value = get(map, key);
  return value != nullptr && value->is_scalar() && value->kind != NodeKind::null ? std::string_view(value->text)
                                                                                  : std::string_view();
}

std::vector<const Member*> merged_members(const Node& map) {
  std::vector<std::string_view> seen;
  for (const Member& member : map.members) seen.push_back(member.key);
  std::vector<const Member*> out;
  collect_merged(map, 0, seen, out);
  return out;
}

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer.push_back('/');
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer.push_back(c);
    }
  }
}

bool split_fragment_pointer(std::string_view ref, std::vector<std::string>& tokens) {
  tokens.clear();
  if (ref.empty() || ref[0] != '#') return false;
  const std::string decoded = percent_decode(ref.substr(1));
  if (decoded.empty()) return true;
  if (decoded[0] != '/') return false;
  std::size_t start = 1;
  for (;;) {
    const std::size_t slash = decoded.find('/', start);
    const std::string_view token =
        std::string_view(decoded).substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    tokens.push_back(unescape_token(token));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return true;
}

const Node* follow_pointer(const Node& root, const std::vector<std::string>& tokens) {
  const Node* node = &root;
  for (const std::string& token : tokens) {
    if (is_map(node)) {
      node = get(node, token);
    } else if (is_seq(node)) {
      std::size_t index = 0;
      node = parse_index(token, index) && index < node->items.size() ? node->items[index] : nullptr;
    } else {
      return nullptr;
    }
    if (node == nullptr) return nullptr;
  }
  return node;
}

LineCol line_col_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<std::uint32_t>(offset - line_start + 1)};
}

}  // namespace carport::apidef::detail
