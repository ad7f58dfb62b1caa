// Data Mapper XSLT fix for MI 4.2+: attribute-level edit of the root start tag of
// `*_xsltStyleSheet.xml` (docs/datamapper-migration.md, sections 4, 6 and 7).
//
// pugixml decides *whether* to edit (well-formedness, root namespace, flags, decoded attribute
// values); a tiny scanner over the original bytes of the root start tag decides *where*, because
// pugixml does not report attribute offsets. Only the bytes of the two edited attribute values
// (or the inserted attribute) change.

#include "transforms/datamapper/datamapper.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace carport::datamapper {
namespace {

constexpr std::string_view k_sheet_suffix = "_xsltStyleSheet.xml";
constexpr std::string_view k_flag_marker = "notXSLTCompatible";
constexpr std::string_view k_xslt_namespace = "http://www.w3.org/1999/XSL/Transform";
constexpr std::string_view k_schema_namespace = "http://www.w3.org/2001/XMLSchema";
constexpr std::string_view k_extension_attr = "extension-element-prefixes";
constexpr std::string_view k_exclude_attr = "exclude-result-prefixes";
constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
constexpr std::size_t k_npos = std::string_view::npos;

// ---- small text helpers ---------------------------------------------------------------------

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool iends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && iequals(text.substr(text.size() - suffix.size()), suffix);
}

/// A whitespace-separated token of an attribute value, as [begin, end) offsets into the value.
struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::vector<Token> split_tokens(std::string_view value) {
  std::vector<Token> tokens;
  std::size_t pos = 0;
  while (pos < value.size()) {
    while (pos < value.size() && is_xml_space(value[pos])) ++pos;
    const std::size_t begin = pos;
    while (pos < value.size() && !is_xml_space(value[pos])) ++pos;
    if (pos > begin) tokens.push_back({begin, pos});
  }
  return tokens;
}

std::vector<std::string_view> token_texts(std::string_view value) {
  std::vector<std::string_view> texts;
  for (const Token& token : split_tokens(value)) texts.push_back(value.substr(token.begin, token.end - token.begin));
  return texts;
}

