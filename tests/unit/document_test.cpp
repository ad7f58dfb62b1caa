// JSON/YAML document loader: positions, typing, limits and error messages.
#include "pipeline/document.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>

namespace carport::doc {
namespace {

using namespace std::string_literals;

const Node& load_ok(const LoadResult& result) {
  if (result.error) ADD_FAILURE() << result.error->line << ":" << result.error->column << " " << result.error->message;
  EXPECT_NE(result.document, nullptr);
  EXPECT_NE(result.document->root(), nullptr);
  return *result.document->root();
}

void expect_at(const Node* node, std::uint32_t line, std::uint32_t column) {
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->line, line);
  EXPECT_EQ(node->column, column);
}

void expect_key_at(const Node& mapping, std::string_view key, std::uint32_t line, std::uint32_t column) {
  const Member* member = mapping.find_member(key);
  ASSERT_NE(member, nullptr) << key;
  EXPECT_EQ(member->key_line, line) << key;
  EXPECT_EQ(member->key_column, column) << key;
}

void expect_error(const LoadResult& result, std::uint32_t line, std::uint32_t column, const std::string& message) {
  EXPECT_EQ(result.document, nullptr);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->message, message);
  EXPECT_EQ(result.error->line, line);
  EXPECT_EQ(result.error->column, column);
}

void expect_scalar(const Node* node, NodeKind kind, std::string_view text) {
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(kind_name(node->kind), std::string(kind_name(kind))) << text;
  EXPECT_EQ(node->text, text);
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

// ---- JSON -------------------------------------------------------------------------------------

TEST(Json, PositionsOfKeysValuesAndNested) {
  const std::string text =
      "{\n"
      "  \"a\": 1,\n"
      "  \"b\": {\"c\": [true, null, \"x\"]},\n"
      "  \"d\" : -2.5e3\n"
      "}\n";
  const LoadResult result = load_json(text);
  const Node& root = load_ok(result);
  expect_at(&root, 1, 1);
  ASSERT_EQ(root.kind, NodeKind::mapping);
  ASSERT_EQ(root.members.size(), 3u);
  expect_key_at(root, "a", 2, 3);
  expect_at(root.find("a"), 2, 8);
  expect_key_at(root, "b", 3, 3);
  const Node* b = root.find("b");
  expect_at(b, 3, 8);
  expect_key_at(*b, "c", 3, 9);
  const Node* c = b->find("c");
  expect_at(c, 3, 14);
  ASSERT_EQ(c->items.size(), 3u);
  expect_at(c->items[0], 3, 15);
  expect_at(c->items[1], 3, 21);
  expect_at(c->items[2], 3, 27);
  expect_scalar(c->items[0], NodeKind::boolean, "true");
  expect_scalar(c->items[1], NodeKind::null, "null");
  expect_scalar(c->items[2], NodeKind::string, "x");
  expect_key_at(root, "d", 4, 3);
  expect_at(root.find("d"), 4, 9);
  EXPECT_EQ(result.document->node_count(), 8u);
}

TEST(Json, IntegerVersusNumberByLiteral) {
  const LoadResult result = load_json("[0, -12, 1.0, 1e5, 12345678901234567890123, -0.5E-1, 2E+2]");
  const Node& root = load_ok(result);
  ASSERT_EQ(root.items.size(), 7u);
  expect_scalar(root.items[0], NodeKind::integer, "0");
  expect_scalar(root.items[1], NodeKind::integer, "-12");
  expect_scalar(root.items[2], NodeKind::number, "1.0");
  expect_scalar(root.items[3], NodeKind::number, "1e5");
  expect_scalar(root.items[4], NodeKind::integer, "12345678901234567890123");
  expect_scalar(root.items[5], NodeKind::number, "-0.5E-1");
  expect_scalar(root.items[6], NodeKind::number, "2E+2");
  expect_at(root.items[1], 1, 5);
  expect_at(root.items[6], 1, 54);
}

TEST(Json, StringsAreDecoded) {
  const LoadResult result = load_json(R"({"k\"ey": "caf\u00e9\n\ud83d\ude00", "z": "a\u0000b"})");
  const Node& root = load_ok(result);
  ASSERT_EQ(root.members.size(), 2u);
  EXPECT_EQ(root.members[0].key, "k\"ey");
  expect_scalar(root.members[0].value, NodeKind::string, "caf\xC3\xA9\n\xF0\x9F\x98\x80");
  expect_scalar(root.find("z"), NodeKind::string, "a\0b"s);
  expect_at(root.find("z"), 1, 43);
  expect_key_at(root, "z", 1, 38);
}

