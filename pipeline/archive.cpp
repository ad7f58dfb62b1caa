#include "pipeline/archive.hpp"

#include <sys/stat.h>
#include <libdeflate.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <unordered_set>
#include <utility>

namespace carport {
namespace {

constexpr std::string_view kLocalHeader = "PK\x03\x04";
constexpr std::string_view kEndOfCentralDirectory = "PK\x05\x06";
constexpr std::string_view kZip64Locator = "PK\x06\x07";
constexpr std::size_t kEndRecordSize = 22;
constexpr std::size_t kMaxCommentSize = 0xffff;

std::uint32_t read_le(std::string_view bytes, std::size_t offset, std::size_t width) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < width; ++i)
    value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
  return value;
}

/// Offset of the end-of-central-directory record, or npos.
std::size_t find_end_record(std::string_view bytes) {
  if (bytes.size() < kEndRecordSize) return std::string_view::npos;
  const std::size_t last = bytes.size() - kEndRecordSize;
  const std::size_t first = last > kMaxCommentSize ? last - kMaxCommentSize : 0;
  for (std::size_t at = last + 1; at-- > first;) {
    if (bytes.compare(at, 4, kEndOfCentralDirectory) == 0) return at;
  }
  return std::string_view::npos;
}

std::string describe_zip_error(int code, zip_error_t* error) {
  switch (code) {
    case ZIP_ER_CRC: return "CRC mismatch: entry data is corrupt";
    case ZIP_ER_NOZIP: return "not a zip archive (central directory not found or corrupt)";
    case ZIP_ER_INCONS: return "inconsistent zip archive (corrupt or truncated central directory or local header)";
    case ZIP_ER_EOF:
    case ZIP_ER_READ: return "entry data is truncated";
    case ZIP_ER_ZLIB:
    case ZIP_ER_COMPRESSED_DATA: return "compressed data is invalid";
    case ZIP_ER_COMPNOTSUPP: return "unsupported compression method";
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD: return "encrypted entry";
    case ZIP_ER_MEMORY: return "out of memory";
    case ZIP_ER_EXISTS: return "duplicate entry name";
    default: return error != nullptr ? zip_error_strerror(error) : "zip error " + std::to_string(code);
  }
}

bool is_symlink(zip_t* handle, zip_uint64_t index) {
  zip_uint8_t opsys = 0;
  zip_uint32_t attributes = 0;
  if (zip_file_get_external_attributes(handle, index, 0, &opsys, &attributes) != 0) return false;
  return opsys == ZIP_OPSYS_UNIX && ((attributes >> 16) & S_IFMT) == S_IFLNK;
}

std::string method_name(std::uint16_t method) {
  switch (method) {
    case 1: return "shrink";
    case 6: return "implode";
    case 9: return "deflate64";
    case 12: return "bzip2";
    case 14: return "lzma";
    case 93: return "zstd";
    case 95: return "xz";
    case 99: return "AES";
    default: return "unknown";
  }
}

/// The per-entry rules of the hostile-input policy; an empty message when the entry is acceptable.
std::string check_entry(zip_t* handle, const zip_stat_t& stat, std::string_view raw_name,
                        const ArchiveLimits& limits) {
  if (std::string reason = unsafe_name_reason(raw_name); !reason.empty())
    return "unsafe entry name: " + reason;
  if (is_symlink(handle, stat.index)) return "symbolic link entry";
  if (stat.encryption_method != ZIP_EM_NONE) return "encrypted entry";
  if (stat.comp_method != ZIP_CM_STORE && stat.comp_method != ZIP_CM_DEFLATE)
    return "unsupported compression method " + std::to_string(stat.comp_method) + " (" +
           method_name(stat.comp_method) + "); MI reads only stored and deflate";
  if (stat.size > limits.max_entry_uncompressed)
    return "entry declares " + std::to_string(stat.size) + " bytes uncompressed, over the limit of " +
           std::to_string(limits.max_entry_uncompressed);
  if (stat.size > limits.ratio_threshold && stat.size / std::max<zip_uint64_t>(stat.comp_size, 1) > limits.max_ratio)
    return "compression ratio " + std::to_string(stat.size / std::max<zip_uint64_t>(stat.comp_size, 1)) +
           ":1 is over the limit of " + std::to_string(limits.max_ratio) + ":1 (zip bomb?)";
  return {};
}

