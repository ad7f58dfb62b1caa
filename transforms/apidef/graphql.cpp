// GraphQL SDL check.
//
// WSO2 validates GraphQL schemas with graphql-java (parse, build a non-executable schema, validate).
// There is no GraphQL C++ library in Debian (libgraphqlparser is not packaged), so this is a small
// lexer plus a recursive-descent parser of the type-system part of the GraphQL grammar (names,
// punctuators, strings incl. block strings, comments, numbers; schema/type/interface/union/enum/
// input/scalar/directive/extend definitions), followed by the schema-building checks that make
// graphql-java fail: unknown type references, redefined types, undeclared directives, no query root.
// The first syntax error is reported with its line:column ("graphql-syntax"); an empty document is
// "graphql-empty"; schema problems are "graphql-schema".
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "transforms/apidef/internal.hpp"

namespace carport::apidef {
namespace {

enum class Tok : std::uint8_t { name, punct, string, number, end };

struct Token {
  Tok kind = Tok::end;
  std::string_view text;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct SyntaxError {
  std::uint32_t line;
  std::uint32_t column;
  std::string message;
};

constexpr std::size_t kMaxNesting = 300;

bool name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }
bool digit(char c) { return c >= '0' && c <= '9'; }

/// Splits the source into tokens, dropping ignored tokens (whitespace, commas, comments, BOM).
class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {
    if (detail::starts_with(src_, "\xEF\xBB\xBF")) advance(3);
  }

  std::optional<SyntaxError> run(std::vector<Token>& out) {
    for (;;) {
      skip_ignored();
      if (pos_ >= src_.size()) break;
      Token token{Tok::end, {}, line_, column()};
      const std::size_t start = pos_;
      const char c = src_[pos_];
      std::optional<SyntaxError> error;
      if (name_start(c)) {
        while (pos_ < src_.size() && name_char(src_[pos_])) advance(1);
        token.kind = Tok::name;
      } else if (c == '-' || digit(c)) {
        error = number();
        token.kind = Tok::number;
      } else if (c == '"') {
        error = detail::starts_with(src_.substr(pos_), "\"\"\"") ? block_string() : string();
        token.kind = Tok::string;
      } else if (detail::starts_with(src_.substr(pos_), "...")) {
        advance(3);
        token.kind = Tok::punct;
      } else if (std::string_view("!$&():=@[]{|}").find(c) != std::string_view::npos) {
        advance(1);
        token.kind = Tok::punct;
      } else {
        return SyntaxError{token.line, token.column, "Unexpected character " + describe(c)};
      }
      if (error) return error;
      token.text = src_.substr(start, pos_ - start);
      out.push_back(token);
    }
    out.push_back(Token{Tok::end, {}, line_, column()});
    return std::nullopt;
  }

 private:
  static std::string describe(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) return std::string("'") + c + "'";
    static constexpr char kHex[] = "0123456789ABCDEF";
    return std::string("0x") + kHex[byte >> 4] + kHex[byte & 0xF];
  }

  [[nodiscard]] std::uint32_t column() const { return static_cast<std::uint32_t>(pos_ - line_start_ + 1); }

  void advance(std::size_t count) {
    for (std::size_t i = 0; i < count && pos_ < src_.size(); ++i) {
      const char c = src_[pos_++];
      if (c == '\n' || (c == '\r' && (pos_ >= src_.size() || src_[pos_] != '\n'))) {
        ++line_;
        line_start_ = pos_;
      }
    }
  }