TEST(Json, ScalarRoot) {
  const LoadResult result = load_json("  \"hi\"  ");
  const Node& root = load_ok(result);
  expect_scalar(&root, NodeKind::string, "hi");
  expect_at(&root, 1, 3);
}

TEST(Json, TrailingGarbageIsAnErrorWithPosition) {
  expect_error(load_json("{\"a\": 1}\n  x"), 2, 3, "JSON: The document root must not be followed by other values.");
  expect_error(load_json("[1] [2]"), 1, 5, "JSON: The document root must not be followed by other values.");
  // A NUL byte does not end the input early.
  expect_error(load_json("{}\0x"s), 1, 3, "JSON: The document root must not be followed by other values.");
}

TEST(Json, SyntaxErrorsCarryRapidJsonMessageAndPosition) {
  expect_error(load_json("{\n  \"a\" 1}"), 2, 7, "JSON: Missing a colon after a name of object member.");
  expect_error(load_json("[1,\n 2,,]"), 2, 4, "JSON: Invalid value.");
  // RapidJSON reports a broken literal where it stopped matching.
  expect_error(load_json("{\"a\": tru}"), 1, 10, "JSON: Invalid value.");
  expect_error(load_json("\"abc"), 1, 5, "JSON: Missing a closing quotation mark in string.");
  expect_error(load_json("[\"\xff\"]"), 1, 3, "JSON: Invalid encoding in string.");
  expect_error(load_json(""), 1, 1, "JSON: The document is empty.");
  expect_error(load_json(" \n "), 2, 2, "JSON: The document is empty.");
}

TEST(Json, DepthBombFailsFast) {
  const std::string bomb(100000, '[');
  const auto start = std::chrono::steady_clock::now();
  expect_error(load_json(bomb), 1, 257, "JSON: nesting deeper than 256 levels");
  EXPECT_LT(elapsed_ms(start), 1000.0);

  LoadLimits limits;
  limits.max_depth = 2;
  EXPECT_FALSE(load_json("[[1]]", limits).error.has_value());
  expect_error(load_json("[[{}]]", limits), 1, 3, "JSON: nesting deeper than 2 levels");
}

TEST(Json, NodeLimit) {
  LoadLimits limits;
  limits.max_nodes = 3;
  EXPECT_FALSE(load_json("[1, 2]", limits).error.has_value());
  expect_error(load_json("[1, 2, 3]", limits), 1, 8, "JSON: document has more than 3 nodes");
}

TEST(Json, DuplicateKeysKeptInOrder) {
  const LoadResult result = load_json(R"({"a": 1, "b": 2, "a": 3})");
  const Node& root = load_ok(result);
  ASSERT_EQ(root.members.size(), 3u);
  EXPECT_EQ(root.members[0].key, "a");
  EXPECT_EQ(root.members[1].key, "b");
  EXPECT_EQ(root.members[2].key, "a");
  EXPECT_EQ(root.find("a")->text, "1");
  EXPECT_EQ(root.members[2].value->text, "3");
  EXPECT_EQ(root.members[2].key_column, 18u);
}

TEST(Json, BomIsSkippedAndCrlfPositions) {
  const LoadResult result = load_json("\xEF\xBB\xBF{\r\n  \"a\": [\r\n    1\r\n  ]\r\n}\r\n");
  const Node& root = load_ok(result);
  expect_at(&root, 1, 1);
  expect_key_at(root, "a", 2, 3);
  const Node* a = root.find("a");
  expect_at(a, 2, 8);
  expect_at(a->items.at(0), 3, 5);
  expect_error(load_json("\xEF\xBB\xBF{]"), 1, 2, "JSON: Missing a name for object member.");
}