/// libzip's consistency check refuses duplicate names without saying which; a lenient reopen finds it.
std::string first_duplicate_name(std::string_view bytes) {
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, nullptr);
  zip_t* handle = source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY, nullptr);
  if (handle == nullptr) {
    zip_source_free(source);
    return {};
  }
  std::string duplicate;
  std::unordered_set<std::string> seen;
  const zip_int64_t count = zip_get_num_entries(handle, 0);
  for (zip_int64_t i = 0; i < count && duplicate.empty(); ++i) {
    const char* name = zip_get_name(handle, static_cast<zip_uint64_t>(i), 0);
    if (name != nullptr && !seen.insert(name).second) duplicate = name;
  }
  zip_discard(handle);
  return duplicate;
}

}  // namespace

/// Each entry's bytes (local header, name, extra, data, optional descriptor) must lie before the
/// central directory and must not overlap the next entry's: overlapping entries are how the
/// "non-recursive" zip bombs multiply a small file, and libzip 1.7 does not check for them.
/// Runs after sniff_zip, so the end record is known to be sane and ZIP64 is already refused.
ArchiveError layout_error(std::string_view bytes) {
  const std::size_t end = find_end_record(bytes);
  const std::uint32_t count = read_le(bytes, end + 10, 2);
  const std::uint64_t directory_offset = read_le(bytes, end + 16, 4);
  struct Span {
    std::uint64_t begin, end;
    std::string name;
  };
  std::vector<Span> spans;
  spans.reserve(count);
  std::uint64_t at = directory_offset;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (at + 46 > end || bytes.compare(at, 4, "PK\x01\x02") != 0) return {"", "corrupt central directory record " + std::to_string(i)};
    const std::uint32_t flags = read_le(bytes, at + 8, 2);
    const std::uint64_t compressed = read_le(bytes, at + 20, 4);
    const std::uint32_t name_length = read_le(bytes, at + 28, 2);
    const std::uint64_t record_size = 46ull + name_length + read_le(bytes, at + 30, 2) + read_le(bytes, at + 32, 2);
    const std::uint64_t local = read_le(bytes, at + 42, 4);
    if (at + 46 + name_length > end) return {"", "corrupt central directory record " + std::to_string(i)};
    std::string name(bytes.substr(at + 46, name_length));
    if (local + 30 > directory_offset || bytes.compare(local, 4, kLocalHeader) != 0)
      return {name, "local header offset points outside the entry data"};
    std::uint64_t data_end = local + 30 + read_le(bytes, local + 26, 2) + read_le(bytes, local + 28, 2) + compressed;
    if ((flags & 0x08) != 0) data_end += 12;  // data descriptor (at least; a signed one is 16)
    if (data_end > directory_offset) return {name, "entry data runs into the central directory"};
    spans.push_back({local, data_end, std::move(name)});
    at += record_size;
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].begin < spans[i - 1].end)
      return {spans[i].name, "entry overlaps the data of " + spans[i - 1].name + " (overlapping-entry zip bomb?)"};
  }
  return {};
}