template <typename Range>
bool contains(const Range& range, std::string_view item) {
  return std::find(range.begin(), range.end(), item) != range.end();
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// ---- positions and outcomes -----------------------------------------------------------------

struct TextPosition {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

std::uint32_t clamp_u32(std::size_t value) {
  constexpr std::size_t max = std::numeric_limits<std::uint32_t>::max();
  return static_cast<std::uint32_t>(std::min(value, max));
}

/// 1-based line and column (in UTF-8 characters, BOM not counted) of a byte offset.
TextPosition position_of(std::string_view bytes, std::size_t offset) {
  const std::string_view before = bytes.substr(0, std::min(offset, bytes.size()));
  const std::size_t newline = before.rfind('\n');
  std::size_t line_begin = newline == k_npos ? 0 : newline + 1;
  if (line_begin == 0 && before.starts_with(k_utf8_bom)) line_begin = k_utf8_bom.size();
  std::size_t column = 1;
  for (std::size_t i = line_begin; i < before.size(); ++i) {
    if ((static_cast<unsigned char>(before[i]) & 0xC0U) != 0x80U) ++column;
  }
  const auto lines = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  return {clamp_u32(lines + 1), clamp_u32(column)};
}

EntryOutcome outcome(EntryVerdict verdict, bool is_warning, std::string message, TextPosition where = {}) {
  EntryOutcome result;
  result.verdict = verdict;
  result.notes.push_back(EntryNote{is_warning, where.line, where.column, std::move(message)});
  return result;
}

EntryOutcome skipped(std::string message, TextPosition where = {}) {
  return outcome(EntryVerdict::skipped, true, std::move(message), where);
}

EntryOutcome unchanged(std::string message) { return outcome(EntryVerdict::unchanged, false, std::move(message)); }

/// Last-resort outcome for the function boundary; never throws (falls back to a bare verdict).
EntryOutcome failure(const char* message) noexcept {
  try {
    return skipped(message);
  } catch (...) {
    EntryOutcome bare;
    bare.verdict = EntryVerdict::skipped;
    return bare;
  }
}

// ---- raw start-tag scanner (runs only on input pugixml accepted) ------------------------------

/// One attribute of the raw root start tag, as offsets into the original bytes.
struct RawAttribute {
  std::string_view name;
  std::size_t name_pos = 0;   ///< first byte of the name
  std::size_t value_pos = 0;  ///< first byte after the opening quote
  std::size_t value_end = 0;  ///< the closing quote
  char quote = '"';
};

struct RawStartTag {
  std::string_view name;
  std::vector<RawAttribute> attributes;
};

std::size_t skip_past(std::string_view text, std::size_t from, std::string_view terminator) {
  const std::size_t found = text.find(terminator, from);
  return found == k_npos ? k_npos : found + terminator.size();
}

std::size_t skip_spaces(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_xml_space(text[pos])) ++pos;
  return pos;
}

/// End of an element or attribute name starting at `pos`.
std::size_t scan_name(std::string_view text, std::size_t pos) {
  while (pos < text.size() && !is_xml_space(text[pos]) && text[pos] != '=' && text[pos] != '/' &&
         text[pos] != '>') {
    ++pos;
  }
  return pos;
}

/// `pos` is at "<!DOCTYPE"; returns the offset after its closing '>' (internal subset included).
std::size_t skip_doctype(std::string_view text, std::size_t pos) {
  bool in_subset = false;
  std::size_t i = pos + 2;
  while (i < text.size()) {
    const std::string_view rest = text.substr(i);
    if (text[i] == '"' || text[i] == '\'') {
      i = skip_past(text, i + 1, text.substr(i, 1));
    } else if (in_subset && rest.starts_with("<!--")) {
      i = skip_past(text, i + 4, "-->");
    } else if (in_subset && rest.starts_with("<?")) {
      i = skip_past(text, i + 2, "?>");
    } else if (text[i] == '>' && !in_subset) {
      return i + 1;
    } else {
      if (text[i] == '[') in_subset = true;
      if (text[i] == ']') in_subset = false;
      ++i;
    }
  }
  return k_npos;
}

/// Offset of the '<' of the root element: skips BOM, XML declaration, PIs, comments, whitespace, DOCTYPE.
std::size_t find_root_start(std::string_view text) {
  std::size_t pos = text.starts_with(k_utf8_bom) ? k_utf8_bom.size() : 0;
  while (pos < text.size()) {
    const std::string_view rest = text.substr(pos);
    if (is_xml_space(text[pos])) {
      ++pos;
    } else if (rest.starts_with("<?")) {
      pos = skip_past(text, pos + 2, "?>");
    } else if (rest.starts_with("<!--")) {
      pos = skip_past(text, pos + 4, "-->");
    } else if (rest.starts_with("<!DOCTYPE")) {
      pos = skip_doctype(text, pos);
    } else {
      const bool element = rest.size() > 1 && rest[0] == '<' && scan_name(text, pos + 1) > pos + 1;
      return element ? pos : k_npos;
    }
  }
  return k_npos;
}

/// Reads `name S? = S? ("..."|'...')` at `pos` and moves `pos` past the closing quote.
std::optional<RawAttribute> scan_attribute(std::string_view text, std::size_t& pos) {
  RawAttribute attribute;
  attribute.name_pos = pos;
  const std::size_t name_end = scan_name(text, pos);
  if (name_end == pos) return std::nullopt;
  attribute.name = text.substr(pos, name_end - pos);
  pos = skip_spaces(text, name_end);
  if (pos >= text.size() || text[pos] != '=') return std::nullopt;
  pos = skip_spaces(text, pos + 1);
  if (pos >= text.size() || (text[pos] != '"' && text[pos] != '\'')) return std::nullopt;
  attribute.quote = text[pos];
  attribute.value_pos = pos + 1;
  const std::size_t close = text.find(attribute.quote, attribute.value_pos);
  if (close == k_npos) return std::nullopt;
  attribute.value_end = close;
  pos = close + 1;
  return attribute;
}

/// The root element's start tag with byte offsets of every attribute, or nullopt.
std::optional<RawStartTag> scan_root_start_tag(std::string_view text) {
  const std::size_t open = find_root_start(text);
  if (open == k_npos) return std::nullopt;
  RawStartTag tag;
  std::size_t pos = scan_name(text, open + 1);
  tag.name = text.substr(open + 1, pos - open - 1);
  while (true) {
    pos = skip_spaces(text, pos);
    if (pos >= text.size()) return std::nullopt;
    if (text[pos] == '>' || text.substr(pos).starts_with("/>")) return tag;
    std::optional<RawAttribute> attribute = scan_attribute(text, pos);
    if (!attribute) return std::nullopt;
    tag.attributes.push_back(*attribute);
  }
}

const RawAttribute* find_raw(const RawStartTag& tag, std::string_view name) {
  for (const RawAttribute& attribute : tag.attributes) {
    if (attribute.name == name) return &attribute;
  }
  return nullptr;
}

const RawAttribute* first_duplicate(const RawStartTag& tag) {
  for (std::size_t i = 0; i < tag.attributes.size(); ++i) {
    for (std::size_t j = i + 1; j < tag.attributes.size(); ++j) {
      if (tag.attributes[i].name == tag.attributes[j].name) return &tag.attributes[j];
    }
  }
  return nullptr;
}

std::string_view raw_value(std::string_view bytes, const RawAttribute& attribute) {
  return bytes.substr(attribute.value_pos, attribute.value_end - attribute.value_pos);
}

// ---- edits on the original bytes ------------------------------------------------------------

/// Replace bytes [begin, end) with `replacement` (begin == end: insertion).
struct Edit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string replacement;
};

