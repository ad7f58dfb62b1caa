// JSON (RapidJSON SAX) and YAML (libyaml events) loaders building one positioned node tree.
//
// Both loaders feed a TreeBuilder: an explicit stack of open collections plus two scratch vectors
// (members, items) shared by every level, so a finished collection gets its children moved into
// one exactly-sized vector and nothing recurses with the input's depth. Every limit (bytes, depth,
// nodes, alias expansion) is checked while parsing; nothing throws past the public functions.
#include "pipeline/document.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <limits>
#include <new>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <yaml.h>

namespace carport::doc {

const char* kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::null: return "null";
    case NodeKind::boolean: return "boolean";
    case NodeKind::integer: return "integer";
    case NodeKind::number: return "number";
    case NodeKind::string: return "string";
    case NodeKind::sequence: return "array";
    case NodeKind::mapping: return "object";
  }
  return "null";
}

const Member* Node::find_member(std::string_view key) const {
  for (const Member& member : members)
    if (member.key == key) return &member;
  return nullptr;
}

const Node* Node::find(std::string_view key) const {
  const Member* member = find_member(key);
  return member != nullptr ? member->value : nullptr;
}

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view strip_bom(std::string_view bytes) {
  if (bytes.substr(0, kBom.size()) == kBom) bytes.remove_prefix(kBom.size());
  return bytes;
}

std::uint32_t clamp32(std::uint64_t value) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(value, std::numeric_limits<std::uint32_t>::max()));
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max() : a + b;
}

struct Position {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

LoadResult failure(LoadError error) { return LoadResult{nullptr, std::move(error)}; }

LoadResult out_of_memory() { return failure(LoadError{0, 0, "out of memory"}); }

std::optional<LoadError> check_size(std::string_view bytes, const LoadLimits& limits, const char* prefix) {
  if (bytes.size() <= limits.max_bytes) return std::nullopt;
  return LoadError{0, 0,
                   std::string(prefix) + "input is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                       std::to_string(limits.max_bytes) + " bytes"};
}

/// Byte offset -> 1-based line:column (column in bytes, lines end at '\n'). Cheap for increasing
/// offsets (each byte is searched once overall); a smaller offset restarts from the top.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) { next_break_ = find_break(0); }

  Position at(std::size_t offset) {
    if (offset < line_start_) {
      line_ = 1;
      line_start_ = 0;
      next_break_ = find_break(0);
    }
    while (next_break_ < offset) {
      ++line_;
      line_start_ = next_break_ + 1;
      next_break_ = find_break(line_start_);
    }
    return {clamp32(line_), clamp32(offset - line_start_ + 1)};
  }

 private:
  [[nodiscard]] std::size_t find_break(std::size_t from) const {
    if (from >= text_.size()) return std::numeric_limits<std::size_t>::max();
    const void* hit = std::memchr(text_.data() + from, '\n', text_.size() - from);
    return hit == nullptr ? std::numeric_limits<std::size_t>::max()
                          : static_cast<std::size_t>(static_cast<const char*>(hit) - text_.data());
  }

  std::string_view text_;
  std::uint64_t line_ = 1;
  std::size_t line_start_ = 0;
  std::size_t next_break_ = 0;
};

/// Builds the tree bottom-up with an explicit stack; also enforces depth and node-count limits and
/// tracks the expanded size (nodes reachable, shared subtrees counted once per use) of each value.
class TreeBuilder {
 public:
  TreeBuilder(Document& document, const LoadLimits& limits, const char* prefix)
      : document_(document), limits_(limits), prefix_(prefix) {
    frames_.reserve(std::min<std::size_t>(limits.max_depth, 64));
    members_.reserve(256);
    items_.reserve(256);
  }

  [[nodiscard]] bool failed() const { return error_.has_value(); }
  [[nodiscard]] const std::optional<LoadError>& error() const { return error_; }

  /// Records the first error; always returns false so callers can `return fail(...)`.
  bool fail(Position at, const std::string& message) {
    if (!error_) error_ = LoadError{at.line, at.column, prefix_ + message};
    return false;
  }

