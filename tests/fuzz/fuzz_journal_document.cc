// A stored journal document as the codec reads it back (domain/json.h,
// domain/journal_document.h): the first byte picks the entry's kind, the rest
// is the stored text. Whatever it is, reading it gives a document or
// kInternal (a damaged journal), never a crash; and a document that reads
// writes a text that reads back to the very same text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/journal_document.h"
#include "domain/json.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zapas;
  static const char* const kKinds[] = {
      "receipt",        "transfer",      "delivery",        "adjustment",      "reversal",
      "cash_donation",  "payment",       "cash_transfer",   "exchange",        "bank_fee",
      "confirmation",   "period_reopen", "rate_correction", "return",          "request",
      "request_cancel", "stocktake",     "stocktake_count", "stocktake_close", "assembly",
      "disassembly"};
  if (size == 0) return -1;
  const char* kind = kKinds[data[0] % (sizeof kKinds / sizeof kKinds[0])];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)ParseJson(text);
  Result<JournalDocument> doc = DecodeDocument(kind, text);
  if (!doc.ok()) {
    fuzz::Check(doc.status().code() == StatusCode::kInternal, "a damaged document",
                "refused with an unexpected code: " + doc.status().message());
    return 0;
  }
  const std::string once = EncodeDocument(*doc);
  Result<JournalDocument> again = DecodeDocument(kind, once);
  fuzz::Check(again.ok(), "a written document reads back", once);
  fuzz::Check(EncodeDocument(*again) == once, "a document written twice is the same text", once);
  return 0;
}
