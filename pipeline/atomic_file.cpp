#include "pipeline/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

namespace carport {
namespace fs = std::filesystem;

namespace {

std::string errno_text(int error_number) { return std::strerror(error_number); }

/// Closes a descriptor on scope exit.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

}  // namespace

FileReadResult read_file(const fs::path& path, std::uint64_t max_bytes) {
  FileReadResult result;
  // O_NONBLOCK: opening a FIFO named like a CApp must not wait for a writer; the S_ISREG check
  // below then refuses it. (The flag has no effect on reads of regular files.)
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) {
    result.error = "cannot open: " + errno_text(errno);
    return result;
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    result.error = "cannot stat: " + errno_text(errno);
    return result;
  }
  if (!S_ISREG(info.st_mode)) {
    result.error = "not a regular file";
    return result;
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > max_bytes) {
    result.error = "file is " + std::to_string(size) + " bytes, over the limit of " +
                   std::to_string(max_bytes) + " (--max-archive-size)";
    return result;
  }
  result.bytes.resize(size);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = ::read(fd.get(), result.bytes.data() + done, size - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      result.error = "read failed: " + errno_text(errno);
      return result;
    }
    if (got == 0) break;  // the file shrank while we read it
    done += static_cast<std::size_t>(got);
  }
  if (done != size) {
    result.error = "file changed size while being read";
    result.bytes.clear();
  }
  return result;
}

namespace {

constexpr std::size_t kOutputBuffer = 256 * 1024;

/// ".<name>.carport-tmp.XXXXXX" beside path (the Xs for mkstemp).
std::string temp_template(const fs::path& parent, const fs::path& path) {
  std::string hidden_name(1, '.');
  hidden_name += path.filename().string();
  hidden_name += kTempMarker;
  hidden_name += "XXXXXX";
  return (parent / hidden_name).string();
}

fs::path parent_of(const fs::path& path) { return path.has_parent_path() ? path.parent_path() : fs::path("."); }

/// Publishes a complete unnamed O_TMPFILE inode under path. Returns false (no side effects) when
/// /proc is unusable; true with `error` empty or set otherwise. An existing target (--force) is
/// replaced by linking under a temp name and renaming over it.
bool link_unnamed(int fd, const fs::path& path, std::string& error) {
  const std::string self = "/proc/self/fd/" + std::to_string(fd);
  if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) return true;
  if (errno != EEXIST) return false;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temp = temp_template(parent_of(path), path);
    FileDescriptor reserve(::mkstemp(temp.data()));  // reserves a fresh name...
    if (reserve.get() < 0) break;
    ::unlink(temp.c_str());  // ...which linkat then takes
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      if (errno == EEXIST) continue;
      break;
    }
    if (::rename(temp.c_str(), path.c_str()) == 0) return true;
    const int rename_errno = errno;
    ::unlink(temp.c_str());
    error = "cannot rename into " + path.string() + ": " + errno_text(rename_errno);
    return true;
  }
  error = "cannot link a temp file in " + parent_of(path).string() + ": " + errno_text(errno);
  return true;
}

}  // namespace

AtomicOutput::AtomicOutput(fs::path path) : path_(std::move(path)) {}

AtomicOutput::~AtomicOutput() {
  if (fd_ >= 0) ::close(fd_);
  if (!named_temp_.empty()) ::unlink(named_temp_.c_str());
}

std::string AtomicOutput::open() {
  std::error_code ec;
  const fs::path parent = parent_of(path_);
  fs::create_directories(parent, ec);
  if (ec) return "cannot create folder " + parent.string() + ": " + ec.message();
  fd_ = ::open(parent.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd_ >= 0 && ::access(("/proc/self/fd/" + std::to_string(fd_)).c_str(), F_OK) == 0) return {};
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));  // cannot be linked in without /proc
  std::string temp = temp_template(parent, path_);  // file systems without O_TMPFILE
  fd_ = ::mkstemp(temp.data());
  if (fd_ < 0) return "cannot create temp file in " + parent.string() + ": " + errno_text(errno);
  named_temp_ = std::move(temp);
  ::fchmod(fd_, 0644);
  return {};
}

bool AtomicOutput::flush() {
  if (error_ == 0 && !write_all(fd_, buffer_)) error_ = errno;
  buffer_.clear();
  return error_ == 0;
}

void AtomicOutput::write(std::string_view bytes) {
  if (bytes.size() >= kOutputBuffer) {
    flush();
    if (error_ == 0 && !write_all(fd_, bytes)) error_ = errno;
    return;
  }
  buffer_.append(bytes);
  if (buffer_.size() >= kOutputBuffer) flush();
}

std::string AtomicOutput::commit() {
  if (fd_ < 0) return "cannot write " + path_.string() + ": not open";
  if (!flush()) return "cannot write " + path_.string() + ": " + errno_text(error_);
  if (named_temp_.empty()) {
    std::string error;
    if (link_unnamed(fd_, path_, error)) return error;
    return "cannot link " + path_.string() + " into place: " + errno_text(errno);
  }
  if (::close(std::exchange(fd_, -1)) != 0) return "cannot write " + path_.string() + ": " + errno_text(errno);
  if (::rename(named_temp_.c_str(), path_.c_str()) != 0) return "cannot rename into " + path_.string() + ": " + errno_text(errno);
  named_temp_.clear();
  return {};
}

std::string write_file_atomically(const fs::path& path, std::string_view bytes) {
  AtomicOutput output(path);
  if (std::string error = output.open(); !error.empty()) return error;
  output.write(bytes);
  return output.commit();
}

std::size_t sweep_stale_temp_files(const fs::path& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with(".") && name.find(kTempMarker) != std::string::npos &&
        it->is_regular_file(ec)) {
      std::error_code remove_error;
      if (fs::remove(it->path(), remove_error)) ++removed;
    }
  }
  return removed;
}

}  // namespace carport