  void skip_ignored() {
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r') {
        advance(1);
      } else if (c == '#') {
        while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') advance(1);
      } else {
        return;
      }
    }
  }

  std::optional<SyntaxError> number() {
    const std::uint32_t line = line_;
    const std::uint32_t col = column();
    if (src_[pos_] == '-') advance(1);
    const auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < src_.size() && digit(src_[pos_])) advance(1);
      return pos_ - from;
    };
    const std::size_t int_start = pos_;
    if (digits() == 0) return SyntaxError{line, col, "Invalid number: expected a digit"};
    if (pos_ - int_start > 1 && src_[int_start] == '0') return SyntaxError{line, col, "Invalid number: unexpected leading 0"};
    if (pos_ < src_.size() && src_[pos_] == '.') {
      advance(1);
      if (digits() == 0) return SyntaxError{line, col, "Invalid number: expected a digit after '.'"};
    }
    if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
      advance(1);
      if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) advance(1);
      if (digits() == 0) return SyntaxError{line, col, "Invalid number: expected a digit in the exponent"};
    }
    if (pos_ < src_.size() && (name_start(src_[pos_]) || src_[pos_] == '.'))
      return SyntaxError{line_, column(), "Invalid number: unexpected " + describe(src_[pos_])};
    return std::nullopt;
  }

  std::optional<SyntaxError> string() {
    const std::uint32_t line = line_;
    const std::uint32_t col = column();
    advance(1);
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (c == '"') {
        advance(1);
        return std::nullopt;
      }
      if (c == '\n' || c == '\r') break;
      if (c == '\\') {
        advance(1);
        if (pos_ >= src_.size()) break;
        const char e = src_[pos_];
        if (e == 'u') {
          advance(1);
          for (int i = 0; i < 4; ++i) {
            if (pos_ >= src_.size() || std::string_view("0123456789abcdefABCDEF").find(src_[pos_]) == std::string_view::npos)
              return SyntaxError{line_, column(), "Invalid unicode escape sequence in string"};
            advance(1);
          }
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos)
          return SyntaxError{line_, column(), "Invalid escape sequence \\" + std::string(1, e) + " in string"};
      }
      advance(1);
    }
    return SyntaxError{line, col, "Unterminated string"};
  }

  std::optional<SyntaxError> block_string() {
    const std::uint32_t line = line_;
    const std::uint32_t col = column();
    advance(3);
    while (pos_ < src_.size()) {
      const std::string_view rest = src_.substr(pos_);
      if (detail::starts_with(rest, "\\\"\"\"")) {
        advance(4);
      } else if (detail::starts_with(rest, "\"\"\"")) {
        advance(3);
        return std::nullopt;
      } else {
        advance(1);
      }
    }
    return SyntaxError{line, col, "Unterminated block string"};
  }

  std::string_view src_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::size_t line_start_ = 0;
};

/// A named type used somewhere, for the reference check.
struct TypeUse {
  std::string_view name;
  std::string_view owner;  ///< the definition using it
  const Token* at;
};

/// What the schema defines and uses, collected while parsing.
struct Schema {
  std::map<std::string_view, const Token*> types;       ///< type/interface/union/enum/input/scalar names
  std::vector<TypeUse> uses;                            ///< named type references
  std::vector<TypeUse> extensions;                      ///< `extend type X`: X must exist
  std::set<std::string_view> directives;                ///< declared directive names
  std::vector<TypeUse> directive_uses;                  ///< @name uses
  std::vector<std::pair<std::string_view, const Token*>> redefined;
  std::vector<std::pair<std::string_view, const Token*>> fieldless;  ///< type/interface/input without a body
  std::set<std::string_view> with_fields;                             ///< ... or with one (maybe by extension)
  bool has_schema = false;
  const Token* query_root = nullptr;                    ///< schema { query: X }
};

bool definition_keyword(std::string_view word) {
  return word == "schema" || word == "type" || word == "interface" || word == "union" || word == "enum" ||
         word == "input" || word == "scalar" || word == "directive" || word == "extend";
}

/// Recursive descent over the type-system grammar; throws nothing, stops at the first error.
class Parser {
 public:
  Parser(const std::vector<Token>& tokens, Schema& schema) : toks_(tokens), schema_(schema) {}

  std::optional<SyntaxError> run() {
    while (peek().kind != Tok::end && !error_) definition();
    return error_;
  }