TEST(Json, MaxBytesRejectsWithoutParsing) {
  LoadLimits limits;
  limits.max_bytes = 8;
  EXPECT_FALSE(load_json("[1,2,3] ", limits).error.has_value());
  expect_error(load_json("[1,2,3]  ", limits), 0, 0, "JSON: input is 9 bytes, over the limit of 8 bytes");
  expect_error(load_yaml("a: b, c, d", limits), 0, 0, "YAML: input is 10 bytes, over the limit of 8 bytes");
}

// ---- YAML -------------------------------------------------------------------------------------

TEST(Yaml, BlockMappingsSequencesAndPositions) {
  const std::string text =
      "openapi: 3.0.0\n"
      "info:\n"
      "  title: Pets\n"
      "  version: \"1.0\"\n"
      "paths:\n"
      "  /pets:\n"
      "    get:\n"
      "      responses:\n"
      "        200:\n"
      "          description: ok\n"
      "tags:\n"
      "  - name: a\n"
      "  - b\n"
      "list:\n"
      "- x\n";
  const LoadResult result = load_yaml(text);
  const Node& root = load_ok(result);
  ASSERT_EQ(root.kind, NodeKind::mapping);
  expect_at(&root, 1, 1);
  ASSERT_EQ(root.members.size(), 5u);
  expect_key_at(root, "openapi", 1, 1);
  expect_scalar(root.find("openapi"), NodeKind::string, "3.0.0");
  expect_at(root.find("openapi"), 1, 10);
  const Node* info = root.find("info");
  expect_at(info, 3, 3);
  expect_key_at(*info, "version", 4, 3);
  expect_scalar(info->find("version"), NodeKind::string, "1.0");
  expect_at(info->find("version"), 4, 12);
  const Node* responses = root.find("paths")->find("/pets")->find("get")->find("responses");
  ASSERT_NE(responses, nullptr);
  expect_key_at(*responses, "200", 9, 9);
  expect_at(responses->find("200"), 10, 11);
  expect_scalar(responses->find("200")->find("description"), NodeKind::string, "ok");
  const Node* tags = root.find("tags");
  ASSERT_EQ(tags->kind, NodeKind::sequence);
  expect_at(tags, 12, 3);
  ASSERT_EQ(tags->items.size(), 2u);
  expect_at(tags->items[0], 12, 5);
  expect_key_at(*tags->items[0], "name", 12, 5);
  expect_at(tags->items[1], 13, 5);
  expect_scalar(tags->items[1], NodeKind::string, "b");
  const Node* list = root.find("list");
  expect_at(list, 15, 1);
  expect_at(list->items.at(0), 15, 3);
}

TEST(Yaml, FlowCollections) {
  const LoadResult result = load_yaml("x: {a: [1, 2.5, b], \"q\": {c: d}}\ny: []\n");
  const Node& root = load_ok(result);
  const Node* x = root.find("x");
  expect_at(x, 1, 4);
  expect_key_at(*x, "a", 1, 5);
  const Node* a = x->find("a");
  expect_at(a, 1, 8);
  ASSERT_EQ(a->items.size(), 3u);
  expect_scalar(a->items[0], NodeKind::integer, "1");
  expect_scalar(a->items[1], NodeKind::number, "2.5");
  expect_scalar(a->items[2], NodeKind::string, "b");
  expect_at(a->items[2], 1, 17);
  expect_key_at(*x, "q", 1, 21);
  expect_at(x->find("q"), 1, 26);
  EXPECT_EQ(root.find("y")->kind, NodeKind::sequence);
  EXPECT_TRUE(root.find("y")->items.empty());
}

