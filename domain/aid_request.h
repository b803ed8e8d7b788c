// Requests: what a military unit, a shelter or a hospital asks for, line by
// line, and how much of each line was delivered or cancelled since.
//
//  - a line is one SKU (a request names each SKU once);
//  - outstanding = requested - delivered - cancelled, never below zero: a
//    delivery that names the request takes at most the outstanding quantity
//    of lines the request has (kConflict otherwise, nothing counted), a
//    cancellation takes at most what is outstanding, and a reversed delivery
//    gives its quantity back to the outstanding;
//  - the status is computed from the lines, never stored apart from them:
//    open (nothing delivered or cancelled), partial, fulfilled (nothing
//    outstanding, something delivered), cancelled (nothing outstanding,
//    nothing delivered).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"

namespace zapas {

enum class RequestPriority { kUrgent, kHigh, kNormal };   // in the order they are served
std::string_view RequestPriorityName(RequestPriority p);  // "urgent", "high", "normal"
std::optional<RequestPriority> ParseRequestPriority(std::string_view name);

enum class RequestStatus { kOpen, kPartial, kFulfilled, kCancelled };
std::string_view RequestStatusName(RequestStatus s);  // "open", ...
std::optional<RequestStatus> ParseRequestStatus(std::string_view name);

// One line of a request, in thousandths of the item's unit.
struct RequestLine {
  std::string sku;
  int64_t requested = 0;
  int64_t delivered = 0;
  int64_t cancelled = 0;
  std::string note;
  int64_t outstanding() const { return requested - delivered - cancelled; }
};

RequestStatus StatusOf(const std::vector<RequestLine>& lines);

// Quantities by SKU (thousandths), as a delivery or a cancellation names them.
using QuantitiesBySku = std::map<std::string, int64_t>;

// Counts a delivery of `delivered` against `lines`: kConflict naming the
// first SKU that is not a line of the request, or whose quantity exceeds
// what is outstanding; then nothing is counted.
Status CountDelivery(std::vector<RequestLine>& lines, const QuantitiesBySku& delivered,
                     const std::string& request_number);
// A reversed delivery: its quantities are outstanding again.
Status UncountDelivery(std::vector<RequestLine>& lines, const QuantitiesBySku& delivered);
// Cancels `cancel` (nullopt: everything outstanding) and answers what was
// cancelled, by SKU. kConflict naming the SKU when a line is not on the
// request or exceeds its outstanding quantity, or when nothing is
// outstanding at all; then nothing changes.
Result<QuantitiesBySku> CancelOutstanding(std::vector<RequestLine>& lines,
                                          const std::optional<QuantitiesBySku>& cancel,
                                          const std::string& request_number);

}  // namespace zapas
