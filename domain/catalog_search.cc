#include "domain/catalog_search.h"

#include <algorithm>

#include "domain/text.h"

namespace zapas {
namespace {

// The words of a query, fold-cased.
std::vector<std::string> Words(std::string_view query) {
  std::vector<std::string> out;
  const std::string folded = FoldCase(query);
  size_t at = 0;
  while (at < folded.size()) {
    const size_t start = folded.find_first_not_of(" \t", at);
    if (start == std::string::npos) break;
    const size_t end = std::min(folded.find_first_of(" \t", start), folded.size());
    out.push_back(folded.substr(start, end - start));
    at = end;
  }
  return out;
}

// The rows of `rows` (by their code `code_of`) after page.after that `keep`
// and whose `text_of` holds every word, in code order, at most page.limit.
template <typename T, typename CodeOf, typename TextOf, typename Keep>
std::vector<T> Search(const std::vector<T>& rows, const SearchPage& page, CodeOf code_of,
                      TextOf text_of, Keep keep) {
  const std::vector<std::string> words = Words(page.query);
  std::vector<const T*> found;
  for (const T& row : rows) {
    if (row.id == 0 || code_of(row) <= page.after || !keep(row)) continue;
    const std::string text = FoldCase(text_of(row));
    if (std::all_of(words.begin(), words.end(),
                    [&](const std::string& w) { return text.find(w) != std::string::npos; })) {
      found.push_back(&row);
    }
  }
  const size_t n = std::min(found.size(), page.limit);
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(),
                    [&](const T* a, const T* b) { return code_of(*a) < code_of(*b); });
  std::vector<T> out;
  for (size_t i = 0; i < n; ++i) out.push_back(*found[i]);
  return out;
}

}  // namespace

std::vector<Item> SearchItems(const Catalog& catalog, const SearchPage& page) {
  return Search(
      catalog.items(), page, [](const Item& i) -> const std::string& { return i.sku; },
      [](const Item& i) { return i.sku + '\n' + i.name_uk + '\n' + i.name_en + '\n' + i.category; },
      [](const Item&) { return true; });
}

std::vector<Recipient> SearchRecipients(const Catalog& catalog, const SearchPage& page,
                                        std::optional<RecipientKind> kind) {
  return Search(
      catalog.recipients(), page, [](const Recipient& r) -> const std::string& { return r.code; },
      [](const Recipient& r) { return r.code + '\n' + r.name + '\n' + r.region; },
      [&](const Recipient& r) { return !kind || r.kind == *kind; });
}

}  // namespace zapas
