#include "tests/hostile/generator.hpp"

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>
#include <system_error>

#include "tests/support/zip_fixture.hpp"

namespace carport::hostile {
namespace fs = std::filesystem;
using carport::testing::form_a_stylesheet;
using carport::testing::make_capp;
using carport::testing::make_zip;

namespace {

// DOS time and date of every hand-built record: 2017-07-14 12:00:00.
constexpr std::uint16_t kDosTime = 12u << 11;
constexpr std::uint16_t kDosDate = ((2017u - 1980u) << 9) | (7u << 5) | 14u;

constexpr std::string_view kLocalSignature = "PK\x03\x04";
constexpr std::string_view kCentralSignature = "PK\x01\x02";
constexpr std::string_view kEndSignature = "PK\x05\x06";

const std::array<std::uint32_t, 256>& crc_table() {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int bit = 0; bit < 8; ++bit) c = (c & 1u) != 0 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  return table;
}

std::uint32_t crc32_of(std::string_view data) {
  const auto& table = crc_table();
  std::uint32_t crc = 0xffffffffu;
  for (const char c : data) crc = table[(crc ^ static_cast<unsigned char>(c)) & 0xffu] ^ (crc >> 8);
  return ~crc;
}

void put_le(std::string& out, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xffu));
}

std::uint32_t get_le(std::string_view bytes, std::size_t offset, int width) {
  if (offset + static_cast<std::size_t>(width) > bytes.size()) throw std::out_of_range("zip_layout: read past end");
  std::uint32_t value = 0;
  for (int i = 0; i < width; ++i)
    value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + static_cast<std::size_t>(i)]))
             << (8 * i);
  return value;
}

std::string replace_once(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("replace_once: pattern not found: " + std::string(from));
  text.replace(at, from.size(), to);
  return text;
}

std::string repeat(std::string_view piece, std::size_t count) {
  std::string out;
  out.reserve(piece.size() * count);
  for (std::size_t i = 0; i < count; ++i) out += piece;
  return out;
}

/// The classic billion-laughs DTD: lol9 expands to 10^9 "lol"s.
std::string billion_laughs_dtd(std::string_view root) {
  std::string dtd = "<!DOCTYPE " + std::string(root) + " [\n <!ENTITY lol \"lol\">\n";
  std::string previous = "lol";
  for (int level = 1; level <= 9; ++level) {
    const std::string name = "lol" + std::to_string(level);
    dtd += " <!ENTITY " + name + " \"" + repeat("&" + previous + ";", 10) + "\">\n";
    previous = name;
  }
  return dtd + "]>";
}

/// Text after the XML declaration "<?xml ...?>" gets `insert` in front of it.
std::string after_declaration(const std::string& xml, const std::string& insert) {
  const std::size_t end = xml.find("?>");
  if (!xml.starts_with("<?xml") || end == std::string::npos) throw std::logic_error("no XML declaration");
  return xml.substr(0, end + 2) + insert + xml.substr(end + 2);
}

std::string pseudo_random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 engine(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(engine() & 0xffu);
  return out;
}

constexpr const char* kOpenApiHead = "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\npaths: {}\n";
constexpr const char* kSchemasHead =
    "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n";

constexpr const char* kArtifactsXml =
    R"(<?xml version="1.0" encoding="UTF-8"?><artifacts><artifact name="HostileCApp" version="1.0.0" type="carbon/application"/></artifacts>)";

std::string data_xml_content() { return "<data>" + repeat("<item>hostile input</item>", 80) + "</data>"; }

}  // namespace

// ---- zip records -------------------------------------------------------------------------------

RawRecord stored(std::string name, std::string content, std::uint16_t flags) {
  RawRecord record;
  record.name = std::move(name);
  record.crc = crc32_of(content);
  record.uncompressed_size = static_cast<std::uint32_t>(content.size());
  record.data = std::move(content);
  record.flags = flags;
  return record;
}

RawRecord deflated(std::string name, std::string_view content, std::uint16_t flags) {
  const std::string zip = make_zip({{"x", std::string(content)}});
  const ZipLayout layout = zip_layout(zip);
  const ZipLayout::Entry& entry = layout.entry("x");
  if (entry.method != 8) throw std::logic_error("deflated: libzip stored the content instead of deflating it");
  RawRecord record;
  record.name = std::move(name);
  record.data = zip.substr(entry.data_offset, entry.compressed_size);
  record.crc = crc32_of(content);
  record.uncompressed_size = static_cast<std::uint32_t>(content.size());
  record.method = 8;
  record.flags = flags;
  return record;
}

