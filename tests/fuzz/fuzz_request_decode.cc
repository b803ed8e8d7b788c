// The JSON bodies of the write requests (services/app/requests.h): every decoder
// reads the same bytes. Any input is either a command or a 400/422 refusal
// naming its fields; never a crash, a hang or another status.
#include <cstddef>
#include <cstdint>
#include <string>

#include "services/app/aid_requests.h"
#include "services/app/kits.h"
#include "services/app/requests.h"
#include "services/app/stocktakes.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

template <typename T>
void Decoded(const zapas::Result<T>& r, const char* what) {
  if (r.ok()) return;
  zapas::fuzz::CheckRefusal(r.status(), what);
  if (r.status().code() == zapas::StatusCode::kInvalid) {
    zapas::fuzz::Check(!r.status().errors().empty(), what, "invalid without a field named");
  }
}

// A decoded line always names its item.
template <typename Request>
void CheckLines(const zapas::Result<Request>& r) {
  if (!r.ok()) return;
  for (const auto& line : r->lines) {
    zapas::fuzz::Check(!line.sku.empty(), "a decoded line without a sku");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto receipt = zapas::DecodeReceipt(body);
  Decoded(receipt, "receipt");
  if (receipt.ok()) {
    zapas::fuzz::Check(receipt->remarks.size() == receipt->request.lines.size(), "receipt",
                       "one remark per line");
    for (const auto& line : receipt->request.lines) {
      zapas::fuzz::Check(line.unit_value.has_value(), "receipt", "a line without unit_value");
    }
  }
  auto transfer = zapas::DecodeTransfer(body);
  Decoded(transfer, "transfer");
  CheckLines(transfer);
  auto delivery = zapas::DecodeDelivery(body);
  Decoded(delivery, "delivery");
  CheckLines(delivery);
  auto adjustment = zapas::DecodeAdjustment(body);
  Decoded(adjustment, "adjustment");
  CheckLines(adjustment);
  Decoded(zapas::DecodeCashDonation(body), "cash donation");
  Decoded(zapas::DecodeCashPayment(body), "cash payment");
  Decoded(zapas::DecodeCashTransfer(body), "cash transfer");
  Decoded(zapas::DecodeCashExchange(body), "cash exchange");
  Decoded(zapas::DecodeBankFee(body), "bank fee");
  auto request = zapas::DecodeJson(body, zapas::ReadRequest);
  Decoded(request, "request");
  CheckLines(request);
  auto cancel = zapas::DecodeCancel(1, body);
  Decoded(cancel, "cancellation");
  if (cancel.ok() && cancel->lines) {
    for (const auto& [sku, milli] : *cancel->lines) {
      zapas::fuzz::Check(!sku.empty() && milli > 0, "cancellation",
                         "a line without sku or quantity");
    }
  }
  auto returned = zapas::DecodeReturn(body);
  Decoded(returned, "return");
  if (returned.ok()) {
    for (const auto& line : returned->request.lines) {
      zapas::fuzz::Check(!line.sku.empty() && !line.lot.empty(), "return",
                         "a line without sku or lot");
    }
  }
  auto kit = zapas::DecodeKit(body);
  Decoded(kit, "kit");
  if (kit.ok()) {
    for (const auto& c : kit->components) {
      zapas::fuzz::Check(!c.sku.empty() && c.quantity.is_positive() && c.sku != kit->item.sku,
                         "kit", "a component without sku or quantity, or the kit itself");
    }
  }
  auto assembly = zapas::DecodeAssembly(body);
  Decoded(assembly, "assembly");
  if (assembly.ok()) zapas::fuzz::Check(!assembly->kit.empty(), "assembly", "no kit");
  auto disassembly = zapas::DecodeDisassembly(body);
  Decoded(disassembly, "disassembly");
  if (disassembly.ok()) {
    zapas::fuzz::Check(!disassembly->kit.empty() && !disassembly->lot.empty(), "disassembly",
                       "no kit or lot");
  }
  Decoded(zapas::DecodeJson(body, zapas::ReadStocktake), "stocktake");
  auto counts = zapas::DecodeCounts(1, body);
  Decoded(counts, "counts");
  CheckLines(counts);
  return 0;
}
