#include "domain/aid_request.h"

#include <array>

#include "domain/quantity.h"

namespace zapas {
namespace {

constexpr std::array<std::string_view, 3> kPriorities = {"urgent", "high", "normal"};
constexpr std::array<std::string_view, 4> kStatuses = {"open", "partial", "fulfilled", "cancelled"};

RequestLine* LineOf(std::vector<RequestLine>& lines, const std::string& sku) {
  for (RequestLine& l : lines) {
    if (l.sku == sku) return &l;
  }
  return nullptr;
}

std::string Qty(int64_t milli) { return Quantity::FromMilli(milli).ToString(); }

// kConflict unless every SKU of `quantities` is a line of `lines` with at
// least that much outstanding.
Status CheckOutstanding(std::vector<RequestLine>& lines, const QuantitiesBySku& quantities,
                        const std::string& number, const char* doing) {
  for (const auto& [sku, milli] : quantities) {
    RequestLine* line = LineOf(lines, sku);
    if (line == nullptr) {
      return Status::Conflict("SKU " + sku + " is not a line of request " + number);
    }
    if (milli > line->outstanding()) {
      return Status::Conflict("cannot " + std::string(doing) + " " + Qty(milli) + " of SKU " + sku +
                              ": request " + number + " has " + Qty(line->outstanding()) +
                              " outstanding");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view RequestPriorityName(RequestPriority p) {
  return kPriorities[static_cast<size_t>(p)];
}

std::optional<RequestPriority> ParseRequestPriority(std::string_view name) {
  for (size_t i = 0; i < kPriorities.size(); ++i) {
    if (kPriorities[i] == name) return static_cast<RequestPriority>(i);
  }
  return std::nullopt;
}

std::string_view RequestStatusName(RequestStatus s) { return kStatuses[static_cast<size_t>(s)]; }

std::optional<RequestStatus> ParseRequestStatus(std::string_view name) {
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    if (kStatuses[i] == name) return static_cast<RequestStatus>(i);
  }
  return std::nullopt;
}

RequestStatus StatusOf(const std::vector<RequestLine>& lines) {
  int64_t delivered = 0, cancelled = 0, outstanding = 0;
  for (const RequestLine& l : lines) {
    delivered += l.delivered;
    cancelled += l.cancelled;
    outstanding += l.outstanding();
  }
  if (delivered == 0 && cancelled == 0) return RequestStatus::kOpen;
  if (outstanding > 0) return RequestStatus::kPartial;
  return delivered > 0 ? RequestStatus::kFulfilled : RequestStatus::kCancelled;
}

Status CountDelivery(std::vector<RequestLine>& lines, const QuantitiesBySku& delivered,
                     const std::string& request_number) {
  ZAPAS_RETURN_IF_ERROR(CheckOutstanding(lines, delivered, request_number, "deliver"));
  for (const auto& [sku, milli] : delivered) LineOf(lines, sku)->delivered += milli;
  return Status::Ok();
}

Status UncountDelivery(std::vector<RequestLine>& lines, const QuantitiesBySku& delivered) {
  for (const auto& [sku, milli] : delivered) {
    RequestLine* line = LineOf(lines, sku);
    if (line == nullptr || milli > line->delivered) {
      return Status::Internal("a delivery counted against a request does not match its lines");
    }
    line->delivered -= milli;
  }
  return Status::Ok();
}

Result<QuantitiesBySku> CancelOutstanding(std::vector<RequestLine>& lines,
                                          const std::optional<QuantitiesBySku>& cancel,
                                          const std::string& request_number) {
  QuantitiesBySku taken;
  if (cancel) {
    ZAPAS_RETURN_IF_ERROR(CheckOutstanding(lines, *cancel, request_number, "cancel"));
    taken = *cancel;
  } else {
    for (const RequestLine& l : lines) {
      if (l.outstanding() > 0) taken[l.sku] = l.outstanding();
    }
  }
  if (taken.empty()) {
    return Status::Conflict("request " + request_number + " has nothing outstanding to cancel");
  }
  for (const auto& [sku, milli] : taken) LineOf(lines, sku)->cancelled += milli;
  return taken;
}

}  // namespace zapas
