// Request lines and status (domain/aid_request.h): the status is always what
// the lines say, over every sequence of deliveries, cancellations and
// reversals.
#include "domain/aid_request.h"

#include <gtest/gtest.h>

#include <functional>

namespace zapas {
namespace {

std::vector<RequestLine> ThreeLines() {
  return {{"TQ", 30000, 0, 0, ""}, {"GEN", 2000, 0, 0, "5 kW"}, {"KIT", 10000, 0, 0, ""}};
}

// The status as CONTRACT.md words it, computed apart from StatusOf.
RequestStatus Expected(const std::vector<RequestLine>& lines) {
  bool anything_done = false, outstanding = false, delivered = false;
  for (const RequestLine& l : lines) {
    anything_done = anything_done || l.delivered > 0 || l.cancelled > 0;
    outstanding = outstanding || l.requested - l.delivered - l.cancelled > 0;
    delivered = delivered || l.delivered > 0;
  }
  if (!anything_done) return RequestStatus::kOpen;
  if (outstanding) return RequestStatus::kPartial;
  return delivered ? RequestStatus::kFulfilled : RequestStatus::kCancelled;
}

TEST(AidRequestTest, StatusTable) {
  struct Case {
    int64_t delivered_tq, cancelled_tq, delivered_gen, cancelled_gen, delivered_kit, cancelled_kit;
    RequestStatus status;
  };
  const Case cases[] = {
      {0, 0, 0, 0, 0, 0, RequestStatus::kOpen},
      {1000, 0, 0, 0, 0, 0, RequestStatus::kPartial},
      {0, 1000, 0, 0, 0, 0, RequestStatus::kPartial},
      {30000, 0, 2000, 0, 10000, 0, RequestStatus::kFulfilled},
      {30000, 0, 2000, 0, 0, 10000, RequestStatus::kFulfilled},
      {0, 30000, 0, 2000, 0, 10000, RequestStatus::kCancelled},
      {29999, 1, 2000, 0, 10000, 0, RequestStatus::kFulfilled},
      {29999, 0, 2000, 0, 10000, 0, RequestStatus::kPartial},
  };
  for (const Case& c : cases) {
    std::vector<RequestLine> lines = ThreeLines();
    lines[0].delivered = c.delivered_tq;
    lines[0].cancelled = c.cancelled_tq;
    lines[1].delivered = c.delivered_gen;
    lines[1].cancelled = c.cancelled_gen;
    lines[2].delivered = c.delivered_kit;
    lines[2].cancelled = c.cancelled_kit;
    EXPECT_EQ(StatusOf(lines), c.status) << c.delivered_tq << " " << c.cancelled_tq;
  }
}

TEST(AidRequestTest, OverDeliveryAndForeignLinesAreRefusedAndCountNothing) {
  std::vector<RequestLine> lines = ThreeLines();
  Status s = CountDelivery(lines, {{"TQ", 10000}, {"GEN", 3000}}, "RQ-2026-000001");
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("GEN"), std::string::npos) << s.message();
  EXPECT_EQ(lines[0].delivered, 0);  // the good line of a refused delivery counts nothing
  s = CountDelivery(lines, {{"WATER", 1000}}, "RQ-2026-000001");
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("not a line"), std::string::npos) << s.message();
}

TEST(AidRequestTest, CancellationTakesOnlyWhatIsOutstanding) {
  std::vector<RequestLine> lines = ThreeLines();
  ASSERT_TRUE(CountDelivery(lines, {{"TQ", 20000}}, "RQ").ok());
  auto part = CancelOutstanding(lines, QuantitiesBySku{{"TQ", 10001}}, "RQ");
  EXPECT_EQ(part.status().code(), StatusCode::kConflict);
  auto all = CancelOutstanding(lines, std::nullopt, "RQ");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, (QuantitiesBySku{{"GEN", 2000}, {"KIT", 10000}, {"TQ", 10000}}));
  EXPECT_EQ(StatusOf(lines), RequestStatus::kFulfilled);
  EXPECT_EQ(CancelOutstanding(lines, std::nullopt, "RQ").status().code(), StatusCode::kConflict);
  // A reversed delivery is outstanding again.
  ASSERT_TRUE(UncountDelivery(lines, {{"TQ", 20000}}).ok());
  EXPECT_EQ(lines[0].outstanding(), 20000);
  EXPECT_EQ(StatusOf(lines), RequestStatus::kPartial);
}

// Every sequence of up to five steps of deliver / cancel / reverse: the
// lines never go below zero or past what was requested, a refused step
// changes nothing, and the status is always what the lines say.
TEST(AidRequestTest, EverySequenceKeepsTheLinesAndStatusTrue) {
  using Step = std::function<void(std::vector<RequestLine>&, std::vector<QuantitiesBySku>&)>;
  const std::vector<std::pair<std::string, Step>> steps = {
      {"deliver 1 TQ",
       [](auto& l, auto& d) {
         if (CountDelivery(l, {{"TQ", 1000}}, "RQ").ok()) d.push_back({{"TQ", 1000}});
       }},
      {"deliver all GEN",
       [](auto& l, auto& d) {
         const int64_t q = l[1].outstanding();
         if (q > 0 && CountDelivery(l, {{"GEN", q}}, "RQ").ok()) d.push_back({{"GEN", q}});
       }},
      {"deliver 31 TQ",
       [](auto& l, auto& d) {
         auto before = l;
         EXPECT_FALSE(CountDelivery(l, {{"TQ", 31000}}, "RQ").ok());
         EXPECT_EQ(before[0].delivered, l[0].delivered);
       }},
      {"cancel 1 KIT",
       [](auto& l, auto&) {
         (void)CancelOutstanding(l, QuantitiesBySku{{"KIT", 1000}}, "RQ");
       }},
      {"cancel all", [](auto& l, auto&) { (void)CancelOutstanding(l, std::nullopt, "RQ"); }},
      {"reverse the last delivery",
       [](auto& l, auto& d) {
         if (d.empty()) return;
         EXPECT_TRUE(UncountDelivery(l, d.back()).ok());
         d.pop_back();
       }},
  };
  int sequences = 0;
  std::function<void(std::vector<RequestLine>, std::vector<QuantitiesBySku>, int, std::string)>
      walk = [&](std::vector<RequestLine> lines, std::vector<QuantitiesBySku> deliveries, int depth,
                 std::string path) {
        ++sequences;
        for (const RequestLine& l : lines) {
          ASSERT_GE(l.delivered, 0) << path;
          ASSERT_GE(l.cancelled, 0) << path;
          ASSERT_GE(l.outstanding(), 0) << path;
        }
        ASSERT_EQ(StatusOf(lines), Expected(lines)) << path;
        if (depth == 5) return;
        for (const auto& [name, step] : steps) {
          auto l = lines;
          auto d = deliveries;
          step(l, d);
          walk(l, d, depth + 1, path + " / " + name);
        }
      };
  walk(ThreeLines(), {}, 0, "");
  EXPECT_EQ(sequences, 1 + 6 + 36 + 216 + 1296 + 7776);
}

}  // namespace
}  // namespace zapas