std::string build_zip(const std::vector<RawRecord>& records) {
  std::string out;
  std::string directory;
  for (const RawRecord& record : records) {
    const std::size_t offset = out.size();
    out += kLocalSignature;
    put_le(out, 20, 2);
    put_le(out, record.flags, 2);
    put_le(out, record.method, 2);
    put_le(out, kDosTime, 2);
    put_le(out, kDosDate, 2);
    put_le(out, record.crc, 4);
    put_le(out, record.data.size(), 4);
    put_le(out, record.uncompressed_size, 4);
    put_le(out, record.name.size(), 2);
    put_le(out, 0, 2);
    out += record.name;
    out += record.data;

    directory += kCentralSignature;
    put_le(directory, 20, 2);  // made by: MS-DOS, 2.0
    put_le(directory, 20, 2);
    put_le(directory, record.flags, 2);
    put_le(directory, record.method, 2);
    put_le(directory, kDosTime, 2);
    put_le(directory, kDosDate, 2);
    put_le(directory, record.crc, 4);
    put_le(directory, record.data.size(), 4);
    put_le(directory, record.uncompressed_size, 4);
    put_le(directory, record.name.size(), 2);
    put_le(directory, 0, 2);  // extra
    put_le(directory, 0, 2);  // comment
    put_le(directory, 0, 2);  // disk
    put_le(directory, 0, 2);  // internal attributes
    put_le(directory, 0, 4);  // external attributes
    put_le(directory, offset, 4);
    directory += record.name;
  }
  const std::size_t directory_offset = out.size();
  out += directory;
  out += kEndSignature;
  put_le(out, 0, 4);
  put_le(out, records.size() & 0xffffu, 2);
  put_le(out, records.size() & 0xffffu, 2);
  put_le(out, directory.size(), 4);
  put_le(out, directory_offset, 4);
  put_le(out, 0, 2);
  return out;
}

const ZipLayout::Entry& ZipLayout::entry(std::string_view name) const {
  for (const Entry& candidate : entries)
    if (candidate.name == name) return candidate;
  throw std::logic_error("zip_layout: no entry " + std::string(name));
}

ZipLayout zip_layout(std::string_view bytes) {
  ZipLayout layout;
  const std::size_t end = bytes.rfind(kEndSignature);
  if (end == std::string_view::npos) throw std::logic_error("zip_layout: no end record");
  layout.end_offset = end;
  layout.central_size = get_le(bytes, end + 12, 4);
  layout.central_offset = get_le(bytes, end + 16, 4);
  std::size_t at = layout.central_offset;
  const std::size_t stop = layout.central_offset + layout.central_size;
  while (at < stop) {
    if (bytes.substr(at, 4) != kCentralSignature) throw std::logic_error("zip_layout: bad central record");
    ZipLayout::Entry entry;
    entry.central_offset = at;
    entry.method = static_cast<std::uint16_t>(get_le(bytes, at + 10, 2));
    entry.crc = get_le(bytes, at + 16, 4);
    entry.compressed_size = get_le(bytes, at + 20, 4);
    entry.uncompressed_size = get_le(bytes, at + 24, 4);
    const std::size_t name_length = get_le(bytes, at + 28, 2);
    const std::size_t extra_length = get_le(bytes, at + 30, 2);
    const std::size_t comment_length = get_le(bytes, at + 32, 2);
    entry.local_offset = get_le(bytes, at + 42, 4);
    entry.name = std::string(bytes.substr(at + 46, name_length));
    if (bytes.substr(entry.local_offset, 4) != kLocalSignature) throw std::logic_error("zip_layout: bad local header");
    entry.data_offset = entry.local_offset + 30 + get_le(bytes, entry.local_offset + 26, 2) +
                        get_le(bytes, entry.local_offset + 28, 2);
    layout.entries.push_back(std::move(entry));
    at += 46 + name_length + extra_length + comment_length;
  }
  return layout;
}

void patch_le(std::string& bytes, std::size_t offset, std::uint64_t value, int width) {
  if (offset + static_cast<std::size_t>(width) > bytes.size()) throw std::out_of_range("patch_le: past end");
  for (int i = 0; i < width; ++i)
    bytes[offset + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xffu);
}

// ---- good inputs -------------------------------------------------------------------------------

std::string good_capp() { return make_capp(form_a_stylesheet()); }

std::string migrate_form_a_text(std::string sheet) {
  return replace_once(
      std::move(sheet), R"(extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput")",
      R"(extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" exclude-result-prefixes="xs")");
}

