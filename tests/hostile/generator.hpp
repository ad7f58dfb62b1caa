#pragma once
// Hostile inputs for tests/hostile/hostile_test.cpp, built at test time in memory (and, for the
// file-system shapes, in a temp folder): malformed zips made byte by byte or by patching what
// libzip writes, nesting and fan-out bombs, XML/YAML/JSON/GraphQL that explode when expanded or
// recursed into, and the file-system traps (sparse giants, FIFOs, symlink loops).
//
// Nothing here is read from disk; every byte is made by the functions below.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace carport::hostile {

// ---- zip records -------------------------------------------------------------------------------

/// One entry of a hand-built zip: the name is raw bytes, the data exactly what follows the local
/// header (already compressed when method is 8), sizes and CRC as they go into both headers.
struct RawRecord {
  std::string name;
  std::string data;
  std::uint32_t crc = 0;
  std::uint32_t uncompressed_size = 0;
  std::uint16_t method = 0;  ///< 0 stored, 8 deflate
  std::uint16_t flags = 0;   ///< general purpose bit flag (bit 11: name is UTF-8)
};

/// A stored record with the right CRC and sizes.
[[nodiscard]] RawRecord stored(std::string name, std::string content, std::uint16_t flags = 0);
/// A deflated record with the right CRC and sizes (the deflate stream comes from libzip).
[[nodiscard]] RawRecord deflated(std::string name, std::string_view content, std::uint16_t flags = 0);

/// A zip of the records, in order: local headers, central directory, end record. No ZIP64: with
/// more than 65,535 records the 16-bit counts of the end record wrap, as writers without ZIP64 do
/// (the central directory itself is complete, and readers such as Java's recount it).
[[nodiscard]] std::string build_zip(const std::vector<RawRecord>& records);

/// Where every record of a zip sits, read from its central directory; throws on anything odd.
struct ZipLayout {
  struct Entry {
    std::string name;
    std::size_t local_offset = 0;    ///< local file header
    std::size_t central_offset = 0;  ///< central directory record
    std::size_t data_offset = 0;     ///< first byte of the entry data
    std::uint32_t compressed_size = 0;
    std::uint32_t uncompressed_size = 0;
    std::uint32_t crc = 0;
    std::uint16_t method = 0;
  };
  std::vector<Entry> entries;
  std::size_t central_offset = 0;
  std::size_t central_size = 0;
  std::size_t end_offset = 0;  ///< end-of-central-directory record
  [[nodiscard]] const Entry& entry(std::string_view name) const;
};
[[nodiscard]] ZipLayout zip_layout(std::string_view bytes);

/// Little-endian store of `width` bytes at `offset`.
void patch_le(std::string& bytes, std::size_t offset, std::uint64_t value, int width);

// ---- good inputs -------------------------------------------------------------------------------

/// The stylesheet entry of the fixture CApps (tests/support/zip_fixture.cpp).
inline constexpr const char* kSheetEntry = "AddNumbers_xsltStyleSheet_1.0.0/resources/AddNumbers_xsltStyleSheet.xml";
/// The swagger metadata entry of capp_with_swagger().
inline constexpr const char* kSwaggerEntry = "metadata/PetsAPI_swagger_1.0.0/PetsAPI_swagger-1.0.0.yaml";

/// A realistic CApp whose Data Mapper stylesheet is in form A (carport migrates it).
[[nodiscard]] std::string good_capp();
/// The form-A sheet as carport rewrites it (xs moved to exclude-result-prefixes).
[[nodiscard]] std::string migrate_form_a_text(std::string sheet);
/// A valid OpenAPI 3.0 definition (YAML).
[[nodiscard]] std::string valid_openapi();
/// A CApp carrying `definition` as metadata/PetsAPI_swagger_1.0.0/PetsAPI_swagger-1.0.0.yaml.
[[nodiscard]] std::string capp_with_swagger(const std::string& definition);

// ---- hostile CApps -----------------------------------------------------------------------------

/// A fat CAR nested `depth` times: level k holds dependencies/level<k>_1.0.0.car; the innermost
/// CApp is good_capp().
[[nodiscard]] std::string nested_fat_car(unsigned depth);
/// The name of the nested entry at level k (1-based) of nested_fat_car().
[[nodiscard]] std::string nested_entry_name(unsigned level);
/// A fat CAR with `fan` nested CApps per level, `depth` levels (fan^depth leaf CApps), every
/// archive small and within every per-archive limit.
[[nodiscard]] std::string fan_out_fat_car(unsigned fan, unsigned depth);
/// A fat CAR holding `inner` as dependencies/inner_1.0.0.car.
[[nodiscard]] std::string fat_car_with(const std::string& inner);
/// good_capp() with the CRC of its (deflated) stylesheet entry flipped in both headers.
[[nodiscard]] std::string capp_with_bad_sheet_crc();