std::string apply_edits(std::string_view bytes, std::vector<Edit> edits) {
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(bytes.size() + 64);
  std::size_t cursor = 0;
  for (const Edit& edit : edits) {
    out.append(bytes.substr(cursor, edit.begin - cursor));
    out.append(edit.replacement);
    cursor = edit.end;
  }
  out.append(bytes.substr(cursor));
  return out;
}

/// `value` minus the tokens in `removed`. A removed token goes with the whitespace after it, or,
/// when no kept token follows, with the whitespace before it; other separators are kept.
std::string without_tokens(std::string_view value, const std::vector<std::string>& removed) {
  const std::vector<Token> tokens = split_tokens(value);
  if (tokens.empty()) return std::string(value);
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!contains(removed, value.substr(tokens[i].begin, tokens[i].end - tokens[i].begin))) kept.push_back(i);
  }
  const std::string_view trailing = value.substr(tokens.back().end);
  if (kept.empty()) return std::string(trailing);
  std::string out(value.substr(0, tokens.front().begin));
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const Token& token = tokens[kept[k]];
    out.append(value.substr(token.begin, token.end - token.begin));
    if (k + 1 < kept.size()) out.append(value.substr(token.end, tokens[kept[k] + 1].begin - token.end));
  }
  out.append(trailing);
  return out;
}

// ---- decisions on the parsed root -------------------------------------------------------------

/// Namespace URI bound on `root` to `prefix` ("" = default namespace), or "".
std::string_view namespace_of(const pugi::xml_node& root, std::string_view prefix) {
  const std::string name = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
  return root.attribute(name.c_str()).value();
}

bool is_data_mapper_root(const pugi::xml_node& root) {
  if (root.type() != pugi::node_element) return false;
  const std::string_view qname = root.name();
  const std::size_t colon = qname.find(':');
  const std::string_view prefix = colon == k_npos ? std::string_view() : qname.substr(0, colon);
  const std::string_view local = colon == k_npos ? qname : qname.substr(colon + 1);
  if (namespace_of(root, prefix) != k_xslt_namespace) return false;
  if (local != "stylesheet" && local != "transform") return false;
  return root.attribute("xmlns:notXSLTCompatible") && root.attribute("xmlns:firstElementOfTheInput");
}

/// Prefixes bound on `root` to the XML Schema namespace (normally just "xs").
std::vector<std::string> schema_prefixes_of(const pugi::xml_node& root) {
  std::vector<std::string> prefixes;
  for (const pugi::xml_attribute& attribute : root.attributes()) {
    const std::string_view name = attribute.name();
    if (name.starts_with("xmlns:") && attribute.value() == k_schema_namespace) {
      prefixes.emplace_back(name.substr(6));
    }
  }
  return prefixes;
}

/// Tokens of `value` that are in `prefixes`, in order of appearance, without repeats.
std::vector<std::string> tokens_in(std::string_view value, const std::vector<std::string>& prefixes) {
  std::vector<std::string> found;
  for (const std::string_view token : token_texts(value)) {
    if (contains(prefixes, token) && !contains(found, token)) found.emplace_back(token);
  }
  return found;
}

/// Note for a data-mapper sheet whose extension-element-prefixes holds no schema prefix.
EntryOutcome nothing_to_remove(const pugi::xml_node& root, const std::vector<std::string>& schema_prefixes) {
  if (schema_prefixes.empty()) return unchanged("no prefix is bound to the XML Schema namespace; nothing to migrate");
  const std::string_view excluded = root.attribute(std::string(k_exclude_attr).c_str()).value();
  const std::vector<std::string> held = tokens_in(excluded, schema_prefixes);
  if (!held.empty() || contains(token_texts(excluded), "#all")) {
    const std::string names = held.empty() ? join(schema_prefixes, ", ") : join(held, ", ");
    return unchanged("already migrated (" + names + " excluded, not in extension-element-prefixes)");
  }
  return unchanged("extension-element-prefixes has no " + join(schema_prefixes, ", ") + "; nothing to migrate");
}

