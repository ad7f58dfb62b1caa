#include "tests/support/zip_fixture.hpp"

#include <zip.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>

namespace carport::testing {
namespace fs = std::filesystem;

namespace {

void put_le(std::string& out, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint32_t crc32_of(std::string_view data) {
  std::uint32_t crc = 0xffffffffu;
  for (const char c : data) {
    crc ^= static_cast<unsigned char>(c);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

constexpr const char* kSheetStart =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="no"?><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:firstElementOfTheInput="AddNumbers" xmlns:notXSLTCompatible="false" xmlns:own="http://ownfunction.org" )";
constexpr const char* kSheetEnd =
    R"xml(><xsl:template match="/"><ResultAdd><result><xsl:value-of select="( number(AddNumbers/num1) + number(AddNumbers/num2) )"/></result></ResultAdd></xsl:template></xsl:stylesheet>)xml";

}  // namespace

std::string make_zip(const std::vector<ZipEntrySpec>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("make_zip: cannot open");
  zip_source_keep(source);
  for (const ZipEntrySpec& entry : entries) {
    zip_int64_t index = -1;
    if (!entry.name.empty() && entry.name.back() == '/' && entry.content.empty()) {
      index = zip_dir_add(archive, entry.name.substr(0, entry.name.size() - 1).c_str(), ZIP_FL_ENC_UTF_8);
    } else {
      zip_source_t* data = zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
      index = zip_file_add(archive, entry.name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    }
    if (index < 0) throw std::runtime_error("make_zip: cannot add " + entry.name + ": " + zip_strerror(archive));
    const auto at = static_cast<zip_uint64_t>(index);
    zip_set_file_compression(archive, at, entry.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    zip_file_set_mtime(archive, at, entry.mtime, 0);
    if (entry.unix_mode) zip_file_set_external_attributes(archive, at, 0, ZIP_OPSYS_UNIX, *entry.unix_mode << 16);
    if (entry.encrypt && zip_file_set_encryption(archive, at, ZIP_EM_AES_256, "secret") != 0)
      throw std::runtime_error(std::string("make_zip: encryption unsupported: ") + zip_strerror(archive));
    if (!entry.comment.empty())
      zip_file_set_comment(archive, at, entry.comment.data(), static_cast<zip_uint16_t>(entry.comment.size()), 0);
  }
  if (zip_close(archive) != 0) throw std::runtime_error("make_zip: cannot close");
  zip_stat_t stat;
  zip_source_open(source);
  zip_source_stat(source, &stat);
  std::string bytes(stat.size, '\0');
  zip_source_read(source, bytes.data(), stat.size);
  zip_source_close(source);
  zip_source_free(source);
  return bytes;
}

std::string make_raw_zip(const std::vector<RawEntry>& entries) {
  std::string out;
  std::string directory;
  for (const RawEntry& entry : entries) {
    const std::uint64_t offset = out.size();
    const std::uint32_t crc = crc32_of(entry.content);
    std::string extra;
    if (entry.zip64_extra) {
      put_le(extra, 0x0001, 2);
      put_le(extra, 16, 2);
      put_le(extra, entry.content.size(), 8);
      put_le(extra, entry.content.size(), 8);
    }
    const std::uint32_t size32 = entry.zip64_extra ? 0xffffffffu : static_cast<std::uint32_t>(entry.content.size());
    out += "PK\x03\x04";
    put_le(out, entry.zip64_extra ? 45 : 20, 2);
    put_le(out, entry.flags, 2);
    put_le(out, entry.method, 2);
    put_le(out, 0, 4);  // time, date
    put_le(out, crc, 4);
    put_le(out, size32, 4);
    put_le(out, size32, 4);
    put_le(out, entry.name.size(), 2);
    put_le(out, extra.size(), 2);
    out += entry.name + extra + entry.content;

    directory += "PK\x01\x02";
    put_le(directory, 20, 2);
    put_le(directory, entry.zip64_extra ? 45 : 20, 2);
    put_le(directory, entry.flags, 2);
    put_le(directory, entry.method, 2);
    put_le(directory, 0, 4);
    put_le(directory, crc, 4);
    put_le(directory, size32, 4);
    put_le(directory, size32, 4);
    put_le(directory, entry.name.size(), 2);
    put_le(directory, extra.size(), 2);
    put_le(directory, 0, 2);  // comment
    put_le(directory, 0, 2);  // disk
    put_le(directory, 0, 2);  // internal attributes
    put_le(directory, 0, 4);  // external attributes
    put_le(directory, offset, 4);
    directory += entry.name + extra;
  }
  const std::uint64_t directory_offset = out.size();
  out += directory;
  bool zip64 = false;
  for (const RawEntry& entry : entries) zip64 = zip64 || entry.zip64_extra;
  if (zip64) {
    const std::uint64_t record_offset = out.size();
    out += "PK\x06\x06";
    put_le(out, 44, 8);
    put_le(out, 45, 2);
    put_le(out, 45, 2);
    put_le(out, 0, 4);
    put_le(out, 0, 4);
    put_le(out, entries.size(), 8);
    put_le(out, entries.size(), 8);
    put_le(out, directory.size(), 8);
    put_le(out, directory_offset, 8);
    out += "PK\x06\x07";
    put_le(out, 0, 4);
    put_le(out, record_offset, 8);
    put_le(out, 1, 4);
  }
  out += "PK\x05\x06";
  put_le(out, 0, 4);
  put_le(out, entries.size(), 2);
  put_le(out, entries.size(), 2);
  put_le(out, directory.size(), 4);
  put_le(out, directory_offset, 4);
  put_le(out, 0, 2);
  return out;
}

std::string form_a_stylesheet() {
  return std::string(kSheetStart) +
         R"(xmlns:xs="http://www.w3.org/2001/XMLSchema" extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput" version="2.0")" +
         kSheetEnd;
}

std::string form_b_stylesheet() {
  return std::string(kSheetStart) +
         R"(xmlns:xs="http://www.w3.org/2001/XMLSchema" extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" exclude-result-prefixes="xs" version="2.0")" +
         kSheetEnd;
}

std::string form_d_stylesheet() {
  return std::string(kSheetStart) +
         R"(xmlns:runTimeProperties="theProp,DEFAULT" xmlns:xs="http://www.w3.org/2001/XMLSchema" extension-element-prefixes="xs own runTimeProperties notXSLTCompatible firstElementOfTheInput" version="2.0")" +
         kSheetEnd;
}

std::vector<ZipEntrySpec> capp_entries(const std::string& sheet) {
  std::vector<ZipEntrySpec> entries = {
      {"AddNumbersAPI_1.0.0/", ""},
      {"AddNumbersAPI_1.0.0/artifact.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><artifact name="AddNumbersAPI" version="1.0.0" type="synapse/api" serverRole="EnterpriseServiceBus"><file>AddNumbersAPI-1.0.0.xml</file></artifact>)"},
      {"AddNumbersAPI_1.0.0/AddNumbersAPI-1.0.0.xml",
       R"(<api xmlns="http://ws.apache.org/ns/synapse" name="AddNumbersAPI" context="/add"><resource methods="POST"><inSequence><datamapper config="gov:datamapper/AddNumbers.dmc" inputSchema="gov:datamapper/AddNumbers_inputSchema.json" inputType="XML" outputSchema="gov:datamapper/AddNumbers_outputSchema.json" outputType="XML" xsltStyleSheet="gov:datamapper/AddNumbers_xsltStyleSheet.xml"/><respond/></inSequence></resource></api>)"},
      {"AddNumbers_1.0.0/resources/AddNumbers.dmc", "map_S_AddNumbers_S_ResultAdd = function(){ return {}; };\n"},
  };
  if (!sheet.empty())
    entries.push_back({"AddNumbers_xsltStyleSheet_1.0.0/resources/AddNumbers_xsltStyleSheet.xml", sheet});
  entries.push_back({"artifacts.xml",
                     R"(<?xml version="1.0" encoding="UTF-8"?><artifacts><artifact name="AddNumbersCApp" version="1.0.0" type="carbon/application"><dependency artifact="AddNumbersAPI" version="1.0.0" include="true" serverRole="EnterpriseServiceBus"/></artifact></artifacts>)"});
  return entries;
}

std::vector<std::pair<std::string, std::string>> read_zip(std::string_view bytes) {
  std::vector<std::pair<std::string, std::string>> result;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    throw std::runtime_error("read_zip: not a zip");
  }
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
    std::string content(stat.size, '\0');
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    if (file != nullptr) {
      zip_fread(file, content.data(), stat.size);
      zip_fclose(file);
    }
    result.emplace_back(stat.name, std::move(content));
  }
  zip_discard(archive);
  return result;
}

TempDir::TempDir() {
  std::random_device random;
  path_ = fs::temp_directory_path() / ("carport-test-" + std::to_string(random()) + std::to_string(random()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

void write_bytes(const fs::path& path, std::string_view bytes) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace carport::testing