 private:
  const Token& peek(std::size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
  const Token& take() {
    const Token& token = peek();
    if (pos_ < toks_.size() - 1) ++pos_;
    return token;
  }
  bool at(std::string_view text) const { return peek().kind != Tok::string && peek().text == text; }
  bool at_name() const { return peek().kind == Tok::name; }

  void fail(std::string expected) {
    if (error_) return;
    const Token& token = peek();
    const std::string found = token.kind == Tok::end ? "end of document" : "'" + std::string(token.text) + "'";
    error_ = SyntaxError{token.line, token.column, "Invalid syntax: expected " + expected + ", found " + found};
  }
  bool expect(std::string_view text) {
    if (error_) return false;
    if (at(text)) {
      take();
      return true;
    }
    fail("'" + std::string(text) + "'");
    return false;
  }
  const Token* expect_name(std::string_view what = "a name") {
    if (error_) return nullptr;
    if (at_name()) return &take();
    fail(std::string(what));
    return nullptr;
  }
  void description() {
    if (peek().kind == Tok::string) take();
  }

  void definition() {
    description();
    const Token& keyword = peek();
    if (!at_name()) return fail("a definition (schema, type, interface, union, enum, input, scalar, directive, extend)");
    if (keyword.text == "extend") {
      take();
      if (!at_name()) return fail("a type system extension");
      return type_system(true);
    }
    if (keyword.text == "query" || keyword.text == "mutation" || keyword.text == "subscription" ||
        keyword.text == "fragment")
      return fail("a type system definition (executable definitions are not allowed in a schema)");
    type_system(false);
  }

  void type_system(bool extension) {
    const std::string_view keyword = take().text;
    if (keyword == "schema") return schema_definition();
    if (keyword == "directive" && !extension) return directive_definition();
    if (keyword != "scalar" && keyword != "type" && keyword != "interface" && keyword != "union" &&
        keyword != "enum" && keyword != "input") {
      --pos_;  // report at the keyword
      return fail("schema, type, interface, union, enum, input, scalar or directive");
    }
    const Token* name = expect_name("a type name");
    if (name == nullptr) return;
    declare(*name, extension);
    if (keyword == "type" || keyword == "interface") implements(name->text);
    directives(name->text);
    if (keyword == "type" || keyword == "interface" || keyword == "input") {
      if (at("{")) {
        fields(name->text, keyword == "input");
        schema_.with_fields.insert(name->text);
      } else if (!extension) {
        schema_.fieldless.emplace_back(name->text, name);
      }
    } else if (keyword == "enum") {
      if (at("{")) enum_values(name->text);
    } else if (keyword == "union") {
      if (at("=")) union_members(name->text);
    }
  }

  void declare(const Token& name, bool extension) {
    if (extension) {
      schema_.extensions.push_back({name.text, name.text, &name});
    } else if (!schema_.types.emplace(name.text, &name).second) {
      schema_.redefined.emplace_back(name.text, &name);
    }
  }

  void schema_definition() {
    schema_.has_schema = true;
    directives("schema");
    if (!at("{")) return;  // `extend schema @d` has no body
    take();
    do {
      const Token* operation = expect_name("query, mutation or subscription");
      if (operation == nullptr) return;
      if (operation->text != "query" && operation->text != "mutation" && operation->text != "subscription") {
        --pos_;
        return fail("query, mutation or subscription");
      }
      if (!expect(":")) return;
      const Token* type = expect_name("a type name");
      if (type == nullptr) return;
      schema_.uses.push_back({type->text, "schema", type});
      if (operation->text == "query") schema_.query_root = type;
    } while (!at("}") && !error_);
    expect("}");
  }

  void directive_definition() {
    if (!expect("@")) return;
    const Token* name = expect_name("a directive name");
    if (name == nullptr) return;
    schema_.directives.insert(name->text);
    if (at("(")) arguments_definition(name->text);
    if (at("repeatable")) take();
    if (!at("on")) return fail("'on'");
    take();
    if (at("|")) take();
    for (;;) {
      if (expect_name("a directive location") == nullptr || !at("|")) return;
      take();
    }
  }

  void implements(std::string_view owner) {
    if (!at("implements")) return;
    take();
    if (at("&")) take();
    for (;;) {
      const Token* type = expect_name("an interface name");
      if (type == nullptr) return;
      schema_.uses.push_back({type->text, owner, type});
      if (at("&")) {
        take();
      } else if (!at_name() || definition_keyword(peek().text)) {
        return;  // else the legacy form `implements A, B` (commas are ignored tokens)
      }
    }
  }

  void fields(std::string_view owner, bool input) {
    take();  // {
    if (at("}")) return fail("a field definition");
    while (!at("}") && !error_) {
      if (peek().kind == Tok::end) return fail("'}'");
      description();
      const Token* name = expect_name("a field name");
      if (name == nullptr) return;
      if (!input && at("(")) arguments_definition(owner);
      if (!expect(":")) return;
      type_reference(owner, 0);
      if (input && at("=")) {
        take();
        value(0);
      }
      directives(owner);
    }
    expect("}");
  }

  void arguments_definition(std::string_view owner) {
    take();  // (
    if (at(")")) return fail("an argument definition");
    while (!at(")") && !error_) {
      if (peek().kind == Tok::end) return fail("')'");
      description();
      if (expect_name("an argument name") == nullptr) return;
      if (!expect(":")) return;
      type_reference(owner, 0);
      if (at("=")) {
        take();
        value(0);
      }
      directives(owner);
    }
    expect(")");
  }

  void type_reference(std::string_view owner, std::size_t depth) {
    if (error_) return;
    if (depth > kMaxNesting) return fail("a shallower type");
    if (at("[")) {
      take();
      type_reference(owner, depth + 1);
      expect("]");
    } else {
      const Token* type = expect_name("a type");
      if (type == nullptr) return;
      schema_.uses.push_back({type->text, owner, type});
    }
    if (at("!")) take();
  }

  void value(std::size_t depth) {
    if (error_) return;
    if (depth > kMaxNesting) return fail("a shallower value");
    const Token& token = peek();
    if (token.kind == Tok::number || token.kind == Tok::string || token.kind == Tok::name) {
      take();
    } else if (at("[")) {
      take();
      while (!at("]") && !error_) {
        if (peek().kind == Tok::end) return fail("']'");
        value(depth + 1);
      }
      expect("]");
    } else if (at("{")) {
      take();
      while (!at("}") && !error_) {
        if (expect_name("an object field name") == nullptr) return;
        if (!expect(":")) return;
        value(depth + 1);
      }
      expect("}");
    } else {
      fail("a value");
    }
  }

  void directives(std::string_view owner) {
    while (at("@") && !error_) {
      take();
      const Token* name = expect_name("a directive name");
      if (name == nullptr) return;
      schema_.directive_uses.push_back({name->text, owner, name});
      if (!at("(")) continue;
      take();
      if (at(")")) return fail("an argument");
      while (!at(")") && !error_) {
        if (expect_name("an argument name") == nullptr) return;
        if (!expect(":")) return;
        value(0);
      }
      expect(")");
    }
  }

  void enum_values(std::string_view owner) {
    take();  // {
    if (at("}")) return fail("an enum value");
    while (!at("}") && !error_) {
      if (peek().kind == Tok::end) return fail("'}'");
      description();
      const Token* value_name = expect_name("an enum value");
      if (value_name == nullptr) return;
      if (value_name->text == "true" || value_name->text == "false" || value_name->text == "null") {
        --pos_;
        return fail("an enum value other than true, false or null");
      }
      directives(owner);
    }
    expect("}");
  }

  void union_members(std::string_view owner) {
    take();  // =
    if (at("|")) take();
    for (;;) {
      const Token* member = expect_name("a union member type");
      if (member == nullptr) return;
      schema_.uses.push_back({member->text, owner, member});
      if (!at("|")) return;
      take();
    }
  }

  const std::vector<Token>& toks_;
  Schema& schema_;
  std::size_t pos_ = 0;
  std::optional<SyntaxError> error_;
};

bool builtin_scalar(std::string_view name) {
  return name == "Int" || name == "Float" || name == "String" || name == "Boolean" || name == "ID";
}

bool builtin_directive(std::string_view name) {
  return name == "skip" || name == "include" || name == "deprecated" || name == "specifiedBy" || name == "oneOf";
}

void schema_checks(const Schema& schema, detail::Sink& sink) {
  const auto add = [&](const Token& at, std::string message) {
    sink.add("graphql-schema", at.line, at.column, "", std::move(message));
  };
  for (const auto& [name, at] : schema.redefined) add(*at, "tried to redefine existing '" + std::string(name) + "' type");
  for (const auto& [name, at] : schema.fieldless)
    if (schema.with_fields.count(name) == 0) add(*at, "'" + std::string(name) + "' must define one or more fields.");
  for (const TypeUse& use : schema.extensions)
    if (schema.types.count(use.name) == 0 && !builtin_scalar(use.name))
      add(*use.at, "'" + std::string(use.name) + "' extension type is missing its base underlying type");
  std::set<std::string_view> reported;
  for (const TypeUse& use : schema.uses)
    if (schema.types.count(use.name) == 0 && !builtin_scalar(use.name) && reported.insert(use.name).second)
      add(*use.at, "The type '" + std::string(use.name) + "' is not present when resolving type '" +
                       std::string(use.owner) + "'");
  for (const TypeUse& use : schema.directive_uses)
    if (schema.directives.count(use.name) == 0 && !builtin_directive(use.name))
      add(*use.at, "'" + std::string(use.owner) + "' tried to use an undeclared directive '" + std::string(use.name) + "'");
  if (schema.query_root == nullptr && schema.types.count("Query") == 0) {
    const Token& first = schema.types.empty() ? *schema.uses.front().at : *schema.types.begin()->second;
    add(first, "A schema MUST have a 'query' operation defined");
  }
}

}  // namespace

ValidationResult validate_graphql(std::string_view sdl) {
  ValidationResult result;
  result.kind = SpecKind::graphql;
  try {
    detail::Sink sink;
    std::vector<Token> tokens;
    Schema schema;
    if (auto error = Lexer(sdl).run(tokens)) {
      sink.add("graphql-syntax", error->line, error->column, "", error->message);
    } else if (tokens.size() == 1) {
      sink.add("graphql-empty", 1, 1, "", "the GraphQL schema is empty");
    } else if (auto syntax = Parser(tokens, schema).run()) {
      sink.add("graphql-syntax", syntax->line, syntax->column, "", syntax->message);
    } else if (!schema.types.empty() || !schema.uses.empty()) {
      schema_checks(schema, sink);
    } else {
      sink.add("graphql-schema", 1, 1, "", "A schema MUST have a 'query' operation defined");
    }
    result.findings = std::move(sink.findings());
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
      return a.line != b.line ? a.line < b.line : a.column != b.column ? a.column < b.column : a.rule < b.rule;
    });
  } catch (...) {
    result.findings.clear();
    result.findings.push_back(Finding{"internal-error", true, 0, 0, "", "GraphQL validation failed"});
  }
  return result;
}

}  // namespace carport::apidef
