#include "services/clock.h"

#include <cstdlib>
#include <ctime>
#include <optional>

namespace zapas {
namespace {

std::optional<Date> PinnedToday() {
  const char* text = std::getenv("ZAPAS_TODAY");
  if (text == nullptr || *text == '\0') return std::nullopt;
  auto date = Date::Parse(text);
  if (!date.ok()) return std::nullopt;
  return *date;
}

}  // namespace

Date Today() {
  static const std::optional<Date> pinned = PinnedToday();
  if (pinned) return *pinned;
  return KyivDateOf(static_cast<int64_t>(std::time(nullptr)));
}

}  // namespace zapas
