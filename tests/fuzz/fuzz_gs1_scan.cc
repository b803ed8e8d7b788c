// What a scanner sends (domain/gs1/scan.h): any bytes are read or refused
// with kInvalid and a message, never a crash. What is read holds elements
// whose values pass their AI's checks again (CheckValue), whose bracketed
// form reads back to the same elements, and facts Zapas can use (an
// expiry's date is a real date; a GTIN has 14 digits).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/gs1/scan.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using zapas::fuzz::Check;
  namespace gs1 = zapas::gs1;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const gs1::ParseOptions options{.this_year = 2026};
  auto scan = gs1::ReadScan(text, options);
  if (!scan.ok()) {
    zapas::fuzz::CheckRefusal(scan.status(), "ReadScan");
    return 0;
  }
  for (const gs1::Element& e : scan->elements) {
    Check(e.entry != nullptr && e.entry->ai == e.ai, "element entry", e.ai);
    Check(gs1::CheckValue(*e.entry, e.value, options).ok(), "element value", e.ai + " " + e.value);
  }
  if (!scan->elements.empty()) {
    const std::string bracketed = gs1::Bracketed(scan->elements);
    auto again = gs1::ReadScan(bracketed, options);
    Check(again.ok() && again->elements == scan->elements, "bracketed round trip", bracketed);
  }
  const gs1::ScanFacts facts = gs1::Interpret(*scan, options);
  Check(facts.gtin.empty() || facts.gtin.size() == 14, "GTIN-14", facts.gtin);
  if (facts.expiry)
    Check(facts.expiry->year() >= 1900 && facts.expiry->year() < 2200, "expiry year");
  (void)gs1::MissingPartners(scan->elements);
  if (auto label = gs1::ReadLotLabel(scan->text)) {
    Check(gs1::ReadLotLabel(gs1::LotLabelText(label->first, label->second)) == label,
          "lot label round trip", scan->text);
  }
  return 0;
}
