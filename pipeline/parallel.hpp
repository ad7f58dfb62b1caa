#pragma once
// tbb::parallel_for with happens-before edges ThreadSanitizer can see.
//
// libtbb.so is not built with TSan, so TSan cannot see that a parallel_for's bodies start after
// the caller's writes and finish before the caller's reads; every result read after the join
// would be reported as a race. An acquire/release pair around each chunk makes those edges
// explicit in our own (instrumented) code. On x86 they compile to plain loads and stores.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <atomic>
#include <cstddef>

namespace carport {

/// Calls body(range) for chunks of [0, count) of at most `grain` items (simple_partitioner: the
/// chunking is ours, and TBB's adaptive stealing bookkeeping, also invisible to TSan, stays out).
/// Everything the caller wrote before is visible to
/// every chunk, and everything the chunks wrote is visible to the caller afterwards.
template <typename Body>
void parallel_chunks(std::size_t count, std::size_t grain, const Body& body) {
  std::atomic<std::size_t> edges{0};
  edges.store(0, std::memory_order_release);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, grain),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      (void)edges.load(std::memory_order_acquire);
                      body(range);
                      edges.fetch_add(1, std::memory_order_release);
                    },
                    tbb::simple_partitioner());
  (void)edges.load(std::memory_order_acquire);
}

}  // namespace carport