  /// A new node, or nullptr when the node limit is reached (the error is recorded).
  Node* make(NodeKind kind, Position at) {
    if (document_.node_count() >= limits_.max_nodes) {
      fail(at, "document has more than " + std::to_string(limits_.max_nodes) + " nodes");
      return nullptr;
    }
    Node& node = document_.add_node();
    node.kind = kind;
    node.line = at.line;
    node.column = at.column;
    return &node;
  }

  /// Opens a sequence or mapping (a child of the innermost open collection, or the root).
  bool open(NodeKind kind, Position at, std::string anchor = {}) {
    if (frames_.size() >= limits_.max_depth)
      return fail(at, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    Node* node = make(kind, at);
    if (node == nullptr) return false;
    const std::size_t begin = kind == NodeKind::mapping ? members_.size() : items_.size();
    frames_.push_back(Frame{node, begin, 1, true, std::move(anchor)});
    return true;
  }

  [[nodiscard]] bool expecting_key() const {
    return !frames_.empty() && frames_.back().node->kind == NodeKind::mapping && frames_.back().expect_key;
  }

  /// The next key of the innermost mapping; its value follows through value().
  void key(std::string text, Position at) {
    members_.push_back(Member{std::move(text), at.line, at.column, nullptr});
    frames_.back().expect_key = false;
  }

  /// A finished value: the pending member's value, the next sequence item, or the root.
  void value(const Node* node, std::uint64_t expanded) {
    if (frames_.empty()) {
      if (document_.root() == nullptr) document_.set_root(node);
      return;
    }
    Frame& frame = frames_.back();
    frame.expanded = saturating_add(frame.expanded, expanded);
    if (frame.node->kind == NodeKind::mapping) {
      members_.back().value = node;
      frame.expect_key = true;
    } else {
      items_.push_back(node);
    }
  }

  struct Closed {
    const Node* node;
    std::uint64_t expanded;
    std::string anchor;
  };

  /// Closes the innermost collection, moving its children out of the scratch vectors.
  Closed close() {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (frame.node->kind == NodeKind::mapping) {
      const auto first = members_.begin() + static_cast<std::ptrdiff_t>(frame.begin);
      frame.node->members.assign(std::make_move_iterator(first), std::make_move_iterator(members_.end()));
      members_.erase(first, members_.end());
    } else {
      const auto first = items_.begin() + static_cast<std::ptrdiff_t>(frame.begin);
      frame.node->items.assign(first, items_.end());
      items_.erase(first, items_.end());
    }
    return Closed{frame.node, frame.expanded, std::move(frame.anchor)};
  }

  [[nodiscard]] std::size_t depth() const { return frames_.size(); }

 private:
  struct Frame {
    Node* node;
    std::size_t begin;            ///< first scratch index of this collection's children
    std::uint64_t expanded;       ///< 1 + expanded sizes of the children so far
    bool expect_key;              ///< mappings: the next scalar is a key
    std::string anchor;           ///< YAML: registered when the collection is complete
  };

  Document& document_;
  const LoadLimits& limits_;
  std::string prefix_;
  std::vector<Frame> frames_;
  std::vector<Member> members_;
  std::vector<const Node*> items_;
  std::optional<LoadError> error_;
};

// ---------------------------------------------------------------------------------------------
// JSON

/// RapidJSON input stream over a string_view (not NUL-terminated; Peek() gives '\0' at the end).
class JsonStream {
 public:
  using Ch = char;
  explicit JsonStream(std::string_view text) : begin_(text.data()), cur_(text.data()), end_(text.data() + text.size()) {}

  [[nodiscard]] Ch Peek() const { return cur_ != end_ ? *cur_ : '\0'; }
  Ch Take() { return cur_ != end_ ? *cur_++ : '\0'; }
  [[nodiscard]] std::size_t Tell() const { return static_cast<std::size_t>(cur_ - begin_); }

  // Only used by in-situ parsing, which this loader does not do.
  Ch* PutBegin() { RAPIDJSON_ASSERT(false); return nullptr; }
  void Put(Ch) { RAPIDJSON_ASSERT(false); }
  void Flush() { RAPIDJSON_ASSERT(false); }
  std::size_t PutEnd(Ch*) { RAPIDJSON_ASSERT(false); return 0; }