ArchiveError sniff_zip(std::string_view bytes) {
  if (bytes.empty()) return {"", "empty file (0 bytes), not a zip archive"};
  const std::size_t end = find_end_record(bytes);
  if (end == std::string_view::npos) {
    if (bytes.starts_with(kLocalHeader))
      return {"", "truncated zip archive: end of central directory record not found"};
    return {"", "not a zip archive"};
  }
  if (end >= 20 && bytes.compare(end - 20, 4, kZip64Locator) == 0)
    return {"", "ZIP64 archive: not supported (CApps never need ZIP64)"};
  if (read_le(bytes, end + 4, 2) != 0 || read_le(bytes, end + 6, 2) != 0)
    return {"", "multi-disk (split) zip archive: not supported"};
  const std::uint32_t entry_count = read_le(bytes, end + 10, 2);
  const std::uint32_t directory_size = read_le(bytes, end + 12, 4);
  const std::uint32_t directory_offset = read_le(bytes, end + 16, 4);
  if (entry_count == 0xffff || directory_size == 0xffffffff || directory_offset == 0xffffffff)
    return {"", "ZIP64 archive: not supported (CApps never need ZIP64)"};
  if (entry_count == 0) return {"", "zip archive has no entries"};
  const std::uint64_t directory_end = std::uint64_t{directory_offset} + directory_size;
  if (directory_end > end) return {"", "truncated or corrupt zip archive: central directory lies past its end record"};
  if (!bytes.starts_with(kLocalHeader)) {
    if (directory_end < end)
      return {"", std::to_string(end - directory_end) +
                      " bytes of data before the first zip entry (self-extractor prefix?): not supported"};
    return {"", "not a zip archive (no local file header at offset 0)"};
  }
  return {};
}

std::string unsafe_name_reason(std::string_view name) {
  if (name.empty()) return "empty name";
  if (name.front() == '/') return "absolute path";
  if (name.find('\\') != std::string_view::npos) return "backslash in name";
  if (name.size() >= 2 && std::isalpha(static_cast<unsigned char>(name[0])) && name[1] == ':')
    return "drive letter";
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "control character in name";
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t slash = std::min(name.find('/', start), name.size());
    if (name.substr(start, slash - start) == "..") return "'..' path component";
    start = slash + 1;
  }
  return {};
}