TEST(Yaml, NumericKeysAreStrings) {
  const LoadResult result = load_yaml("200: a\ntrue: b\nnull: c\n~: d\n1.5: e\n\"404\": f\n");
  const Node& root = load_ok(result);
  ASSERT_EQ(root.members.size(), 6u);
  EXPECT_EQ(root.members[0].key, "200");
  EXPECT_EQ(root.members[1].key, "true");
  EXPECT_EQ(root.members[2].key, "null");
  EXPECT_EQ(root.members[3].key, "~");
  EXPECT_EQ(root.members[4].key, "1.5");
  EXPECT_EQ(root.members[5].key, "404");
  expect_scalar(root.find("200"), NodeKind::string, "a");
}

TEST(Yaml, CoreSchemaTypingOfPlainScalars) {
  const std::string text =
      "[~, null, Null, NULL, nULL,\n"
      " true, True, TRUE, false, False, FALSE, tRUE,\n"
      " yes, no, on, off, y, n, Yes, OFF,\n"
      " 0, -12, +3, 012, 0o17, 0x1F, 0xff, 0o8, 0x, 1_000,\n"
      " 1.5, -.5, 1., 1e3, 2E-2, +1.0e+5, .inf, -.Inf, +.INF, .nan, .NaN, .NAN, -.nan, ., 1e, e3, 1.2.3,\n"
      " 2001-12-14, 12:30:00, \"true\", 'null', \"12\", !!str 12, !!str true, ! 5, !!int \"7\", !custom 7]\n";
  const LoadResult result = load_yaml(text);
  const Node& root = load_ok(result);
  struct Expect {
    NodeKind kind;
    std::string_view text;
  };
  const Expect expected[] = {
      {NodeKind::null, "~"}, {NodeKind::null, "null"}, {NodeKind::null, "Null"}, {NodeKind::null, "NULL"},
      {NodeKind::string, "nULL"},
      {NodeKind::boolean, "true"}, {NodeKind::boolean, "True"}, {NodeKind::boolean, "TRUE"},
      {NodeKind::boolean, "false"}, {NodeKind::boolean, "False"}, {NodeKind::boolean, "FALSE"},
      {NodeKind::string, "tRUE"},
      {NodeKind::string, "yes"}, {NodeKind::string, "no"}, {NodeKind::string, "on"}, {NodeKind::string, "off"},
      {NodeKind::string, "y"}, {NodeKind::string, "n"}, {NodeKind::string, "Yes"}, {NodeKind::string, "OFF"},
      {NodeKind::integer, "0"}, {NodeKind::integer, "-12"}, {NodeKind::integer, "+3"}, {NodeKind::integer, "012"},
      {NodeKind::integer, "0o17"}, {NodeKind::integer, "0x1F"}, {NodeKind::integer, "0xff"},
      {NodeKind::string, "0o8"}, {NodeKind::string, "0x"}, {NodeKind::string, "1_000"},
      {NodeKind::number, "1.5"}, {NodeKind::number, "-.5"}, {NodeKind::number, "1."}, {NodeKind::number, "1e3"},
      {NodeKind::number, "2E-2"}, {NodeKind::number, "+1.0e+5"}, {NodeKind::number, ".inf"},
      {NodeKind::number, "-.Inf"}, {NodeKind::number, "+.INF"}, {NodeKind::number, ".nan"},
      {NodeKind::number, ".NaN"}, {NodeKind::number, ".NAN"}, {NodeKind::string, "-.nan"},
      {NodeKind::string, "."}, {NodeKind::string, "1e"}, {NodeKind::string, "e3"}, {NodeKind::string, "1.2.3"},
      {NodeKind::string, "2001-12-14"}, {NodeKind::string, "12:30:00"}, {NodeKind::string, "true"},
      {NodeKind::string, "null"}, {NodeKind::string, "12"}, {NodeKind::string, "12"}, {NodeKind::string, "true"},
      {NodeKind::string, "5"}, {NodeKind::string, "7"}, {NodeKind::integer, "7"},
  };
  ASSERT_EQ(root.items.size(), std::size(expected));
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    SCOPED_TRACE(i);
    expect_scalar(root.items[i], expected[i].kind, expected[i].text);
  }
}

