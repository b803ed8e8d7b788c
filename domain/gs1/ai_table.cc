// The AI table generated from the GS1 Barcode Syntax Dictionary at build time
// (gs1_ai_table.inc, written by table_gen.cc), and its look-ups.
#include "domain/gs1/ai_table.h"

#include <algorithm>

namespace zapas::gs1 {
namespace {

// A linter named in the dictionary; a name lint.h does not know is not a
// constant expression, so the build stops on it.
constexpr Linter L(std::string_view name) { return *LinterNamed(name); }

constexpr AiEntry kTable[] = {
#include "gs1_ai_table.inc"
};

// The length of every AI starting with two digits (0 when none does), and
// the table's range for each two first digits.
struct Index {
  std::array<uint8_t, 100> length{};
  std::array<uint16_t, 101> first{};
};

constexpr Index MakeIndex() {
  Index index;
  size_t at = 0;
  for (int prefix = 0; prefix < 100; ++prefix) {
    index.first[prefix] = static_cast<uint16_t>(at);
    while (at < std::size(kTable) &&
           (kTable[at].ai[0] - '0') * 10 + (kTable[at].ai[1] - '0') == prefix) {
      index.length[prefix] = static_cast<uint8_t>(kTable[at].ai.size());
      ++at;
    }
  }
  index.first[100] = static_cast<uint16_t>(at);
  return index;
}

constexpr Index kIndex = MakeIndex();
static_assert(kIndex.first[100] == std::size(kTable), "the dictionary is in lexical order");

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

size_t AiEntry::MinLength() const {
  size_t length = 0;
  for (size_t i = 0; i < component_count; ++i)
    length += components[i].optional ? 0 : components[i].min;
  return length;
}

size_t AiEntry::MaxLength() const {
  size_t length = 0;
  for (size_t i = 0; i < component_count; ++i) length += components[i].max;
  return length;
}

std::span<const AiEntry> AiTable() { return kTable; }

const AiEntry* FindAiAtStart(std::string_view data) {
  if (data.size() < 2 || !IsDigit(data[0]) || !IsDigit(data[1])) return nullptr;
  int prefix = (data[0] - '0') * 10 + (data[1] - '0');
  size_t length = kIndex.length[prefix];
  if (length == 0 || data.size() < length) return nullptr;
  std::string_view ai = data.substr(0, length);
  const AiEntry* begin = kTable + kIndex.first[prefix];
  const AiEntry* end = kTable + kIndex.first[prefix + 1];
  const AiEntry* found = std::lower_bound(
      begin, end, ai, [](const AiEntry& e, std::string_view a) { return e.ai < a; });
  return found != end && found->ai == ai ? found : nullptr;
}

const AiEntry* FindAi(std::string_view ai) {
  if (ai.size() < 2 || ai.size() > 4) return nullptr;
  for (char c : ai) {
    if (!IsDigit(c)) return nullptr;
  }
  const AiEntry* entry = FindAiAtStart(ai);
  return entry != nullptr && entry->ai.size() == ai.size() ? entry : nullptr;
}

}  // namespace zapas::gs1