bool is_utf8_compatible_name(std::string_view encoding) {
  return iequals(encoding, "UTF-8") || iequals(encoding, "UTF8") || iequals(encoding, "US-ASCII") ||
         iequals(encoding, "ASCII");
}

const char* encoding_label(pugi::xml_encoding encoding) {
  switch (encoding) {
    case pugi::encoding_utf16_le:
    case pugi::encoding_utf16_be:
    case pugi::encoding_utf16: return "UTF-16";
    case pugi::encoding_utf32_le:
    case pugi::encoding_utf32_be:
    case pugi::encoding_utf32: return "UTF-32";
    case pugi::encoding_latin1: return "ISO-8859-1";
    default: return "not UTF-8";
  }
}

/// Why the bytes cannot be edited as UTF-8, or nullopt when they can.
std::optional<std::string> encoding_problem(const pugi::xml_document& doc, pugi::xml_encoding detected) {
  const pugi::xml_node declaration = doc.first_child();
  if (declaration.type() == pugi::node_declaration) {
    const std::string_view declared = declaration.attribute("encoding").value();
    if (!declared.empty() && !is_utf8_compatible_name(declared)) {
      return "stylesheet declares encoding \"" + std::string(declared) + "\", not UTF-8; left unchanged";
    }
  }
  if (detected != pugi::encoding_utf8) {
    return std::string("stylesheet is ") + encoding_label(detected) + " encoded, not UTF-8; left unchanged";
  }
  return std::nullopt;
}

// ---- the rewrite --------------------------------------------------------------------------------

/// Result of planning the exclude-result-prefixes part: a note fragment, or a warning when !ok.
struct ExcludeStep {
  bool ok = true;
  std::string text;
};

ExcludeStep append_to_exclude(std::string_view bytes, const RawStartTag& tag, std::string_view decoded,
                              const std::vector<std::string>& missing, std::vector<Edit>& edits) {
  const RawAttribute* raw = find_raw(tag, k_exclude_attr);
  if (raw == nullptr) return {false, "could not locate exclude-result-prefixes in the root start tag; left unchanged"};
  const std::string_view value = raw_value(bytes, *raw);
  if (value.find('&') != k_npos || token_texts(value) != token_texts(decoded)) {
    return {false, "exclude-result-prefixes uses character references; left unchanged"};
  }
  std::string appended;
  const bool needs_space = !value.empty() && !is_xml_space(value.back());
  for (const std::string& prefix : missing) {
    if (!appended.empty() || needs_space) appended += ' ';
    appended += prefix;
  }
  edits.push_back({raw->value_end, raw->value_end, appended});
  return {true, "added " + join(missing, ", ") + " to exclude-result-prefixes"};
}

ExcludeStep plan_exclude(std::string_view bytes, const RawStartTag& tag, const RawAttribute& extension,
                         const pugi::xml_node& root, const std::vector<std::string>& removed,
                         std::vector<Edit>& edits) {
  const pugi::xml_attribute exclude = root.attribute(std::string(k_exclude_attr).c_str());
  if (!exclude) {
    const std::string list = join(removed, " ");
    const std::string quote(1, extension.quote);
    edits.push_back({extension.value_end + 1, extension.value_end + 1,
                     " " + std::string(k_exclude_attr) + "=" + quote + list + quote});
    return {true, "added exclude-result-prefixes=\"" + list + "\""};
  }
  const std::vector<std::string_view> held = token_texts(exclude.value());
  if (contains(held, "#all")) return {true, "exclude-result-prefixes is #all"};
  std::vector<std::string> missing;
  for (const std::string& prefix : removed) {
    if (!contains(held, prefix)) missing.push_back(prefix);
  }
  if (missing.empty()) return {true, "exclude-result-prefixes already holds " + join(removed, ", ")};
  return append_to_exclude(bytes, tag, exclude.value(), missing, edits);
}

