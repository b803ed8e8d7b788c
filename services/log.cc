#include "services/log.h"

#include <chrono>
#include <iostream>
#include <mutex>

#include "services/auth.h"

namespace zapas {

void LogError(std::string_view message) {
  static std::mutex mu;
  const std::string line = "zapas: " + FormatRfc3339(std::chrono::system_clock::now()) +
                           " error: " + std::string(message) + "\n";
  std::lock_guard<std::mutex> lock(mu);
  std::cerr << line << std::flush;
}

}  // namespace zapas