 private:
  const char* begin_;
  const char* cur_;
  const char* end_;
};

/// SAX handler. A token's start is found by skipping, from the end of the previous token, the
/// whitespace and the single ',' or ':' that may separate two tokens. Scalar and key callbacks
/// fire right after their token was consumed (Tell() is its end); the iterative parser calls
/// Start/End callbacks before taking the bracket, so a bracket's end is its start + 1.
class JsonHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, JsonHandler> {
 public:
  JsonHandler(std::string_view text, const JsonStream& stream, TreeBuilder& builder)
      : text_(text), stream_(stream), builder_(builder), lines_(text) {}

  bool Null() { return scalar(NodeKind::null, "null"); }
  bool Bool(bool b) { return scalar(NodeKind::boolean, b ? "true" : "false"); }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    const std::string_view literal(str, length);
    const bool fractional = literal.find_first_of(".eE") != std::string_view::npos;
    return scalar(fractional ? NodeKind::number : NodeKind::integer, literal);
  }
  bool String(const char* str, rapidjson::SizeType length, bool) {
    return scalar(NodeKind::string, std::string_view(str, length));
  }
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    builder_.key(std::string(str, length), token_start());
    prev_end_ = stream_.Tell();
    return true;
  }
  bool StartObject() { return open(NodeKind::mapping); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(NodeKind::sequence); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  Position position(std::size_t offset) { return lines_.at(offset); }

 private:
  /// From the end of the previous token, the offset of the next one.
  [[nodiscard]] std::size_t skip_separators(std::size_t at) const {
    while (at < text_.size()) {
      const char c = text_[at];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != ',' && c != ':') break;
      ++at;
    }
    return at;
  }

  Position token_start() { return lines_.at(skip_separators(prev_end_)); }

  bool scalar(NodeKind kind, std::string_view text) {
    Node* node = builder_.make(kind, token_start());
    if (node == nullptr) return false;
    node->text.assign(text.data(), text.size());
    builder_.value(node, 1);
    prev_end_ = stream_.Tell();
    return true;
  }

  bool open(NodeKind kind) {
    const std::size_t at = skip_separators(prev_end_);
    if (!builder_.open(kind, lines_.at(at))) return false;
    prev_end_ = at + 1;
    return true;
  }

  bool close() {
    TreeBuilder::Closed closed = builder_.close();
    builder_.value(closed.node, closed.expanded);
    prev_end_ = skip_separators(prev_end_) + 1;
    return true;
  }

  std::string_view text_;
  const JsonStream& stream_;
  TreeBuilder& builder_;
  LineIndex lines_;
  std::size_t prev_end_ = 0;
};

LoadResult load_json_impl(std::string_view bytes, const LoadLimits& limits) {
  if (auto error = check_size(bytes, limits, "JSON: ")) return failure(std::move(*error));
  const std::string_view text = strip_bom(bytes);

  auto document = std::make_unique<Document>();
  TreeBuilder builder(*document, limits, "JSON: ");
  JsonStream stream(text);
  JsonHandler handler(text, stream, builder);
  rapidjson::Reader reader;
  // Iterative: no recursion at all inside RapidJSON, whatever max_depth is.
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag;
  const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, handler);

  if (builder.failed()) return failure(*builder.error());
  if (result.IsError()) {
    const Position at = handler.position(result.Offset());
    return failure(LoadError{at.line, at.column, std::string("JSON: ") + rapidjson::GetParseError_En(result.Code())});
  }
  if (stream.Tell() != text.size()) {
    // RapidJSON stops at a NUL byte as if it were the end of the input.
    const Position at = handler.position(stream.Tell());
    return failure(LoadError{at.line, at.column,
                             std::string("JSON: ") + rapidjson::GetParseError_En(rapidjson::kParseErrorDocumentRootNotSingular)});
  }
  return LoadResult{std::move(document), std::nullopt};
}

// ---------------------------------------------------------------------------------------------
// YAML

/// libyaml marks count characters (code points; CRLF counts two, a line break resets the column);
/// nodes carry byte columns. Walks a cursor through the UTF-8 text, forwards in the common case.
class MarkMapper {
 public:
  explicit MarkMapper(std::string_view text) : text_(text) {}