TEST(Yaml, QuotedAndBlockScalarsAreStrings) {
  const LoadResult result = load_yaml("a: \"true\"\nb: 'no'\nc: |\n  12\nd: >-\n  null\n  x\ne: \"\\u00e9\\t\"\n");
  const Node& root = load_ok(result);
  expect_scalar(root.find("a"), NodeKind::string, "true");
  expect_scalar(root.find("b"), NodeKind::string, "no");
  expect_scalar(root.find("c"), NodeKind::string, "12\n");
  expect_scalar(root.find("d"), NodeKind::string, "null x");
  expect_scalar(root.find("e"), NodeKind::string, "\xC3\xA9\t");
  expect_at(root.find("c"), 3, 4);
}

TEST(Yaml, EmptyValuesAreNull) {
  const LoadResult result = load_yaml("a:\nb: ~\n");
  const Node& root = load_ok(result);
  expect_scalar(root.find("a"), NodeKind::null, "");
  expect_scalar(root.find("b"), NodeKind::null, "~");
}

TEST(Yaml, AnchorsAndAliasesShareNodes) {
  const std::string text =
      "base: &b {x: 1}\n"
      "use: *b\n"
      "list: [*b, &s str, *s]\n"
      "&k key: v\n"
      "*k : w\n"
      "<<: *b\n";
  const LoadResult result = load_yaml(text);
  const Node& root = load_ok(result);
  const Node* base = root.find("base");
  ASSERT_NE(base, nullptr);
  expect_at(base, 1, 7);
  EXPECT_EQ(root.find("use"), base);
  const Node* list = root.find("list");
  ASSERT_EQ(list->items.size(), 3u);
  EXPECT_EQ(list->items[0], base);
  EXPECT_EQ(list->items[1], list->items[2]);
  expect_scalar(list->items[2], NodeKind::string, "str");
  // An anchored key can be aliased as a key; the alias gives its own position.
  ASSERT_EQ(root.members.size(), 6u);
  EXPECT_EQ(root.members[3].key, "key");
  EXPECT_EQ(root.members[4].key, "key");
  EXPECT_EQ(root.members[4].key_line, 5u);
  EXPECT_EQ(root.members[4].key_column, 1u);
  // Merge keys are ordinary members.
  EXPECT_EQ(root.members[5].key, "<<");
  EXPECT_EQ(root.members[5].value, base);
  EXPECT_EQ(root.find("x"), nullptr);
}

TEST(Yaml, AliasBombFailsQuickly) {
  std::string text = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    const char previous = static_cast<char>(level - 1);
    text += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i == 0 ? "" : ", ") + "*" + previous;
    text += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  // a=10, b=91, c=820, d=7381, e=66430, f=597871 expanded nodes: the first *f crosses 10^6.
  expect_error(load_yaml(text), 7, 8, "YAML: alias expansion exceeds 1000000 nodes (alias bomb?)");
  EXPECT_LT(elapsed_ms(start), 1000.0);

  LoadLimits limits;
  limits.max_alias_nodes = 20;
  EXPECT_FALSE(load_yaml("a: &a [1, 2]\nb: [*a, *a, *a]\n", limits).error.has_value());  // 3 * 3 = 9
  expect_error(load_yaml("a: &a [1, 2]\nb: [*a, *a, *a]\nc: [*a, *a, *a, *a]\n", limits), 3, 17,
               "YAML: alias expansion exceeds 20 nodes (alias bomb?)");
}

TEST(Yaml, UnknownAndSelfReferencingAliases) {
  expect_error(load_yaml("a: 1\nb: *nope\n"), 2, 4, "YAML: unknown alias *nope");
  // The anchor is only known once its node is complete, so no cycles.
  expect_error(load_yaml("a: &x [1, *x]\n"), 1, 11, "YAML: unknown alias *x");
}

