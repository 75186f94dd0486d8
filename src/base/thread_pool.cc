// A fixed pool of worker threads for a batch of independent tasks.
//
// ParallelFor hands out task indices from one atomic counter: each worker
// (the calling thread is one of them) takes the next index until none are
// left, so fast and slow tasks balance themselves. Tasks write their results
// into slots of their own index; the caller reads them in index order, which
// keeps the output deterministic whatever the scheduling.
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "base/base.h"

namespace stacks {

int DefaultThreadCount() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void ParallelFor(size_t count, int threads, const std::function<void(size_t worker, size_t index)>& task) {
  if (threads <= 1 || count <= 1) {
    for (size_t i = 0; i < count; ++i) task(0, i);
    return;
  }
  size_t workers = std::min(static_cast<size_t>(threads), count);
  std::atomic<size_t> next{0};
  auto work = [&](size_t worker) {
    for (size_t i = next++; i < count; i = next++) task(worker, i);
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (std::thread& t : pool) t.join();
}

}  // namespace stacks