  Position map(const yaml_mark_t& mark) {
    seek(mark.index);
    if (!line_known_ || mark.line != line_) {
      std::size_t start = offset_;
      for (std::size_t left = mark.column; left > 0 && start > 0; --left) start = previous(start);
      line_ = mark.line;
      line_start_ = start;
      line_known_ = true;
    }
    return {clamp32(std::uint64_t{mark.line} + 1), clamp32(offset_ - std::min(line_start_, offset_) + 1)};
  }

 private:
  [[nodiscard]] bool continuation(std::size_t at) const {
    return (static_cast<unsigned char>(text_[at]) & 0xC0U) == 0x80U;
  }
  [[nodiscard]] std::size_t previous(std::size_t at) const {
    --at;
    while (at > 0 && continuation(at)) --at;
    return at;
  }

  void seek(std::size_t index) {
    while (index_ < index && offset_ < text_.size()) {
      ++offset_;
      while (offset_ < text_.size() && continuation(offset_)) ++offset_;
      ++index_;
    }
    while (index_ > index && offset_ > 0) {
      offset_ = previous(offset_);
      --index_;
    }
  }

  std::string_view text_;
  std::size_t index_ = 0;   ///< character index of offset_
  std::size_t offset_ = 0;  ///< byte offset
  bool line_known_ = false;
  std::size_t line_ = 0;        ///< libyaml's 0-based line of line_start_
  std::size_t line_start_ = 0;  ///< byte offset where that line starts
};

class YamlParser {
 public:
  YamlParser() { ok_ = yaml_parser_initialize(&parser_) != 0; }
  ~YamlParser() {
    if (ok_) yaml_parser_delete(&parser_);
  }
  YamlParser(const YamlParser&) = delete;
  YamlParser& operator=(const YamlParser&) = delete;
  [[nodiscard]] bool ok() const { return ok_; }
  yaml_parser_t* get() { return &parser_; }

 private:
  yaml_parser_t parser_{};
  bool ok_ = false;
};

class YamlEvent {
 public:
  YamlEvent() = default;
  ~YamlEvent() {
    if (live_) yaml_event_delete(&event_);
  }
  YamlEvent(const YamlEvent&) = delete;
  YamlEvent& operator=(const YamlEvent&) = delete;
  bool parse(yaml_parser_t* parser) {
    live_ = yaml_parser_parse(parser, &event_) != 0;
    return live_;
  }
  [[nodiscard]] const yaml_event_t& get() const { return event_; }

 private:
  yaml_event_t event_{};
  bool live_ = false;
};

std::string_view as_view(const yaml_char_t* text) {
  return text == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(text));
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool is_dec(char c) { return c >= '0' && c <= '9'; }
bool is_oct(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/// YAML 1.2 core schema: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
bool is_core_int(std::string_view s) {
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o') return all_of(s.substr(2), is_oct);
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') return all_of(s.substr(2), is_hex);
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return all_of(s, is_dec);
}

/// YAML 1.2 core schema: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
bool is_core_float(std::string_view s) {
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s == ".inf" || s == ".Inf" || s == ".INF") return true;
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < s.size() && is_dec(s[i])) ++i;
    return i - from;
  };
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

/// The type of a plain (unquoted, untagged) scalar under the YAML 1.2 core schema. YAML 1.1's
/// yes/no/on/off/y/n, sexagesimals and `0777` octals are deliberately strings/decimal here.
NodeKind resolve_plain(std::string_view s) {
  if (s.empty()) return NodeKind::null;
  switch (s[0]) {
    case '~': return s.size() == 1 ? NodeKind::null : NodeKind::string;
    case 'n': case 'N': return s == "null" || s == "Null" || s == "NULL" ? NodeKind::null : NodeKind::string;
    case 't': case 'T': return s == "true" || s == "True" || s == "TRUE" ? NodeKind::boolean : NodeKind::string;
    case 'f': case 'F': return s == "false" || s == "False" || s == "FALSE" ? NodeKind::boolean : NodeKind::string;
    case '-': case '+': case '.': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (is_core_int(s)) return NodeKind::integer;
      if (is_core_float(s)) return NodeKind::number;
      return NodeKind::string;
    default: return NodeKind::string;
  }
}