/// Per-archive buffers and decompressor, reused across entries (an Archive is single-threaded).
struct Archive::Scratch {
  Scratch() : decompressor(libdeflate_alloc_decompressor()) {
    if (decompressor == nullptr) throw std::bad_alloc();
  }
  ~Scratch() { libdeflate_free_decompressor(decompressor); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  libdeflate_decompressor* decompressor;
  std::string compressed;
  std::string uncompressed;
};

namespace {
/// Whole-entry verification holds compressed + uncompressed bytes; above this, stream instead so
/// memory per archive in flight stays small.
constexpr std::uint64_t kWholeEntryLimit = 8ull << 20;
}  // namespace

Archive::Archive(zip* handle, std::vector<EntryInfo> entries, std::uint64_t total)
    : handle_(handle), scratch_(std::make_unique<Scratch>()), entries_(std::move(entries)), total_uncompressed_(total) {}

Archive::Archive(Archive&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      scratch_(std::move(other.scratch_)),
      entries_(std::move(other.entries_)),
      total_uncompressed_(other.total_uncompressed_) {}

Archive::~Archive() {
  if (handle_ != nullptr) zip_discard(handle_);
}

std::unique_ptr<Archive> Archive::open(std::string_view bytes, const ArchiveLimits& limits, ArchiveError& error) {
  error = sniff_zip(bytes);
  if (error.message.empty()) error = layout_error(bytes);
  if (!error.message.empty()) return nullptr;

  zip_error_t zip_error;
  zip_error_init(&zip_error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zip_error);
  zip_t* handle = source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &zip_error);
  if (handle == nullptr) {
    const int code = zip_error_code_zip(&zip_error);
    error = {code == ZIP_ER_EXISTS ? first_duplicate_name(bytes) : "", describe_zip_error(code, &zip_error)};
    zip_error_fini(&zip_error);
    zip_source_free(source);
    return nullptr;
  }
  zip_error_fini(&zip_error);
  std::unique_ptr<Archive> archive(new Archive(handle, {}, 0));

  const zip_int64_t count = zip_get_num_entries(handle, 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_entries) {
    error = {"", "archive has " + std::to_string(count) + " entries, over the limit of " +
                     std::to_string(limits.max_entries) + " (--max-entries)"};
    return nullptr;
  }
  std::unordered_set<std::string> seen;
  seen.reserve(static_cast<std::size_t>(count));
  archive->entries_.reserve(static_cast<std::size_t>(count));
  for (zip_uint64_t index = 0; index < static_cast<zip_uint64_t>(count); ++index) {
    zip_stat_t stat;
    const char* raw_name = zip_get_name(handle, index, ZIP_FL_ENC_RAW);
    if (raw_name == nullptr || zip_stat_index(handle, index, 0, &stat) != 0) {
      error = {"", "cannot read central directory entry " + std::to_string(index)};
      return nullptr;
    }
    EntryInfo info{index, stat.name, stat.comp_size, stat.size, stat.comp_method, stat.mtime, stat.crc};
    if (std::string reason = check_entry(handle, stat, raw_name, limits); !reason.empty()) {
      error = {info.name, reason};
      return nullptr;
    }
    if (!seen.insert(raw_name).second) {
      error = {info.name, "duplicate entry name"};
      return nullptr;
    }
    archive->total_uncompressed_ += stat.size;
    if (archive->total_uncompressed_ > limits.max_total_uncompressed) {
      error = {"", "entries total more than " + std::to_string(limits.max_total_uncompressed) +
                       " bytes uncompressed (--max-total-size; zip bomb?)"};
      return nullptr;
    }
    archive->entries_.push_back(std::move(info));
  }
  return archive;
}

std::string Archive::read_entry(std::uint64_t index, std::string* out) const {
  const EntryInfo& info = entries_.at(index);
  if (info.uncompressed_size <= kWholeEntryLimit && info.compressed_size <= kWholeEntryLimit)
    return read_whole_entry(info, out);
  return stream_entry(info, out);
}

std::string Archive::read_whole_entry(const EntryInfo& info, std::string* out) const {
  zip_file_t* file = zip_fopen_index(handle_, info.index, ZIP_FL_COMPRESSED);
  if (file == nullptr) {
    zip_error_t* zip_error = zip_get_error(handle_);
    return describe_zip_error(zip_error_code_zip(zip_error), zip_error);
  }
  std::string& compressed = scratch_->compressed;
  compressed.resize(info.compressed_size);
  const zip_int64_t got = zip_fread(file, compressed.data(), compressed.size());
  zip_fclose(file);
  if (got < 0 || static_cast<std::uint64_t>(got) != info.compressed_size) return "entry data is truncated";

  std::string& target = out != nullptr ? *out : scratch_->uncompressed;
  if (info.method == ZIP_CM_STORE) {
    if (info.compressed_size != info.uncompressed_size)
      return "stored entry's sizes differ (" + std::to_string(info.compressed_size) + " vs " +
             std::to_string(info.uncompressed_size) + " bytes)";
    if (libdeflate_crc32(0, compressed.data(), compressed.size()) != info.crc)
      return "CRC mismatch: entry data is corrupt";
    if (out != nullptr) out->assign(compressed);
    return {};
  } else {
    target.resize(info.uncompressed_size);
    std::size_t produced = 0;
    const libdeflate_result result = libdeflate_deflate_decompress(
        scratch_->decompressor, compressed.data(), compressed.size(), target.data(), target.size(), &produced);
    if (result == LIBDEFLATE_INSUFFICIENT_SPACE)
      return "entry decompresses to more than its declared " + std::to_string(info.uncompressed_size) + " bytes";
    if (result != LIBDEFLATE_SUCCESS) return "compressed data is invalid";
    if (produced != info.uncompressed_size)
      return "entry data is truncated (" + std::to_string(produced) + " of " +
             std::to_string(info.uncompressed_size) + " bytes)";
  }
  if (libdeflate_crc32(0, target.data(), target.size()) != info.crc) return "CRC mismatch: entry data is corrupt";
  return {};
}

std::string Archive::stream_entry(const EntryInfo& info, std::string* out) const {
  zip_file_t* file = zip_fopen_index(handle_, info.index, 0);
  if (file == nullptr) {
    zip_error_t* zip_error = zip_get_error(handle_);
    return describe_zip_error(zip_error_code_zip(zip_error), zip_error);
  }
  if (out != nullptr) {
    out->clear();
    out->reserve(info.uncompressed_size);
  }
  std::array<char, 64 * 1024> buffer;
  std::uint64_t total = 0;
  std::string problem;
  for (;;) {
    const zip_int64_t got = zip_fread(file, buffer.data(), buffer.size());
    if (got < 0) {
      zip_error_t* zip_error = zip_file_get_error(file);
      problem = describe_zip_error(zip_error_code_zip(zip_error), zip_error);
      break;
    }
    if (got == 0) break;
    total += static_cast<std::uint64_t>(got);
    if (total > info.uncompressed_size) {
      problem = "entry decompresses to more than its declared " + std::to_string(info.uncompressed_size) + " bytes";
      break;
    }
    if (out != nullptr) out->append(buffer.data(), static_cast<std::size_t>(got));
  }
  zip_fclose(file);
  if (problem.empty() && total != info.uncompressed_size)
    problem = "entry data is truncated (" + std::to_string(total) + " of " +
              std::to_string(info.uncompressed_size) + " bytes)";
  return problem;
}

RewriteResult rewrite_archive(std::string_view original, const std::vector<Replacement>& replacements) {
  RewriteResult result;
  zip_error_t zip_error;
  zip_error_init(&zip_error);
  // libzip 1.7 frees the buffer a writable buffer source started from when the written archive
  // replaces it, so it must get a malloc'd copy it owns (freep = 1), never our own memory.
  void* copy = std::malloc(std::max<std::size_t>(original.size(), 1));
  if (copy == nullptr) {
    result.error = "out of memory";
    return result;
  }
  std::memcpy(copy, original.data(), original.size());
  zip_source_t* source = zip_source_buffer_create(copy, original.size(), 1, &zip_error);
  if (source == nullptr) std::free(copy);
  zip_t* handle = source == nullptr ? nullptr : zip_open_from_source(source, 0, &zip_error);
  if (handle == nullptr) {
    result.error = "cannot reopen archive for writing: " + describe_zip_error(zip_error_code_zip(&zip_error), &zip_error);
    zip_error_fini(&zip_error);
    zip_source_free(source);
    return result;
  }
  zip_error_fini(&zip_error);
  zip_source_keep(source);  // we read the written archive back from it after zip_close

  auto fail = [&](const std::string& what) {
    result.error = what + ": " + zip_strerror(handle);
    zip_discard(handle);
    zip_source_free(source);
    return result;
  };
  for (const Replacement& replacement : replacements) {
    zip_source_t* data = zip_source_buffer(handle, replacement.bytes.data(), replacement.bytes.size(), 0);
    if (data == nullptr) return fail("cannot stage replacement");
    if (zip_file_replace(handle, replacement.index, data, 0) != 0) {
      zip_source_free(data);
      return fail("cannot replace entry");
    }
    if (zip_set_file_compression(handle, replacement.index, ZIP_CM_DEFLATE, 0) != 0 ||
        zip_file_set_mtime(handle, replacement.index, replacement.mtime, 0) != 0)
      return fail("cannot set entry attributes");
  }
  // libzip clones the unchanged prefix of a buffer source verbatim, local headers included, but
  // writes the central directory anew (dropping the UTF-8 flag of ASCII names), so the two
  // disagree and `unzip -t` warns. Touching entry 0's metadata makes libzip regenerate every
  // local header; entry data is still copied without recompression.
  if (zip_get_num_entries(handle, 0) > 0) {
    zip_stat_t first;
    if (zip_stat_index(handle, 0, ZIP_FL_UNCHANGED, &first) != 0 || zip_file_set_mtime(handle, 0, first.mtime, 0) != 0)
      return fail("cannot set entry attributes");
  }
  if (zip_close(handle) != 0) return fail("cannot write archive");

  zip_stat_t stat;
  if (zip_source_open(source) != 0 || zip_source_stat(source, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0) {
    result.error = std::string("cannot read back written archive: ") + zip_error_strerror(zip_source_error(source));
    zip_source_free(source);
    return result;
  }
  result.bytes.resize(stat.size);
  const zip_int64_t got = zip_source_read(source, result.bytes.data(), stat.size);
  zip_source_close(source);
  zip_source_free(source);
  if (got < 0 || static_cast<zip_uint64_t>(got) != stat.size) {
    result.bytes.clear();
    result.error = "cannot read back written archive";
  }
  return result;
}

}  // namespace carport
