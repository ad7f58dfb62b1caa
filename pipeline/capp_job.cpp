#include "pipeline/text.hpp"
#include "pipeline/capp_job.hpp"

#include <algorithm>
#include <atomic>
#include <exception>

#include "pipeline/archive.hpp"
#include "pipeline/atomic_file.hpp"
#include "pipeline/parallel.hpp"
#include "pipeline/sha256.hpp"

namespace carport {
namespace {

/// Archives whose entries decompress to more than this are verified by several threads.
constexpr std::uint64_t kParallelEntryThreshold = 16ull << 20;

/// What every level of one CApp's walk shares: the transforms, the limits, and a count of the
/// nested CApps opened so far (a fat CAR fanning out at every level must not multiply the work).
struct Walk {
  const std::vector<std::unique_ptr<Transform>>& transforms;
  const ArchiveLimits& limits;
  std::atomic<std::uint64_t>& nested_archives;
};

ArchiveMigration walk_archive(std::string_view bytes, const Walk& walk, unsigned depth);

struct EntryResult {
  std::string error_entry;  ///< set with error: the address of the failure
  std::string error;
  bool read_fully = false;
  std::string new_bytes;
  bool changed = false;
  std::vector<RewrittenEntry> rewritten;
  std::vector<Diagnostic> notes;
};


/// Fat CARs embed dependent CApps as dependencies/<artifactId>-<version>.car (capp-format §9).
bool is_nested_capp(std::string_view name) {
  return name.starts_with("dependencies/") && ends_with_ignoring_case(name, ".car");
}

Diagnostic note_to_diagnostic(const EntryNote& note, const std::string& entry) {
  return Diagnostic{note.is_warning ? Severity::warning : Severity::note, "", entry, note.line, note.column,
                    note.message};
}

RewrittenEntry describe_rewrite(std::string entry, std::string_view transform, std::string_view before,
                                std::string_view after) {
  return RewrittenEntry{std::move(entry), std::string(transform), sha256_hex(before), sha256_hex(after),
                        before.size(), after.size()};
}

/// Runs the inner CApp through migrate_archive and folds its findings into the outer entry.
void migrate_nested(EntryResult& result, const EntryInfo& info, std::string& current,
                    const Walk& walk, unsigned depth) {
  const ArchiveLimits& limits = walk.limits;
  if (depth + 1 > limits.max_nesting) {
    result.error_entry = info.name;
    result.error = "nested CApps deeper than " + std::to_string(limits.max_nesting) + " levels (--max-nesting)";
    return;
  }
  if (walk.nested_archives.fetch_add(1) + 1 > limits.max_nested_archives) {
    result.error_entry = info.name;
    result.error = "more than " + std::to_string(limits.max_nested_archives) +
                   " nested CApps in one CApp (--max-nested-capps; fan-out bomb?)";
    return;
  }
  ArchiveMigration inner = walk_archive(current, walk, depth + 1);
  const std::string prefix = info.name + "!";
  if (inner.failed) {
    result.error_entry = inner.failed_entry.empty() ? info.name : prefix + inner.failed_entry;
    result.error = inner.failure;
    return;
  }
  for (Diagnostic& note : inner.notes) {
    note.entry = prefix + note.entry;
    result.notes.push_back(std::move(note));
  }
  for (RewrittenEntry& rewritten : inner.rewritten) {
    rewritten.entry = prefix + rewritten.entry;
    result.rewritten.push_back(std::move(rewritten));
  }
  if (!inner.new_bytes.empty()) {
    result.rewritten.push_back(describe_rewrite(info.name, "nested-capp", current, inner.new_bytes));
    current = std::move(inner.new_bytes);
    result.changed = true;
  }
}

/// Verifies one entry (CRC, sizes) and, when a transform wants it, runs the transforms on it.
EntryResult process_entry(const Archive& archive, const EntryInfo& info,
                          const Walk& walk, unsigned depth) {
  EntryResult result;
  std::vector<const Transform*> interested;
  if (!info.is_directory()) {
    for (const auto& transform : walk.transforms)
      if (transform->wants(info.name)) interested.push_back(transform.get());
  }
  const bool nested = !info.is_directory() && is_nested_capp(info.name);
  const bool wanted = nested || !interested.empty();
  const ArchiveLimits& limits = walk.limits;
  if (!wanted || info.uncompressed_size > limits.max_transform_entry) {
    if (wanted)
      result.notes.push_back({Severity::warning, "", info.name, 0, 0,
                              "entry is larger than " + std::to_string(limits.max_transform_entry) +
                                  " bytes (--max-transform-size); not examined"});
    result.error = archive.read_entry(info.index, nullptr);
    if (!result.error.empty()) result.error_entry = info.name;
    return result;
  }

  std::string original;
  result.error = archive.read_entry(info.index, &original);
  result.read_fully = true;
  if (!result.error.empty()) {
    result.error_entry = info.name;
    return result;
  }
  std::string current = original;
  for (const Transform* transform : interested) {
    EntryOutcome outcome = transform->apply(info.name, current);
    for (const EntryNote& note : outcome.notes) result.notes.push_back(note_to_diagnostic(note, info.name));
    if (outcome.fails_archive) {
      result.error_entry = info.name;
      result.error = outcome.fail_reason;
      return result;
    }
    if (outcome.verdict == EntryVerdict::rewritten && outcome.new_bytes != current) {
      result.rewritten.push_back(describe_rewrite(info.name, transform->name(), current, outcome.new_bytes));
      current = std::move(outcome.new_bytes);
      result.changed = true;
    }
  }
  if (nested) migrate_nested(result, info, current, walk, depth);
  if (result.changed) result.new_bytes = std::move(current);
  return result;
}

/// process_entry that turns any exception into a value, so nothing escapes a TBB body.
EntryResult process_entry_safely(const Archive& archive, const EntryInfo& info,
                                 const Walk& walk, unsigned depth) noexcept {
  try {
    return process_entry(archive, info, walk, depth);
  } catch (const std::exception& exception) {
    EntryResult result;
    result.error_entry = info.name;
    result.error = std::string("internal error: ") + exception.what();
    return result;
  }
}

/// One result per entry, in entry order. Big archives are split across threads; libzip handles
/// are not thread-safe, so each chunk opens its own handle over the same immutable bytes.
std::vector<EntryResult> process_entries(std::string_view bytes, const Archive& archive,
                                         const Walk& walk, unsigned depth) {
  const std::vector<EntryInfo>& entries = archive.entries();
  std::vector<EntryResult> results(entries.size());
  if (archive.total_uncompressed() < kParallelEntryThreshold || entries.size() < 2) {
    for (std::size_t i = 0; i < entries.size(); ++i)
      results[i] = process_entry_safely(archive, entries[i], walk, depth);
    return results;
  }
  const std::size_t grain = std::max<std::size_t>(1, entries.size() / 8);
  parallel_chunks(entries.size(), grain, [&](const tbb::blocked_range<std::size_t>& range) {
    ArchiveError error;
    std::unique_ptr<Archive> local;
    try {
      local = Archive::open(bytes, walk.limits, error);
    } catch (const std::exception& exception) {
      error.message = exception.what();
    }
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      if (local) {
        results[i] = process_entry_safely(*local, entries[i], walk, depth);
      } else {
        results[i].error_entry = entries[i].name;
        results[i].error = "cannot reopen archive: " + error.message;
      }
    }
  });
  return results;
}

/// Re-reads a freshly written archive completely; what we write must pass our own checks.
std::string verify_written(std::string_view bytes, const ArchiveLimits& limits) {
  ArchiveError error;
  auto archive = Archive::open(bytes, limits, error);
  if (!archive) return error.message;
  for (const EntryInfo& info : archive->entries()) {
    if (std::string problem = archive->read_entry(info.index, nullptr); !problem.empty())
      return info.name + ": " + problem;
  }
  return {};
}

}  // namespace