std::string valid_openapi() {
  return "openapi: 3.0.3\n"
         "info:\n"
         "  title: Pets\n"
         "  version: 1.0.0\n"
         "paths:\n"
         "  /pets:\n"
         "    get:\n"
         "      responses:\n"
         "        '200':\n"
         "          description: ok\n";
}

std::string capp_with_swagger(const std::string& definition) {
  return make_zip({
      {"PetsAPI_1.0.0/artifact.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><artifact name="PetsAPI" version="1.0.0" type="synapse/api" serverRole="EnterpriseServiceBus"><file>PetsAPI-1.0.0.xml</file></artifact>)"},
      {"PetsAPI_1.0.0/PetsAPI-1.0.0.xml",
       R"(<api xmlns="http://ws.apache.org/ns/synapse" name="PetsAPI" context="/pets"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>)"},
      {"metadata/PetsAPI_swagger_1.0.0/artifact.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><artifact name="PetsAPI_swagger" version="1.0.0" type="synapse/metadata" serverRole="EnterpriseServiceBus"><file>PetsAPI_swagger-1.0.0.yaml</file></artifact>)"},
      {kSwaggerEntry, definition},
      {"artifacts.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><artifacts><artifact name="PetsCApp" version="1.0.0" type="carbon/application"><dependency artifact="PetsAPI" version="1.0.0" include="true" serverRole="EnterpriseServiceBus"/></artifact></artifacts>)"},
  });
}

// ---- hostile CApps -----------------------------------------------------------------------------

std::string nested_entry_name(unsigned level) { return "dependencies/level" + std::to_string(level) + "_1.0.0.car"; }

std::string nested_fat_car(unsigned depth) {
  std::string current = good_capp();
  for (unsigned level = depth; level >= 1; --level)
    current = make_zip({{"artifacts.xml", kArtifactsXml}, {nested_entry_name(level), current}});
  return current;
}

std::string fan_out_fat_car(unsigned fan, unsigned depth) {
  std::string current = make_zip({{"artifacts.xml", kArtifactsXml}, {"a.xml", "<a/>"}});
  for (unsigned level = 0; level < depth; ++level) {
    std::vector<carport::testing::ZipEntrySpec> entries = {{"artifacts.xml", kArtifactsXml}};
    for (unsigned i = 0; i < fan; ++i) entries.push_back({"dependencies/n" + std::to_string(i) + "_1.0.0.car", current});
    current = make_zip(entries);
  }
  return current;
}

std::string fat_car_with(const std::string& inner) {
  return make_zip({{"artifacts.xml", kArtifactsXml}, {"dependencies/inner_1.0.0.car", inner}});
}

std::string with_crc_flipped(std::string zip, std::string_view name) {
  const ZipLayout::Entry entry = zip_layout(zip).entry(name);
  patch_le(zip, entry.local_offset + 14, entry.crc ^ 0x00010000u, 4);
  patch_le(zip, entry.central_offset + 16, entry.crc ^ 0x00010000u, 4);
  return zip;
}

std::string capp_with_bad_sheet_crc() {
  const std::string bytes = good_capp();
  if (zip_layout(bytes).entry(kSheetEntry).method != 8)
    throw std::logic_error("capp_with_bad_sheet_crc: the sheet is not deflated");
  return with_crc_flipped(bytes, kSheetEntry);
}

std::string overlapping_central_records() {
  std::string bytes = build_zip({stored("artifacts.xml", kArtifactsXml), stored("a.xml", "<a>hello</a>"),
                                 stored("b.xml", "<a>hello</a>")});
  const ZipLayout layout = zip_layout(bytes);
  patch_le(bytes, layout.entry("b.xml").central_offset + 42, layout.entry("a.xml").local_offset, 4);
  return bytes;
}

std::string overlapping_entry_data() {
  // b.xml's complete local record (header + name + data) as it would stand on its own.
  const std::string alone = build_zip({stored("b.xml", "<b>inside a.bin</b>")});
  const ZipLayout::Entry b = zip_layout(alone).entry("b.xml");
  const std::string b_local = alone.substr(0, b.data_offset + b.compressed_size);

  std::string bytes = build_zip({stored("artifacts.xml", kArtifactsXml), stored("a.bin", b_local)});
  const ZipLayout layout = zip_layout(bytes);
  const std::size_t b_at = layout.entry("a.bin").data_offset;
  // Append b.xml's central record (pointing into a.bin's data) to the directory.
  std::string record = alone.substr(b.central_offset, 46 + b.name.size());
  patch_le(record, 42, b_at, 4);
  std::string out = bytes.substr(0, layout.end_offset) + record + bytes.substr(layout.end_offset);
  const std::size_t end = layout.end_offset + record.size();
  patch_le(out, end + 8, 3, 2);
  patch_le(out, end + 10, 3, 2);
  patch_le(out, end + 12, layout.central_size + record.size(), 4);
  return out;
}

std::string truncated_inside_central_directory() {
  const std::string bytes = good_capp();
  const ZipLayout layout = zip_layout(bytes);
  return bytes.substr(0, layout.central_offset + layout.central_size / 2);
}

std::string central_directory_hole() {
  std::string bytes = good_capp();
  const ZipLayout layout = zip_layout(bytes);
  bytes.erase(layout.central_offset + 10, 20);
  return bytes;
}

namespace {
std::vector<RawRecord> records_with_random_data() {
  return {stored("artifacts.xml", kArtifactsXml), stored("data.bin", pseudo_random_bytes(3000, 7)),
          stored("z.xml", "<z/>")};
}
}  // namespace

std::string truncated_entry_data() {
  std::string bytes = build_zip(records_with_random_data());
  bytes.erase(zip_layout(bytes).entry("data.bin").data_offset + 1000, 500);
  return bytes;
}

std::string short_entry_data_fixed_offsets() {
  std::string bytes = build_zip(records_with_random_data());
  const ZipLayout before = zip_layout(bytes);
  const std::size_t hole = before.entry("data.bin").data_offset + 1000;
  constexpr std::size_t kCut = 500;
  bytes.erase(hole, kCut);
  // Everything after the hole moved down by kCut: fix the record offsets and the end record.
  for (const ZipLayout::Entry& entry : before.entries)
    if (entry.local_offset > hole) patch_le(bytes, entry.central_offset - kCut + 42, entry.local_offset - kCut, 4);
  patch_le(bytes, before.end_offset - kCut + 16, before.central_offset - kCut, 4);
  return bytes;
}

std::string non_utf8_name() { return "data/bad\xFF\xFEname.xml"; }

std::string non_utf8_capp(bool utf8_flag, bool with_sheet) {
  const std::uint16_t flags = utf8_flag ? 0x0800 : 0;
  std::vector<RawRecord> records = {stored("artifacts.xml", kArtifactsXml, flags),
                                    stored(non_utf8_name(), "<bad/>", flags)};
  if (with_sheet) records.push_back(deflated(kSheetEntry, form_a_stylesheet(), flags));
  return build_zip(records);
}

std::string many_entries_capp(std::size_t count, bool with_sheet) {
  std::vector<RawRecord> records;
  records.reserve(count + 2);
  records.push_back(stored("artifacts.xml", kArtifactsXml));
  char name[32];
  for (std::size_t i = 0; i < count; ++i) {
    std::snprintf(name, sizeof name, "e/%06zu.xml", i);
    records.push_back(stored(name, "<e/>"));
  }
  if (with_sheet) records.push_back(deflated(kSheetEntry, form_a_stylesheet()));
  return build_zip(records);
}

std::uint32_t data_xml_size() { return static_cast<std::uint32_t>(data_xml_content().size()); }

std::string deflate_declared_size(std::uint32_t declared) {
  RawRecord data = deflated("data.xml", data_xml_content());
  data.uncompressed_size = declared;
  return build_zip({stored("artifacts.xml", kArtifactsXml), data});
}

std::string deflate_bad_crc() {
  RawRecord data = deflated("data.xml", data_xml_content());
  data.crc ^= 0x80000000u;
  return build_zip({stored("artifacts.xml", kArtifactsXml), data});
}

std::string billion_laughs_sheet() {
  return replace_once(after_declaration(form_a_stylesheet(), billion_laughs_dtd("xsl:stylesheet")), "<result>",
                      "<result>&lol9;");
}

std::string deep_sheet(std::size_t depth) {
  return replace_once(form_a_stylesheet(), "<result>", "<result>" + repeat("<d>", depth) + repeat("</d>", depth));
}

std::string deep_plain_xml(std::size_t depth) {
  return "<?xml version=\"1.0\"?>" + repeat("<d>", depth) + repeat("</d>", depth);
}

// ---- hostile definitions -----------------------------------------------------------------------

std::string yaml_alias_bomb() {
  std::string text = std::string(kOpenApiHead) + "x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  char previous = 'a';
  for (char level = 'b'; level <= 'i'; ++level) {
    text += std::string("x-") + level + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i == 0 ? "" : ",") + "*" + previous;
    text += "]\n";
    previous = level;
  }
  return text;
}