/// Edits the original bytes: drops `removed` from extension-element-prefixes, fixes exclude-result-prefixes.
EntryOutcome rewrite_root(std::string_view bytes, const pugi::xml_node& root, const std::vector<std::string>& removed) {
  const std::optional<RawStartTag> tag = scan_root_start_tag(bytes);
  if (!tag || tag->name != std::string_view(root.name())) {
    return skipped("could not locate the root start tag in the raw bytes; left unchanged");
  }
  if (const RawAttribute* duplicate = first_duplicate(*tag)) {
    return skipped("duplicate attribute " + std::string(duplicate->name) + " on the root element; left unchanged",
                   position_of(bytes, duplicate->name_pos));
  }
  const RawAttribute* extension = find_raw(*tag, k_extension_attr);
  if (extension == nullptr) return skipped("could not locate extension-element-prefixes; left unchanged");
  const TextPosition where = position_of(bytes, extension->name_pos);
  const std::string_view value = raw_value(bytes, *extension);
  const std::string_view decoded = root.attribute(std::string(k_extension_attr).c_str()).value();
  if (value.find('&') != k_npos || token_texts(value) != token_texts(decoded)) {
    return skipped("extension-element-prefixes uses character references; left unchanged", where);
  }
  std::vector<Edit> edits{{extension->value_pos, extension->value_end, without_tokens(value, removed)}};
  ExcludeStep step = plan_exclude(bytes, *tag, *extension, root, removed, edits);
  if (!step.ok) return skipped(std::move(step.text), where);
  EntryOutcome result = outcome(EntryVerdict::rewritten, false,
                                "removed " + join(removed, ", ") + " from extension-element-prefixes; " + step.text,
                                where);
  result.new_bytes = apply_edits(bytes, std::move(edits));
  return result;
}

EntryOutcome migrate_parsed(std::string_view bytes, const pugi::xml_document& doc, pugi::xml_encoding detected) {
  const pugi::xml_node root = doc.document_element();
  const std::vector<std::string> schema_prefixes = schema_prefixes_of(root);
  const pugi::xml_attribute extension = root.attribute(std::string(k_extension_attr).c_str());
  if (!extension) return unchanged("no extension-element-prefixes attribute; nothing to migrate");
  const std::vector<std::string> removed = tokens_in(extension.value(), schema_prefixes);
  if (removed.empty()) return nothing_to_remove(root, schema_prefixes);
  if (std::optional<std::string> problem = encoding_problem(doc, detected)) return skipped(std::move(*problem));
  return rewrite_root(bytes, root, removed);
}

EntryOutcome migrate_unchecked(std::string_view bytes, bool named_as_stylesheet) {
  const bool flagged = bytes.find(k_flag_marker) != k_npos;
  if (!named_as_stylesheet && !flagged) return {};
  if (bytes.empty()) return skipped("empty stylesheet (0 bytes); left unchanged");
  pugi::xml_document doc;
  const unsigned int options = pugi::parse_default | pugi::parse_declaration;
  const pugi::xml_parse_result parsed = doc.load_buffer(bytes.data(), bytes.size(), options, pugi::encoding_auto);
  if (!parsed) {
    const bool exact = parsed.encoding == pugi::encoding_utf8 && parsed.offset >= 0;
    const TextPosition where = exact ? position_of(bytes, static_cast<std::size_t>(parsed.offset)) : TextPosition{};
    return skipped("not well-formed XML: " + std::string(parsed.description()) + "; left unchanged", where);
  }
  if (!is_data_mapper_root(doc.document_element())) {
    if (!named_as_stylesheet) return {};
    return unchanged("not a Data Mapper stylesheet (no notXSLTCompatible/firstElementOfTheInput flags); left unchanged");
  }
  return migrate_parsed(bytes, doc, parsed.encoding);
}

}  // namespace

EntryOutcome migrate_stylesheet(std::string_view bytes, bool named_as_stylesheet) {
  try {
    return migrate_unchecked(bytes, named_as_stylesheet);
  } catch (const std::bad_alloc&) {
    return failure("out of memory while migrating the stylesheet; left unchanged");
  } catch (...) {
    return failure("internal error while migrating the stylesheet; left unchanged");
  }
}

bool DataMapperTransform::wants(std::string_view entry_name) const {
  if (entry_name.starts_with("__MACOSX/") || entry_name.starts_with(".meta/") ||
      entry_name.find("/.meta/") != k_npos) {
    return false;
  }
  if (entry_name.ends_with(k_sheet_suffix)) return true;
  const bool in_resources = entry_name.starts_with("resources/") || entry_name.find("/resources/") != k_npos;
  return in_resources &&
         (iends_with(entry_name, ".xml") || iends_with(entry_name, ".xsl") || iends_with(entry_name, ".xslt"));
}

EntryOutcome DataMapperTransform::apply(std::string_view entry_name, std::string_view bytes) const {
  return migrate_stylesheet(bytes, entry_name.ends_with(k_sheet_suffix));
}

}  // namespace carport::datamapper
