#pragma once
// SHA-256 through OpenSSL's EVP interface; hex output as sha256sum prints it.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace carport {

using Digest = std::array<std::uint8_t, 32>;

/// Incremental SHA-256. Not copyable; one per thread.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  [[nodiscard]] Digest finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// One-shot digest of a byte string.
[[nodiscard]] Digest sha256(std::string_view bytes);
/// Lower-case hex, 64 characters.
[[nodiscard]] std::string to_hex(const Digest& digest);
[[nodiscard]] inline std::string sha256_hex(std::string_view bytes) { return to_hex(sha256(bytes)); }

}  // namespace carport