std::string yaml_deep_flow(std::size_t depth) {
  return std::string(kOpenApiHead) + "x-deep: " + repeat("[", depth) + repeat("]", depth) + "\n";
}

std::string yaml_deep_block(std::size_t depth) {
  return std::string(kOpenApiHead) + "x-deep:\n  " + repeat("- ", depth) + "leaf\n";
}

std::string json_deep(std::size_t depth) {
  return R"({"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{},"x-deep":)" + repeat("[", depth) +
         repeat("]", depth) + "}";
}

std::string json_invalid_utf8() {
  return "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"t\xFF\xFE\xC3(\",\"version\":\"1\"},\"paths\":{}}";
}

std::string openapi_ref_chain(std::size_t length) {
  std::string text = kSchemasHead;
  for (std::size_t i = 0; i < length; ++i)
    text += "    s" + std::to_string(i) + ": {$ref: \"#/components/schemas/s" + std::to_string(i + 1) + "\"}\n";
  return text + "    s" + std::to_string(length) + ": {type: string}\n";
}

std::string openapi_ref_cycles(std::size_t ring) {
  std::string text = std::string(kSchemasHead) +
                     "    self: {$ref: \"#/components/schemas/self\"}\n"
                     "    ping: {$ref: \"#/components/schemas/pong\"}\n"
                     "    pong: {$ref: \"#/components/schemas/ping\"}\n"
                     "    tree: {type: object, properties: {child: {$ref: \"#/components/schemas/tree\"}}}\n";
  for (std::size_t i = 0; i < ring; ++i)
    text += "    r" + std::to_string(i) + ": {allOf: [{$ref: \"#/components/schemas/r" + std::to_string((i + 1) % ring) +
            "\"}]}\n";
  return text;
}

std::string openapi_unresolved_refs(std::size_t count) {
  std::string text = kSchemasHead;
  for (std::size_t i = 0; i < count; ++i)
    text += "    s" + std::to_string(i) + ": {$ref: \"#/components/schemas/missing" + std::to_string(i) + "\"}\n";
  return text;
}

std::string binary_garbage(std::size_t size) { return pseudo_random_bytes(size, 11); }

std::string graphql_braces(std::size_t count) { return repeat("{", count); }

std::string graphql_deep_value(std::size_t depth) {
  return "input In { x: In }\ntype Query { f(a: In = " + repeat("{x: ", depth) + "null" + repeat("}", depth) +
         "): String }\n";
}

std::string graphql_deep_list_type(std::size_t depth) {
  return "type Query { f: " + repeat("[", depth) + "String" + repeat("]", depth) + " }\n";
}

std::string valid_wsdl() {
  return R"(<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:x" targetNamespace="urn:x">
  <wsdl:documentation>hostile</wsdl:documentation>
  <wsdl:message name="In"/>
  <wsdl:portType name="PT">
    <wsdl:operation name="op"><wsdl:input message="tns:In"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:PT"/>
  <wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B"/>
  </wsdl:service>
</wsdl:definitions>
)";
}