/// Event-driven YAML loading. Notes on semantics:
/// - only one document: a second `---` is an error rather than silently ignored;
/// - mapping keys are stored as their scalar text (`200:` -> "200"); collection keys are errors;
/// - aliases share the anchored node (a DAG); each alias use adds the anchored subtree's expanded
///   size to a running total bounded by max_alias_nodes;
/// - merge keys (`<<: *base`) are NOT expanded: they stay ordinary members named "<<", in
///   document order, like any duplicate key.
class YamlLoader {
 public:
  YamlLoader(std::string_view text, Document& document, const LoadLimits& limits)
      : text_(text), limits_(limits), builder_(document, limits, "YAML: "), marks_(text) {}

  /// Consumes the whole stream; false on error (see error()).
  bool run(yaml_parser_t* parser) {
    for (;;) {
      YamlEvent event;
      if (!event.parse(parser)) return parser_error(*parser);
      const yaml_event_t& e = event.get();
      if (!handle(e)) return false;
      if (e.type == YAML_STREAM_END_EVENT) return true;
    }
  }

  [[nodiscard]] LoadError error() const {
    return builder_.error() ? *builder_.error() : LoadError{0, 0, "YAML: unknown error"};
  }

 private:
  struct Anchor {
    const Node* node;
    std::uint64_t expanded;
  };

  bool handle(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_NO_EVENT:
      case YAML_STREAM_START_EVENT:
      case YAML_STREAM_END_EVENT:
      case YAML_DOCUMENT_END_EVENT:
        return true;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents_ > 1) return builder_.fail(marks_.map(e.start_mark), "more than one document");
        return true;
      case YAML_ALIAS_EVENT:
        return alias(e);
      case YAML_SCALAR_EVENT:
        return scalar(e);
      case YAML_SEQUENCE_START_EVENT:
        return open(e, NodeKind::sequence, e.data.sequence_start.anchor);
      case YAML_MAPPING_START_EVENT:
        return open(e, NodeKind::mapping, e.data.mapping_start.anchor);
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        TreeBuilder::Closed closed = builder_.close();
        if (!closed.anchor.empty()) anchors_[std::move(closed.anchor)] = Anchor{closed.node, closed.expanded};
        builder_.value(closed.node, closed.expanded);
        return true;
      }
    }
    return true;
  }

  bool open(const yaml_event_t& e, NodeKind kind, const yaml_char_t* anchor) {
    const Position at = marks_.map(e.start_mark);
    if (builder_.expecting_key()) return builder_.fail(at, "mapping keys must be scalars");
    return builder_.open(kind, at, std::string(as_view(anchor)));
  }

  bool scalar(const yaml_event_t& e) {
    const Position at = marks_.map(e.start_mark);
    const auto& data = e.data.scalar;
    const std::string_view text(reinterpret_cast<const char*>(data.value), data.length);
    const std::string_view tag = as_view(data.tag);
    // `!!str` and the non-specific `!` make a plain scalar a string; other tags are ignored.
    const bool plain = data.style == YAML_PLAIN_SCALAR_STYLE && tag != "tag:yaml.org,2002:str" && tag != "!";
    const NodeKind kind = plain ? resolve_plain(text) : NodeKind::string;
    const std::string_view anchor = as_view(data.anchor);

    if (builder_.expecting_key()) {
      if (!anchor.empty()) {  // an anchored key can be aliased later: give it a node
        Node* node = builder_.make(kind, at);
        if (node == nullptr) return false;
        node->text.assign(text.data(), text.size());
        anchors_[std::string(anchor)] = Anchor{node, 1};
      }
      builder_.key(std::string(text), at);
      return true;
    }
    Node* node = builder_.make(kind, at);
    if (node == nullptr) return false;
    node->text.assign(text.data(), text.size());
    if (!anchor.empty()) anchors_[std::string(anchor)] = Anchor{node, 1};
    builder_.value(node, 1);
    return true;
  }

  bool alias(const yaml_event_t& e) {
    const Position at = marks_.map(e.start_mark);
    const std::string name(as_view(e.data.alias.anchor));
    // Anchors are registered when their node is complete, so an alias inside its own anchored
    // collection is unknown too: the tree is a DAG, never a cycle.
    const auto found = anchors_.find(name);
    if (found == anchors_.end()) return builder_.fail(at, "unknown alias *" + name);
    const Anchor anchor = found->second;
    alias_nodes_ = saturating_add(alias_nodes_, anchor.expanded);
    if (alias_nodes_ > limits_.max_alias_nodes)
      return builder_.fail(at, "alias expansion exceeds " + std::to_string(limits_.max_alias_nodes) +
                                   " nodes (alias bomb?)");
    if (builder_.expecting_key()) {
      if (!anchor.node->is_scalar()) return builder_.fail(at, "mapping keys must be scalars");
      builder_.key(anchor.node->text, at);
      return true;
    }
    builder_.value(anchor.node, anchor.expanded);
    return true;
  }

  bool parser_error(const yaml_parser_t& parser) {
    if (parser.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
    std::string message = parser.problem != nullptr ? parser.problem : "unknown error";
    Position at;
    if (parser.error == YAML_READER_ERROR) {
      // Reader errors (bad UTF-8, control characters) carry a byte offset instead of a mark.
      at = LineIndex(text_).at(std::min(parser.problem_offset, text_.size()));
    } else {
      if (parser.context != nullptr) {
        const Position context_at = marks_.map(parser.context_mark);
        message += " (" + std::string(parser.context) + " at line " + std::to_string(context_at.line) + ", column " +
                   std::to_string(context_at.column) + ")";
      }
      at = marks_.map(parser.problem_mark);
    }
    return builder_.fail(at, message);
  }

  std::string_view text_;
  const LoadLimits& limits_;
  TreeBuilder builder_;
  MarkMapper marks_;
  std::unordered_map<std::string, Anchor> anchors_;
  std::uint64_t alias_nodes_ = 0;
  int documents_ = 0;
};