const char* status_name(CappStatus status) {
  switch (status) {
    case CappStatus::migrated: return "migrated";
    case CappStatus::unchanged: return "unchanged";
    case CappStatus::failed: return "failed";
  }
  return "failed";
}

ArchiveMigration migrate_archive(std::string_view bytes, const std::vector<std::unique_ptr<Transform>>& transforms,
                                 const ArchiveLimits& limits, unsigned depth) {
  std::atomic<std::uint64_t> nested_archives{0};
  return walk_archive(bytes, Walk{transforms, limits, nested_archives}, depth);
}

namespace {

ArchiveMigration walk_archive(std::string_view bytes, const Walk& walk, unsigned depth) {
  const ArchiveLimits& limits = walk.limits;
  ArchiveMigration migration;
  ArchiveError error;
  auto archive = Archive::open(bytes, limits, error);
  if (!archive) {
    migration.failed = true;
    migration.failed_entry = error.entry;
    migration.failure = error.message;
    return migration;
  }
  migration.entries = archive->entries().size();
  std::vector<EntryResult> results = process_entries(bytes, *archive, walk, depth);
  std::vector<Replacement> replacements;
  for (std::size_t i = 0; i < results.size(); ++i) {
    EntryResult& result = results[i];
    if (!result.error.empty()) {
      std::move(result.notes.begin(), result.notes.end(), std::back_inserter(migration.notes));
      migration.failed = true;
      migration.failed_entry = result.error_entry;
      migration.failure = result.error;
      return migration;
    }
    migration.entries_read += result.read_fully ? 1 : 0;
    std::move(result.notes.begin(), result.notes.end(), std::back_inserter(migration.notes));
    std::move(result.rewritten.begin(), result.rewritten.end(), std::back_inserter(migration.rewritten));
    if (result.changed)
      replacements.push_back({archive->entries()[i].index, std::move(result.new_bytes), archive->entries()[i].mtime});
  }
  if (replacements.empty()) return migration;

  if (archive->entries().size() > 0xffff) {
    migration.failed = true;
    migration.failure = "cannot rewrite an archive of more than 65,535 entries: it would need ZIP64 (not supported)";
    return migration;
  }
  RewriteResult rewritten = rewrite_archive(bytes, replacements);
  if (rewritten.error.empty()) {
    if (std::string problem = verify_written(rewritten.bytes, limits); !problem.empty())
      rewritten.error = "rewritten archive failed verification: " + problem;
  }
  if (!rewritten.error.empty()) {
    migration.failed = true;
    migration.failure = rewritten.error;
    return migration;
  }
  migration.new_bytes = std::move(rewritten.bytes);
  return migration;
}

}  // namespace