std::string wsdl_billion_laughs() {
  return replace_once(after_declaration(valid_wsdl(), "\n" + billion_laughs_dtd("wsdl:definitions")),
                      "<wsdl:documentation>hostile", "<wsdl:documentation>&lol9;");
}

std::string wsdl_external_entity() {
  return replace_once(
      after_declaration(valid_wsdl(), "\n<!DOCTYPE wsdl:definitions [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>"),
      "<wsdl:documentation>hostile", "<wsdl:documentation>&xxe;");
}

std::string zip_slip_export_zip() {
  return build_zip({stored("PetsAPI-1.0.0/api.yaml", "type: api\ndata:\n  id: 0c8fd3e5-1111-4e0a-9a55-2b7f1e6c7d01\n"),
                    stored("PetsAPI-1.0.0/Definitions/swagger.yaml", valid_openapi()),
                    stored(kZipSlipEntry, valid_openapi())});
}

// ---- file-system shapes ------------------------------------------------------------------------

void make_sparse_file(const fs::path& path, std::uint64_t size) {
  fs::create_directories(path.parent_path());
  { std::ofstream create(path, std::ios::binary | std::ios::trunc); }
  fs::resize_file(path, size);  // ftruncate: no data block is allocated
}

void make_fifo(const fs::path& path) {
  fs::create_directories(path.parent_path());
  if (::mkfifo(path.c_str(), 0600) != 0)
    throw std::system_error(errno, std::generic_category(), "mkfifo " + path.string());
}

}  // namespace carport::hostile