LoadResult load_yaml_impl(std::string_view bytes, const LoadLimits& limits) {
  if (auto error = check_size(bytes, limits, "YAML: ")) return failure(std::move(*error));
  const std::string_view text = strip_bom(bytes);

  YamlParser parser;
  if (!parser.ok()) return out_of_memory();
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
  yaml_parser_set_encoding(parser.get(), YAML_UTF8_ENCODING);

  auto document = std::make_unique<Document>();
  YamlLoader loader(text, *document, limits);
  if (!loader.run(parser.get())) return failure(loader.error());
  if (document->root() == nullptr) {
    // An empty stream (nothing but blanks and comments) is one null document.
    Node& null_node = document->add_node();
    null_node.line = 1;
    null_node.column = 1;
    document->set_root(&null_node);
  }
  return LoadResult{std::move(document), std::nullopt};
}

/// The API boundary: allocation failures become a LoadError ("out of memory" fits in the small
/// string buffer, so building that result does not allocate).
template <typename Load>
LoadResult guarded(Load&& load) noexcept {
  try {
    return load();
  } catch (const std::bad_alloc&) {
  } catch (const std::length_error&) {
  }
  return out_of_memory();
}

}  // namespace

LoadResult load_json(std::string_view bytes, const LoadLimits& limits) {
  return guarded([&] { return load_json_impl(bytes, limits); });
}

LoadResult load_yaml(std::string_view bytes, const LoadLimits& limits) {
  return guarded([&] { return load_yaml_impl(bytes, limits); });
}

Syntax sniff_syntax(std::string_view bytes) {
  for (const char c : strip_bom(bytes)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[' ? Syntax::json : Syntax::yaml;
  }
  return Syntax::yaml;
}

LoadResult load_document(std::string_view bytes, const LoadLimits& limits) {
  // Like WSO2 (OASParserUtil): text that starts with '{' is JSON and nothing else, so a broken
  // JSON file is reported as broken JSON even where YAML flow style would have accepted it.
  return sniff_syntax(bytes) == Syntax::json ? load_json(bytes, limits) : load_yaml(bytes, limits);
}

}  // namespace carport::doc
