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
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
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

/// ".<name>.carport-tmp.XXXXXX" beside path (the Xs for mkstemp).
std::string temp_template(const fs::path& parent, const fs::path& path) {
  std::string hidden_name(1, '.');
  hidden_name += path.filename().string();
  hidden_name += kTempMarker;
  hidden_name += "XXXXXX";
  return (parent / hidden_name).string();
}

/// Classic route: named temp file, then rename. A SIGKILL can leave the temp file (swept later).
std::string write_via_named_temp(const fs::path& parent, const fs::path& path, std::string_view bytes) {
  std::string temp = temp_template(parent, path);
  FileDescriptor fd(::mkstemp(temp.data()));
  if (fd.get() < 0) return "cannot create temp file in " + parent.string() + ": " + errno_text(errno);
  ::fchmod(fd.get(), 0644);
  const bool written = write_all(fd.get(), bytes);
  const int write_errno = errno;
  const int close_result = ::close(fd.release());
  if (!written || close_result != 0) {
    ::unlink(temp.c_str());
    return "cannot write " + path.string() + ": " + errno_text(written ? errno : write_errno);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int rename_errno = errno;
    ::unlink(temp.c_str());
    return "cannot rename into " + path.string() + ": " + errno_text(rename_errno);
  }
  return {};
}

/// Preferred route: an unnamed O_TMPFILE inode, linked in only once complete, so a killed run
/// leaves nothing at all. Returns false when the file system or /proc cannot do it (no side
/// effects then); true with `error` set or empty otherwise.
bool write_via_unnamed_temp(const fs::path& parent, const fs::path& path, std::string_view bytes,
                            std::string& error) {
  FileDescriptor fd(::open(parent.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644));
  if (fd.get() < 0) return false;
  if (!write_all(fd.get(), bytes)) {
    error = "cannot write " + path.string() + ": " + errno_text(errno);
    return true;
  }
  const std::string self = "/proc/self/fd/" + std::to_string(fd.get());
  if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) return true;
  if (errno != EEXIST) return false;
  // The target exists (--force): link under a temp name, then rename over the old file.
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temp = temp_template(parent, path);
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
  error = "cannot link a temp file in " + parent.string() + ": " + errno_text(errno);
  return true;
}

}  // namespace

std::string write_file_atomically(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  if (ec) return "cannot create folder " + parent.string() + ": " + ec.message();
  std::string error;
  if (write_via_unnamed_temp(parent, path, bytes, error)) return error;
  return write_via_named_temp(parent, path, bytes);
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
