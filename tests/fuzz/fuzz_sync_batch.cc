// A batch of a site's journal as the hub reads it (services/app/sync_wire.h),
// from anyone who holds a site's token: whatever the bytes, reading gives a
// batch or a refusal, never a crash; and a batch that reads writes a text
// that reads back and writes the very same text again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "services/app/sync_wire.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zapas;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<SyncBatch> batch = DecodeBatch(text);
  if (!batch.ok()) return 0;
  const std::string once = EncodeBatch(*batch);
  Result<SyncBatch> again = DecodeBatch(once);
  fuzz::Check(again.ok(), "a written batch reads back", once);
  fuzz::Check(EncodeBatch(*again) == once, "a batch written twice is the same text", once);
  return 0;
}
