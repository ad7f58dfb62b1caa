# Warnings and sanitizer flags as an INTERFACE target linked only to our own code.
add_library(carport_settings INTERFACE)
target_compile_options(carport_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  # Aggregates with defaulted trailing members are idiomatic here; GCC 12 has a known
  # -Wrestrict false positive on std::string concatenation (GCC PR 105651).
  -Wno-missing-field-initializers $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
if(CARPORT_WERROR)
  target_compile_options(carport_settings INTERFACE -Werror)
endif()

set(CARPORT_SANITIZE "" CACHE STRING "Sanitizers: empty, 'address,undefined' or 'thread'")
if(CARPORT_SANITIZE)
  target_compile_options(carport_settings INTERFACE
    -fsanitize=${CARPORT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(carport_settings INTERFACE -fsanitize=${CARPORT_SANITIZE})
endif()
