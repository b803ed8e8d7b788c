// GS1 Digital Link URIs read into element strings (ParseDigitalLink of
// domain/gs1/element_string.h), by the rules of the GS1 Digital Link
// standard as GS1's reference syntax engine applies them: any host and path
// stem; the path ends in a primary key and its qualifiers, in an order the
// dictionary's "dlpkey" attribute allows; the query holds further data
// attributes ("?17=271231"), each an AI the dictionary marks as one, never
// one that belongs in the path; percent-encoding undone ("+" is a space in
// the query only); no AI twice.
#include <algorithm>

#include "domain/gs1/element_string.h"

namespace zapas::gs1 {
namespace {

Status Bad(std::string_view what) { return Status::Field("data", std::string(what)); }

Status BadAi(std::string_view ai, std::string_view what) {
  return Status::Field("data", "(" + std::string(ai) + ") " + std::string(what));
}

bool IsUriChar(char c) {
  constexpr std::string_view kAllowed = "-._~:/?#[]@!$&'()*+,;=%";
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         kAllowed.find(c) != std::string_view::npos;
}

bool IsBadHostChar(char c) {
  constexpr std::string_view kBad = "_~?#@!$&'()*+,;=%";
  return kBad.find(c) != std::string_view::npos;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Percent-decoding; a "%" not followed by two hex digits stays itself. An
// encoded NUL gives nullopt.
std::optional<std::string> Unescape(std::string_view in, bool query) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        char c = static_cast<char>(hi * 16 + lo);
        if (c == '\0') return std::nullopt;
        out += c;
        i += 2;
        continue;
      }
    }
    out += query && in[i] == '+' ? ' ' : in[i];
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    auto end = text.find(sep);
    parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return parts;
    text.remove_prefix(end + 1);
  }
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether the path's AIs `path` (a primary key, then qualifiers) are a key
// and an in-order choice of one of its qualifier sequences.
bool ValidPath(const std::vector<const AiEntry*>& path) {
  if (path.empty() || !path[0]->dl_key) return false;
  if (path.size() == 1) return true;
  for (std::string_view sequence : Split(path[0]->dl_qualifiers, '|')) {
    size_t next = 1;
    for (std::string_view qualifier : Split(sequence, ',')) {
      if (next < path.size() && path[next]->ai == qualifier) ++next;
    }
    if (next == path.size()) return true;
  }
  return false;
}

// Adds the element (`ai`, encoded `raw`) after the checks every path and
// query value passes before its components are linted.
Status AddElement(Elements& elements, const AiEntry& entry, std::string_view raw, bool query) {
  if (raw.empty()) return BadAi(entry.ai, "has no value in the URI");
  auto value = Unescape(raw, query);
  if (!value) return BadAi(entry.ai, "has an encoded NUL in the URI");
  if (value->size() < entry.MinLength()) return BadAi(entry.ai, "has a value that is too short");
  if (value->size() > entry.MaxLength()) return BadAi(entry.ai, "has a value that is too long");
  if (elements.size() == kMostElements) return Bad("holds too many AIs");
  elements.push_back({.entry = &entry, .ai = std::string(entry.ai), .value = std::move(*value)});
  return Status::Ok();
}

}  // namespace

Result<Elements> ParseDigitalLink(std::string_view uri, const ParseOptions& options) {
  if (!std::all_of(uri.begin(), uri.end(), IsUriChar)) {
    return Bad("is a URI with characters a URI may not hold");
  }
  std::string_view rest;
  for (std::string_view scheme : {"https://", "HTTPS://", "http://", "HTTP://"}) {
    if (uri.substr(0, scheme.size()) == scheme) rest = uri.substr(scheme.size());
  }
  if (rest.empty()) return Bad("is not an http or https URI");
  size_t slash = rest.find('/');
  std::string_view host = rest.substr(0, slash);
  if (std::any_of(host.begin(), host.end(), IsBadHostChar)) return Bad("has a malformed host");
  if (slash == std::string_view::npos || host.empty()) return Bad("has no host or path");
  rest.remove_prefix(slash);
  rest = rest.substr(0, rest.find('#'));
  size_t mark = rest.find('?');
  std::string_view path = rest.substr(0, mark);
  std::string_view query = mark == std::string_view::npos ? "" : rest.substr(mark + 1);

  // The primary key: the rightmost "/AI/value" pair, walking back pair by
  // pair over known AIs, whose AI is a Digital Link key.
  std::vector<std::string_view> segments = Split(path.substr(1), '/');
  size_t key = segments.size();
  for (size_t at = segments.size(); at >= 2; at -= 2) {
    const AiEntry* entry = FindAi(segments[at - 2]);
    if (entry == nullptr) break;
    if (entry->dl_key) {
      key = at - 2;
      break;
    }
  }
  if (key == segments.size()) return Bad("has no GS1 Digital Link key in its path");

  Elements elements;
  std::vector<const AiEntry*> sequence;
  for (size_t at = key; at + 1 < segments.size(); at += 2) {
    const AiEntry* entry = FindAi(segments[at]);
    ZAPAS_RETURN_IF_ERROR(AddElement(elements, *entry, segments[at + 1], false));
    sequence.push_back(entry);
  }
  size_t in_path = elements.size();
  // Every query parameter counts against the limit of AIs, those ignored
  // too, as GS1's reference engine counts them.
  const std::vector<std::string_view> parameters = Split(query, '&');
  size_t given = in_path;
  for (std::string_view parameter : parameters) given += parameter.empty() ? 0 : 1;
  if (given > kMostElements) return Bad("holds too many AIs and query parameters");
  for (std::string_view parameter : parameters) {
    auto equals = parameter.find('=');
    if (equals == std::string_view::npos) continue;  // a parameter without a value
    std::string_view name = parameter.substr(0, equals);
    if (name.empty()) return Bad("has a query parameter without a name");
    if (!AllDigits(name)) continue;  // not an AI: someone else's parameter
    const AiEntry* entry = FindAi(name);
    if (entry == nullptr) return BadAi(name, "is not a known AI");
    ZAPAS_RETURN_IF_ERROR(AddElement(elements, *entry, parameter.substr(equals + 1), true));
  }

  if (!ValidPath(sequence))
    return Bad("has its path's AIs in an order GS1 Digital Link does not allow");
  for (size_t i = 0; i < elements.size(); ++i) {
    for (size_t j = i + 1; j < elements.size(); ++j) {
      if (elements[i].ai == elements[j].ai)
        return BadAi(elements[i].ai, "appears twice in the URI");
    }
  }
  for (size_t i = in_path; i < elements.size(); ++i) {
    const AiEntry* entry = elements[i].entry;
    if (!entry->dl_attribute) return BadAi(entry->ai, "is not a GS1 Digital Link data attribute");
    for (size_t at = 1; at <= sequence.size(); ++at) {
      std::vector<const AiEntry*> trial = sequence;
      trial.insert(trial.begin() + static_cast<std::ptrdiff_t>(at), entry);
      if (ValidPath(trial)) return BadAi(entry->ai, "belongs in the URI's path, not its query");
    }
  }
  for (const Element& e : elements) ZAPAS_RETURN_IF_ERROR(CheckValue(*e.entry, e.value, options));
  return elements;
}

}  // namespace zapas::gs1