TEST(Yaml, ComplexKeysAreRejected) {
  expect_error(load_yaml("? [a, b]\n: c\n"), 1, 3, "YAML: mapping keys must be scalars");
  expect_error(load_yaml("{? {a: b} : c}\n"), 1, 4, "YAML: mapping keys must be scalars");
  expect_error(load_yaml("a: &m {x: 1}\n*m : 2\n"), 2, 1, "YAML: mapping keys must be scalars");
}

TEST(Yaml, MoreThanOneDocumentIsAnError) {
  expect_error(load_yaml("a: 1\n---\nb: 2\n"), 2, 1, "YAML: more than one document");
  expect_error(load_yaml("--- 1\n...\n--- 2\n"), 3, 1, "YAML: more than one document");
  // One explicit document, with its end marker and trailing comments, is fine.
  const LoadResult result = load_yaml("# c\n---\na: 1\n...\n# end\n");
  expect_key_at(load_ok(result), "a", 3, 1);
}

TEST(Yaml, SyntaxErrorsCarryProblemAndPosition) {
  expect_error(load_yaml("a: b: c\n"), 1, 5, "YAML: mapping values are not allowed in this context");
  // The unclosed sequence swallows the next line into the plain scalar "2 other".
  expect_error(load_yaml("key: [1, 2\nother: 3\n"), 2, 6,
               "YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 6)");
  expect_error(load_yaml("a:\n  - 1\n b: 2\n"), 3, 2,
               "YAML: did not find expected key (while parsing a block mapping at line 1, column 1)");
  expect_error(load_yaml("a: \"x\n"), 2, 1,
               "YAML: found unexpected end of stream (while scanning a quoted scalar at line 1, column 4)");
  expect_error(load_yaml("a: `x`\n"), 1, 4,
               "YAML: found character that cannot start any token (while scanning for the next token at line 1, column 4)");
  // Reader errors (encoding) are reported at their byte offset.
  expect_error(load_yaml("a: 1\nb: \xff\n"), 2, 4, "YAML: invalid leading UTF-8 octet");
  expect_error(load_yaml("a: \x01\n"), 1, 4, "YAML: control characters are not allowed");
}

TEST(Yaml, DepthBound) {
  const std::string bomb(100000, '[');
  const auto start = std::chrono::steady_clock::now();
  expect_error(load_yaml(bomb), 1, 257, "YAML: nesting deeper than 256 levels");
  EXPECT_LT(elapsed_ms(start), 1000.0);

  LoadLimits limits;
  limits.max_depth = 2;
  EXPECT_FALSE(load_yaml("a:\n  b: 1\n", limits).error.has_value());
  expect_error(load_yaml("a:\n  b:\n    - 1\n", limits), 3, 5, "YAML: nesting deeper than 2 levels");
}

TEST(Yaml, NodeLimit) {
  LoadLimits limits;
  limits.max_nodes = 3;
  EXPECT_FALSE(load_yaml("a: 1\nb: 2\n", limits).error.has_value());
  expect_error(load_yaml("a: 1\nb: 2\nc: 3\n", limits), 3, 4, "YAML: document has more than 3 nodes");
}

TEST(Yaml, BomIsSkipped) {
  const LoadResult result = load_yaml("\xEF\xBB\xBF" "a: 1\nb: x\n");
  const Node& root = load_ok(result);
  expect_key_at(root, "a", 1, 1);
  expect_at(root.find("a"), 1, 4);
  expect_at(root.find("b"), 2, 4);
  expect_error(load_yaml("\xEF\xBB\xBF" "a: b: c"), 1, 5, "YAML: mapping values are not allowed in this context");
}

TEST(Yaml, CrlfPositions) {
  const LoadResult result = load_yaml("a: 1\r\nb:\r\n  - x\r\n  - \"y\"\r\nc: |\r\n  t\r\n");
  const Node& root = load_ok(result);
  expect_at(root.find("a"), 1, 4);
  expect_key_at(root, "b", 2, 1);
  const Node* b = root.find("b");
  expect_at(b, 3, 3);
  expect_at(b->items.at(0), 3, 5);
  expect_at(b->items.at(1), 4, 5);
  expect_key_at(root, "c", 5, 1);
  expect_scalar(root.find("c"), NodeKind::string, "t\n");
}

