// Element strings in the forms scanners and people write them, and the
// pairing rules between AIs (domain/gs1/element_string.h). Digital Link URIs
// are read in digital_link.cc.
#include "domain/gs1/element_string.h"

#include <algorithm>

namespace zapas::gs1 {
namespace {

Status Bad(std::string_view ai, std::string_view what) {
  std::string message = "(" + std::string(ai) + ") ";
  message += what;
  return Status::Field("data", message);
}

Linter CsetLinter(char cset) {
  switch (cset) {
    case 'N':
      return Linter::kNumeric;
    case 'Y':
      return Linter::kCset39;
    case 'Z':
      return Linter::kCset64;
    default:
      return Linter::kCset82;
  }
}

// Checks the components of `entry` over `data` (the value, or the run up to
// the next GS), each taking as much as its maximum length allows; answers how
// much of `data` they took.
Result<size_t> CheckComponents(const AiEntry& entry, std::string_view data,
                               const ParseOptions& options) {
  if (data.empty()) return Bad(entry.ai, "has no value");
  size_t at = 0;
  for (size_t i = 0; i < entry.component_count; ++i) {
    const AiComponent& part = entry.components[i];
    size_t length = std::min<size_t>(data.size() - at, part.max);
    if (part.optional && length == 0) continue;
    if (length < part.min) return Bad(entry.ai, "has a value of the wrong length");
    std::string_view component = data.substr(at, length);
    for (size_t l = 0; l <= part.linter_count; ++l) {
      Linter linter = l == 0 ? CsetLinter(part.cset) : part.linters[l - 1];
      if (auto fault = Lint(linter, component, options.this_year)) {
        size_t from = at + fault->pos;
        std::string marked = std::string(data.substr(0, from)) + "|" +
                             std::string(data.substr(from, fault->len)) + "|" +
                             std::string(component.substr(fault->pos + fault->len));
        return Bad(entry.ai, "has " + std::string(fault->what) + ": " + marked);
      }
    }
    at += length;
  }
  return at;
}

// AI `ai` matches `pattern` ("310n", "35nn", "01"): same length, each "n" a digit.
bool Matches(std::string_view ai, std::string_view pattern) {
  if (ai.size() != pattern.size()) return false;
  for (size_t i = 0; i < ai.size(); ++i) {
    if (pattern[i] != 'n' && pattern[i] != ai[i]) return false;
  }
  return true;
}

// An element other than AI `self` whose AI matches `pattern`.
const Element* Present(const Elements& elements, std::string_view pattern, std::string_view self) {
  for (const Element& e : elements) {
    if (e.ai != self && Matches(e.ai, pattern)) return &e;
  }
  return nullptr;
}

template <typename F>
void ForEachPart(std::string_view list, char sep, F f) {
  while (!list.empty()) {
    auto end = list.find(sep);
    std::string_view part = list.substr(0, end);
    if (!part.empty()) f(part);
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
}

}  // namespace

Status CheckValue(const AiEntry& entry, std::string_view value, const ParseOptions& options) {
  if (value.size() < entry.MinLength()) return Bad(entry.ai, "has a value that is too short");
  if (value.size() > entry.MaxLength()) return Bad(entry.ai, "has a value that is too long");
  ZAPAS_ASSIGN_OR_RETURN(size_t taken, CheckComponents(entry, value, options));
  if (taken != value.size()) return Bad(entry.ai, "has a value that is too long");
  return Status::Ok();
}

Result<Elements> ParseElementString(std::string_view data, const ParseOptions& options) {
  if (data.empty()) return Status::Field("data", "holds no GS1 data");
  Elements elements;
  size_t at = 0;
  while (at < data.size()) {
    const AiEntry* entry = FindAiAtStart(data.substr(at));
    if (entry == nullptr) {
      std::string_view rest = data.substr(at, 4);
      return Status::Field("data", "has no known AI at \"" + std::string(rest) + "\"");
    }
    size_t start = at + entry->ai.size();
    size_t end = data.find(kGroupSeparator, start);
    if (end == std::string_view::npos) end = data.size();
    if (!entry->separator) end = std::min(end, start + entry->MaxLength());
    ZAPAS_ASSIGN_OR_RETURN(size_t taken,
                           CheckComponents(*entry, data.substr(start, end - start), options));
    if (elements.size() == kMostElements) return Status::Field("data", "holds too many AIs");
    elements.push_back({.entry = entry,
                        .ai = std::string(entry->ai),
                        .value = std::string(data.substr(start, taken))});
    at = start + taken;
    if (entry->separator && at < data.size() && data[at] != kGroupSeparator) {
      return Bad(entry->ai, "has a value that is too long");
    }
    if (at < data.size() && data[at] == kGroupSeparator) ++at;
  }
  return elements;
}

Result<Elements> ParseBracketed(std::string_view text, const ParseOptions& options) {
  Elements elements;
  size_t at = 0;
  bool composite = false;  // "|" seen: the linear part's data ended, the 2D part's began
  if (text.empty()) return Status::Field("data", "holds no GS1 data");
  while (at < text.size()) {
    if (!composite && text[at] == '|' && at + 1 < text.size() && text[at + 1] == '(') {
      composite = true;
      ++at;
    }
    if (text[at] != '(') return Status::Field("data", "should start each AI with \"(\"");
    size_t close = text.find(')', at + 1);
    if (close == std::string_view::npos) return Status::Field("data", "has an AI without \")\"");
    std::string_view ai = text.substr(at + 1, close - at - 1);
    const AiEntry* entry = FindAi(ai);
    if (entry == nullptr) return Bad(ai, "is not a known AI");
    std::string value;
    at = close + 1;
    while (at < text.size() && text[at] != '(' &&
           !(!composite && text[at] == '|' && at + 1 < text.size() && text[at + 1] == '(')) {
      if (text[at] == '\\' && at + 1 < text.size() && text[at + 1] == '(') ++at;
      value += text[at++];
    }
    if (value.find('^') != std::string::npos) return Bad(ai, "has \"^\" in its value");
    ZAPAS_RETURN_IF_ERROR(CheckValue(*entry, value, options));
    if (elements.size() == kMostElements) return Status::Field("data", "holds too many AIs");
    elements.push_back({.entry = entry, .ai = std::string(ai), .value = std::move(value)});
  }
  return elements;
}

Status CheckPairs(const Elements& elements) {
  for (const Element& e : elements) {
    Status bad;
    ForEachPart(e.entry->excluded, ',', [&](std::string_view pattern) {
      const Element* other = Present(elements, pattern, e.ai);
      if (other != nullptr && bad.ok()) bad = Bad(e.ai, "may not appear with (" + other->ai + ")");
    });
    ZAPAS_RETURN_IF_ERROR(bad);
  }
  for (size_t i = 0; i < elements.size(); ++i) {
    for (size_t j = i + 1; j < elements.size(); ++j) {
      if (elements[i].ai == elements[j].ai && elements[i].value != elements[j].value) {
        return Bad(elements[i].ai, "appears twice with different values");
      }
    }
  }
  if (Present(elements, "8030", "") != nullptr) {
    for (std::string_view key : {"253", "255", "8003"}) {
      const Element* e = Present(elements, key, "");
      if (e != nullptr && e->value.size() == e->entry->MinLength()) {
        return Bad(key, "needs its serial component beside a digital signature (8030)");
      }
    }
  }
  return Status::Ok();
}

std::vector<std::string> MissingPartners(const Elements& elements) {
  std::vector<std::string> missing;
  for (const Element& e : elements) {
    ForEachPart(e.entry->required, ' ', [&](std::string_view group) {
      bool satisfied = false;
      std::vector<std::string> choices;
      ForEachPart(group, ',', [&](std::string_view choice) {
        bool all = true;
        ForEachPart(choice, '+', [&](std::string_view ai) {
          all = all && Present(elements, ai, e.ai) != nullptr;
        });
        satisfied = satisfied || all;
        choices.push_back("(" + std::string(choice) + ")");
      });
      if (satisfied) return;
      std::string text = "(" + e.ai + ") needs ";
      for (size_t i = 0; i < choices.size(); ++i) {
        text += i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ";
        text += choices[i];
      }
      missing.push_back(text);
    });
  }
  return missing;
}

std::string Bracketed(const Elements& elements) {
  std::string text;
  for (const Element& e : elements) {
    text += "(" + e.ai + ")";
    for (char c : e.value) {
      if (c == '(') text += '\\';
      text += c;
    }
  }
  return text;
}

}  // namespace zapas::gs1