/// Two central records pointing at one local header (b.xml's record at a.xml's header).
[[nodiscard]] std::string overlapping_central_records();
/// Stored a.bin whose data holds b.xml's complete local record; b.xml's central record points
/// inside a.bin's data (the "overlapping files" zip-bomb construction, CRCs all correct).
[[nodiscard]] std::string overlapping_entry_data();
/// A CApp cut inside its central directory (no end record).
[[nodiscard]] std::string truncated_inside_central_directory();
/// A CApp with bytes removed from the middle of its central directory, end record kept as is.
[[nodiscard]] std::string central_directory_hole();
/// A CApp with 500 bytes removed from the middle of an entry's data, nothing else fixed.
[[nodiscard]] std::string truncated_entry_data();
/// As truncated_entry_data() but every offset after the hole fixed up: only the entry's data is
/// shorter than its headers declare.
[[nodiscard]] std::string short_entry_data_fixed_offsets();
/// The raw name with bytes 0xFF 0xFE (not UTF-8, not CP437-meaningful) used by non_utf8_capp().
[[nodiscard]] std::string non_utf8_name();
/// A CApp with an entry named non_utf8_name(); `utf8_flag` sets bit 11 (name claims UTF-8) on
/// every record; `with_sheet` adds the form-A stylesheet so the CApp is rewritten.
[[nodiscard]] std::string non_utf8_capp(bool utf8_flag, bool with_sheet);
/// A stored CApp of `count` small entries plus artifacts.xml (and the form-A sheet).
[[nodiscard]] std::string many_entries_capp(std::size_t count, bool with_sheet);
/// A CApp whose deflated data.xml declares `declared` bytes uncompressed (its real size is
/// data_xml_size()), in both headers, CRC of the real content.
[[nodiscard]] std::string deflate_declared_size(std::uint32_t declared);
[[nodiscard]] std::uint32_t data_xml_size();
/// A CApp whose deflated data.xml has a wrong CRC in both headers.
[[nodiscard]] std::string deflate_bad_crc();
/// `zip` with the CRC of `entry` changed in its local header and its central record.
[[nodiscard]] std::string with_crc_flipped(std::string zip, std::string_view entry);

/// A form-A stylesheet with a DTD defining the billion-laughs entities (10^9 "lol"s) and a
/// reference to the largest one in the template body.
[[nodiscard]] std::string billion_laughs_sheet();
/// A form-A stylesheet whose template body nests `depth` elements.
[[nodiscard]] std::string deep_sheet(std::size_t depth);
/// Plain XML (not a Data Mapper sheet) nesting `depth` elements from the root.
[[nodiscard]] std::string deep_plain_xml(std::size_t depth);

// ---- hostile definitions -----------------------------------------------------------------------

/// An OpenAPI 3.0 YAML document with a billion-laughs alias bomb (9 levels of 9 aliases).
[[nodiscard]] std::string yaml_alias_bomb();
/// OpenAPI YAML with a flow sequence nested `depth` deep.
[[nodiscard]] std::string yaml_deep_flow(std::size_t depth);
/// OpenAPI YAML with a block sequence nested `depth` deep on one line ("- - - ...").
[[nodiscard]] std::string yaml_deep_block(std::size_t depth);
/// OpenAPI JSON with an array nested `depth` deep.
[[nodiscard]] std::string json_deep(std::size_t depth);
/// OpenAPI JSON whose info.title holds invalid UTF-8 (0xFF 0xFE, a truncated sequence).
[[nodiscard]] std::string json_invalid_utf8();
/// OpenAPI 3.0 with schemas s0 -> s1 -> ... -> s<length> ($ref chain; the last is a string).
[[nodiscard]] std::string openapi_ref_chain(std::size_t length);
/// OpenAPI 3.0 with a self-referencing schema, a two-schema cycle and a ring of `ring` schemas.
[[nodiscard]] std::string openapi_ref_cycles(std::size_t ring);
/// OpenAPI 3.0 with `count` schemas each referring to a missing schema.
[[nodiscard]] std::string openapi_unresolved_refs(std::size_t count);
/// `size` pseudo-random bytes (fixed seed).
[[nodiscard]] std::string binary_garbage(std::size_t size);
/// `count` opening braces and nothing else.
[[nodiscard]] std::string graphql_braces(std::size_t count);
/// A GraphQL schema whose argument default value nests `depth` input objects.
[[nodiscard]] std::string graphql_deep_value(std::size_t depth);
/// A GraphQL schema whose field type nests `depth` list types.
[[nodiscard]] std::string graphql_deep_list_type(std::size_t depth);
/// A valid WSDL 1.1 document.
[[nodiscard]] std::string valid_wsdl();
/// valid_wsdl() with a billion-laughs DTD and the largest entity used in its documentation.
[[nodiscard]] std::string wsdl_billion_laughs();
/// valid_wsdl() with an external entity (file:///etc/passwd) used in its documentation.
[[nodiscard]] std::string wsdl_external_entity();
/// An API-M export zip (api.yaml + Definitions/swagger.yaml) with one more entry whose name
/// climbs out: PetsAPI-1.0.0/Definitions/../../../evil.yaml.
[[nodiscard]] std::string zip_slip_export_zip();
/// The zip-slip entry name of zip_slip_export_zip().
inline constexpr const char* kZipSlipEntry = "PetsAPI-1.0.0/Definitions/../../../evil.yaml";

// ---- file-system shapes ------------------------------------------------------------------------

/// A sparse file of `size` bytes (no data block is written).
void make_sparse_file(const std::filesystem::path& path, std::uint64_t size);
/// A named pipe (nobody ever writes to it).
void make_fifo(const std::filesystem::path& path);

}  // namespace carport::hostile