TEST(Yaml, ColumnsAreInBytes) {
  const LoadResult result = load_yaml("\xC3\xA9t\xC3\xA9: [\xE2\x82\xAC, x]\nb: 1\n");
  const Node& root = load_ok(result);
  const Node* seq = root.find("\xC3\xA9t\xC3\xA9");
  expect_at(seq, 1, 8);
  expect_at(seq->items.at(0), 1, 9);
  expect_at(seq->items.at(1), 1, 14);
  expect_at(root.find("b"), 2, 4);
}

TEST(Yaml, DuplicateKeysKeptInOrder) {
  const LoadResult result = load_yaml("a: 1\nb: 2\na: 3\n");
  const Node& root = load_ok(result);
  ASSERT_EQ(root.members.size(), 3u);
  EXPECT_EQ(root.members[0].key, "a");
  EXPECT_EQ(root.members[2].key, "a");
  EXPECT_EQ(root.find("a")->text, "1");
  EXPECT_EQ(root.members[2].value->text, "3");
  EXPECT_EQ(root.members[2].key_line, 3u);
}

TEST(Yaml, ScalarAndEmptyDocuments) {
  const LoadResult scalar = load_yaml("--- hello\n");
  expect_scalar(&load_ok(scalar), NodeKind::string, "hello");
  expect_at(scalar.document->root(), 1, 5);

  const LoadResult empty = load_yaml("# only a comment\n");
  const Node& root = load_ok(empty);
  EXPECT_EQ(root.kind, NodeKind::null);
  expect_at(&root, 1, 1);
}

// ---- sniffing and load_document -------------------------------------------------------------

TEST(Document, SniffSyntax) {
  EXPECT_EQ(sniff_syntax("{}"), Syntax::json);
  EXPECT_EQ(sniff_syntax(" \r\n\t[1]"), Syntax::json);
  EXPECT_EQ(sniff_syntax("\xEF\xBB\xBF  {\"a\": 1}"), Syntax::json);
  EXPECT_EQ(sniff_syntax("# comment\n{}"), Syntax::yaml);
  EXPECT_EQ(sniff_syntax("a: {b: 1}"), Syntax::yaml);
  EXPECT_EQ(sniff_syntax("---\n[1]"), Syntax::yaml);
  EXPECT_EQ(sniff_syntax(""), Syntax::yaml);
  EXPECT_EQ(sniff_syntax("  \n"), Syntax::yaml);
}

TEST(Document, LoadDocumentPicksTheLoader) {
  const LoadResult json = load_document("\n{\"swagger\": \"2.0\"}");
  expect_scalar(load_ok(json).find("swagger"), NodeKind::string, "2.0");
  expect_key_at(*json.document->root(), "swagger", 2, 2);

  const LoadResult yaml = load_document("swagger: '2.0'\n");
  expect_scalar(load_ok(yaml).find("swagger"), NodeKind::string, "2.0");

  // JSON-looking input gets JSON messages.
  expect_error(load_document("{\"a\": 1,}"), 1, 9, "JSON: Missing a name for object member.");
  expect_error(load_document("a: [\n"), 2, 1,
               "YAML: did not find expected node content (while parsing a flow node at line 2, column 1)");
}

TEST(Document, KindNamesAndFind) {
  EXPECT_STREQ(kind_name(NodeKind::sequence), "array");
  EXPECT_STREQ(kind_name(NodeKind::mapping), "object");
  EXPECT_STREQ(kind_name(NodeKind::number), "number");
  const LoadResult result = load_yaml("a: 1\n");
  const Node& root = load_ok(result);
  EXPECT_EQ(root.find("missing"), nullptr);
  EXPECT_EQ(root.find("a")->find("a"), nullptr);
  EXPECT_EQ(root.find_member("missing"), nullptr);
}

}  // namespace
}  // namespace carport::doc