void mark_failed(CappRecord& record, std::string entry, std::string message) {
  record.status = CappStatus::failed;
  record.output.clear();
  record.rewritten.clear();
  Diagnostic error{Severity::error, record.input, std::move(entry), 0, 0, std::move(message)};
  record.reason = error.location_and_message();
  record.diagnostics.push_back(std::move(error));
}

void read_capp(CappWork& work, const ArchiveLimits& limits) {
  CappRecord& record = work.record;
  record.input = work.input->path;
  if (!work.input->collision_with.empty()) {
    mark_failed(record, "", "output " + work.input->output_relative + " is already written for " +
                                work.input->collision_with);
    return;
  }
  FileReadResult file = read_file(work.input->path, limits.max_archive_bytes);
  if (!file.error.empty()) {
    mark_failed(record, "", file.error);
    return;
  }
  work.input_bytes = std::move(file.bytes);
  record.input_size = work.input_bytes.size();
  record.input_sha256 = sha256_hex(work.input_bytes);
  record.status = CappStatus::unchanged;  // until a later stage says otherwise
}

void transform_capp(CappWork& work, const std::vector<std::unique_ptr<Transform>>& transforms,
                    const ArchiveLimits& limits) {
  CappRecord& record = work.record;
  if (record.status == CappStatus::failed) return;
  ArchiveMigration migration = migrate_archive(work.input_bytes, transforms, limits, 0);
  for (Diagnostic& note : migration.notes) {
    note.path = record.input;
    record.diagnostics.push_back(std::move(note));
  }
  record.entries = migration.entries;
  record.entries_read = migration.entries_read;
  if (migration.failed) {
    mark_failed(record, migration.failed_entry, migration.failure);
    return;
  }
  record.rewritten = std::move(migration.rewritten);
  record.output = work.input->output_relative;
  if (migration.new_bytes.empty()) {
    record.output_sha256 = record.input_sha256;
    record.output_size = record.input_size;
    return;
  }
  work.output_bytes = std::move(migration.new_bytes);
  record.status = CappStatus::migrated;
  record.output_sha256 = sha256_hex(work.output_bytes);
  record.output_size = work.output_bytes.size();
}

void write_capp(CappWork& work, const std::filesystem::path& output_dir, bool dry_run) {
  CappRecord& record = work.record;
  if (record.status != CappStatus::failed && !dry_run) {
    const std::string_view bytes = work.output_bytes.empty() ? work.input_bytes : work.output_bytes;
    if (std::string error = write_file_atomically(output_dir / record.output, bytes); !error.empty())
      mark_failed(record, "", std::move(error));
  }
  std::string().swap(work.input_bytes);
  std::string().swap(work.output_bytes);
}

}  // namespace carport
