#include "tests/services/crash_harness.h"

#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "domain/money.h"
#include "domain/quantity.h"

namespace zapas::testing {
namespace {

constexpr const char* kAdmin = "admin";
constexpr const char* kAdminPassword = "crash-admin-password";
// Base lots in LVIV-1 that deliveries and transfers draw from: enough for
// any soak, so that no request is refused for want of stock.
constexpr const char* kDeliveryLot = "BASE-D";
constexpr const char* kTransferLot = "BASE-T";
constexpr int64_t kBaseQuantity = 10'000'000;
constexpr const char* kCashAccount = "CASH-UAH";

struct ItemSpec {
  const char* sku;
  bool expiry_tracked;
};
constexpr ItemSpec kItems[] = {{"MED-IFAK", true}, {"FOOD-KIT", true}, {"NFI-BLANKET", false}};

// splitmix64: independent streams for each round and thread from one seed.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

int64_t Uniform(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

std::string StockKey(const std::string& warehouse, const std::string& sku, const std::string& lot) {
  return warehouse + "|" + sku + "|" + lot;
}

std::string Line(const std::string& sku, int64_t quantity, const std::string& lot) {
  return R"({"sku":")" + sku + R"(","quantity":")" + std::to_string(quantity) + R"(","lot":")" +
         lot + R"("})";
}

CrashHarness::Write Receipt(std::mt19937_64& rng, const std::string& key,
                            const std::string& warehouse = "KYIV-1") {
  CrashHarness::Write w{"/api/v1/receipts", "", key, "receipt", {}, 0};
  std::string lines;
  const int64_t count = Uniform(rng, 2, 4);
  for (int64_t i = 0; i < count; ++i) {
    const ItemSpec& item = kItems[Uniform(rng, 0, 2)];
    const std::string lot = key + "-L" + std::to_string(i + 1);
    const int64_t quantity = Uniform(rng, 1, 99);
    std::string line = R"({"sku":")" + std::string(item.sku) + R"(","quantity":")" +
                       std::to_string(quantity) + R"(","lot":")" + lot + "\"";
    if (item.expiry_tracked) line += R"(,"expiry":"2028-06-30")";
    line += R"(,"unit_value":{"amount":"1.50","currency":"UAH"}})";
    lines += (i ? "," : "") + line;
    w.stock[StockKey(warehouse, item.sku, lot)] += quantity * Quantity::kScale;
  }
  w.body = R"({"warehouse":")" + warehouse +
           R"(","donor":"UA-FOND","date":"2026-11-05","reference":")" + key + R"(","lines":[)" +
           lines + "]}";
  return w;
}

CrashHarness::Write Delivery(std::mt19937_64& rng, const std::string& key) {
  const int64_t q = Uniform(rng, 1, 3);
  CrashHarness::Write w{"/api/v1/deliveries", "", key, "delivery", {}, 0};
  w.body = R"({"warehouse":"LVIV-1","recipient":"MU-A1234","date":"2026-11-10","lines":[)" +
           Line("FOOD-KIT", q, kDeliveryLot) + "]}";
  w.stock[StockKey("LVIV-1", "FOOD-KIT", kDeliveryLot)] = -q * Quantity::kScale;
  return w;
}

CrashHarness::Write Transfer(std::mt19937_64& rng, const std::string& key) {
  const int64_t q = Uniform(rng, 1, 3);
  CrashHarness::Write w{"/api/v1/transfers", "", key, "transfer", {}, 0};
  w.body = R"({"from":"LVIV-1","to":"KYIV-1","date":"2026-11-10","lines":[)" +
           Line("MED-IFAK", q, kTransferLot) + "]}";
  w.stock[StockKey("LVIV-1", "MED-IFAK", kTransferLot)] = -q * Quantity::kScale;
  w.stock[StockKey("KYIV-1", "MED-IFAK", kTransferLot)] = q * Quantity::kScale;
  return w;
}

CrashHarness::Write CashDonation(std::mt19937_64& rng, const std::string& key) {
  const int64_t kopiyky = Uniform(rng, 100, 99'999);
  const std::string amount = Money::FromMinor(kopiyky, *FindCurrency("UAH")).AmountString();
  CrashHarness::Write w{"/api/v1/cash/donations", "", key, "cash_donation", {}, kopiyky};
  w.body = R"({"donor":"UA-FOND","date":"2026-11-10","account":")" + std::string(kCashAccount) +
           R"(","amount":{"amount":")" + amount + R"(","currency":"UAH"},"earmark":")" + key +
           R"("})";
  return w;
}

CrashHarness::Write RandomWrite(std::mt19937_64& rng, const std::string& key) {
  switch (Uniform(rng, 0, 3)) {
    case 0:
      return Receipt(rng, key);
    case 1:
      return Delivery(rng, key);
    case 2:
      return Transfer(rng, key);
    default:
      return CashDonation(rng, key);
  }
}

// The "id" of a 201 reply, or -1.
int64_t IdOf(const Poco::JSON::Object::Ptr& reply) {
  const std::string id = Str(reply, "id");
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(id);
}

std::string NumberOf(const Poco::JSON::Object::Ptr& reply) {
  return Str(reply, reply->has("waybill") ? "waybill" : "number");
}

bool Contains(const std::set<int64_t>& ids, int64_t id) { return ids.count(id) > 0; }

}  // namespace

uint64_t CrashSeedFromEnvironment() {
  if (const char* s = std::getenv("ZAPAS_CRASH_SEED"); s != nullptr && *s != '\0') {
    return std::strtoull(s, nullptr, 10);
  }
  return Mix(static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count())) %
         1'000'000'000;
}

CrashHarness::CrashHarness(CrashOptions options)
    : options_(options), rng_state_(Mix(options.seed)) {}

CrashHarness::~CrashHarness() = default;

void CrashHarness::Fail(const std::string& what) {
  totals_.failures.push_back("seed " + std::to_string(options_.seed) + ", round " +
                             std::to_string(round_) + ": " + what);
}

void CrashHarness::Login() {
  HttpReply r =
      client_->Post("/api/v1/sessions", std::string(R"({"username":")") + kAdmin +
                                            R"(","password":")" + kAdminPassword + R"("})");
  if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
  token_ = Str(ParseObject(r.body), "token");
}

HttpReply CrashHarness::Call(const std::string& method, const std::string& path,
                             const std::string& body, const std::string& key) {
  return client_->Request(method, path, body, token_, key);
}

void CrashHarness::Must(const std::string& path, const std::string& body) {
  HttpReply r = Call("POST", path, body);
  if (r.status != 201) {
    throw std::runtime_error("POST " + path + " -> " + std::to_string(r.status) + " " + r.body);
  }
}

void CrashHarness::Count(const Write& w, StockMap& stock, int64_t& cash_minor) const {
  for (const auto& [key, milli] : w.stock) {
    if ((stock[key] += milli) == 0) stock.erase(key);
  }
  cash_minor += w.cash_minor;
}

void CrashHarness::Setup() {
  server_ = std::make_unique<ServerProcess>();
  if (server_->AddUser(kAdmin, "admin", kAdminPassword) != 0) {
    throw std::runtime_error("zapas user add failed");
  }
  server_->Start();
  client_ = std::make_unique<HttpClient>(server_->port());
  Login();
  Must("/api/v1/warehouses", R"({"code":"KYIV-1","name":"Склад Київ","region":"Київська"})");
  Must("/api/v1/warehouses", R"({"code":"LVIV-1","name":"Склад Львів","region":"Львівська"})");
  Must("/api/v1/donors", R"({"code":"UA-FOND","name":"Фонд","country":"UA","currency":"UAH"})");
  for (const ItemSpec& item : kItems) {
    Must(
        "/api/v1/items",
        R"({"sku":")" + std::string(item.sku) +
            R"(","name":{"uk":"Товар","en":"Item"},"unit":"pcs","category":"medical","expiry_tracked":)" +
            (item.expiry_tracked ? "true" : "false") + "}");
  }
  Must(
      "/api/v1/recipients",
      R"({"code":"MU-A1234","kind":"military_unit","name":"Військова частина А1234","region":"Донецька"})");
  Must("/api/v1/accounts", R"({"code":")" + std::string(kCashAccount) +
                               R"(","name":"Каса","currency":"UAH","kind":"cash"})");
  // The base lots, received like any other write and counted in the model.
  for (const auto& [sku, lot] : {std::pair{"FOOD-KIT", kDeliveryLot}, {"MED-IFAK", kTransferLot}}) {
    Write w{"/api/v1/receipts", "", std::string("setup-") + lot, "receipt", {}, 0};
    w.body =
        R"({"warehouse":"LVIV-1","donor":"UA-FOND","date":"2026-01-05","reference":"base","lines":[{"sku":")" +
        std::string(sku) + R"(","quantity":")" + std::to_string(kBaseQuantity) + R"(","lot":")" +
        lot + R"(","expiry":"2030-12-31","unit_value":{"amount":"1.00","currency":"UAH"}}]})";
    w.stock[StockKey("LVIV-1", sku, lot)] = kBaseQuantity * Quantity::kScale;
    HttpReply r = Call("POST", w.path, w.body, w.key);
    if (r.status != 201) throw std::runtime_error("base receipt -> " + r.body);
    stored_ids_.insert(IdOf(ParseObject(r.body)));
    Count(w, stock_, cash_minor_);
  }
}

void CrashHarness::WriteUntilKilled(int kill_ms, std::vector<Acked>& acked,
                                    std::vector<Write>& unanswered) {
  std::mutex mu;
  std::atomic<int> answered{0};  // acknowledged or refused
  std::vector<std::thread> threads;
  const int port = server_->port();
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < options_.threads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(Mix(options_.seed ^ Mix(static_cast<uint64_t>(round_) * 1000 + t)));
      std::unique_ptr<HttpClient> client;
      for (int seq = 0;; ++seq) {
        const std::string key =
            "r" + std::to_string(round_) + "-t" + std::to_string(t) + "-" + std::to_string(seq);
        Write w = RandomWrite(rng, key);
        HttpReply r;
        try {
          if (!client) client = std::make_unique<HttpClient>(port);
          r = client->Post(w.path, w.body, token_, w.key);
        } catch (const std::exception&) {
          // The server died under this request: it may or may not have landed.
          std::lock_guard<std::mutex> lock(mu);
          unanswered.push_back(std::move(w));
          return;
        }
        std::lock_guard<std::mutex> lock(mu);
        ++answered;
        if (r.status != 201) {
          Fail("POST " + w.path + " [" + w.key + "] answered " + std::to_string(r.status) + " " +
               r.body);
          return;
        }
        auto reply = ParseObject(r.body);
        acked.push_back(Acked{std::move(w), IdOf(reply), NumberOf(reply), r.body});
      }
    });
  }
  // The random delay counts from the first answer, so that every round kills
  // a server that is writing, however slowly it started.
  const auto give_up = start + std::chrono::seconds(20);
  while (answered.load() == 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(kill_ms));
  const int status = server_->Kill();
  totals_.write_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& t : threads) t.join();
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
    Fail("the server was not killed by SIGKILL (wait status " + std::to_string(status) + ")");
  }
}

void CrashHarness::RunVerify(const std::string& when) {
  const std::string out = server_->Run({"verify"});
  if (out.size() < 7 || out.compare(out.size() - 7, 7, "\nexit 0") != 0) {
    Fail("zapas verify " + when + " failed: " + out);
  }
}

void CrashHarness::ForEachListed(const std::string& path,
                                 const std::function<void(const Poco::JSON::Object::Ptr&)>& f) {
  for (std::string after;;) {
    HttpReply r = Call("GET", path + "?limit=1000" + (after.empty() ? "" : "&after=" + after));
    if (r.status != 200) throw std::runtime_error("GET " + path + " -> " + r.body);
    auto page = ParseObject(r.body);
    auto items = Arr(page, "items");
    for (size_t i = 0; i < items->size(); ++i) f(At(items, i));
    if (page->isNull("next")) return;
    after = Str(page, "next");
  }
}

CrashHarness::Snapshot CrashHarness::Read() {
  Snapshot s;
  ForEachListed("/api/v1/journal", [&](const Poco::JSON::Object::Ptr& e) {
    s.journal[IdOf(e)] = {Str(e, "kind"), Str(e, "number")};
  });
  ForEachListed("/api/v1/stock", [&](const Poco::JSON::Object::Ptr& line) {
    auto q = Quantity::Parse(Str(line, "quantity"));
    if (!q.ok()) throw std::runtime_error("bad quantity " + Str(line, "quantity"));
    if (q->is_zero()) return;
    s.stock[StockKey(Str(line, "warehouse"), Str(line, "sku"), Str(line, "lot"))] += q->milli();
  });
  HttpReply r =
      Call("GET", "/api/v1/reports/reconciliation?from=2026-01-01&to=2026-12-31&currency=UAH");
  if (r.status != 200) throw std::runtime_error("GET /reports/reconciliation -> " + r.body);
  auto accounts = Arr(ParseObject(r.body), "accounts");
  for (size_t i = 0; i < accounts->size(); ++i) {
    auto a = At(accounts, i);
    if (Str(a, "code") != kCashAccount) continue;
    auto closing = Money::Parse(Str(Obj(a, "closing"), "amount"), "UAH");
    if (!closing.ok()) throw std::runtime_error("bad closing balance in " + r.body);
    s.cash_minor = closing->minor_units();
  }
  return s;
}

void CrashHarness::CheckAcked(const std::vector<Acked>& acked, const Snapshot& s) {
  for (const Acked& a : acked) {
    auto it = s.journal.find(a.id);
    if (it == s.journal.end() || it->second.first != a.write.kind ||
        it->second.second != a.number) {
      ++totals_.lost;
      Fail("acknowledged " + a.write.kind + " " + std::to_string(a.id) + " (" + a.number + ") [" +
           a.write.key + "] is not in the journal as acknowledged");
      continue;
    }
    if (a.write.kind == "cash_donation") continue;  // no GET; its effect is in the balance
    const std::string path = a.write.path + "/" + std::to_string(a.id);
    HttpReply r = Call("GET", path);
    if (r.status != 200 || r.body != a.body) {
      Fail("GET " + path + " -> " + std::to_string(r.status) + " " + r.body + "; acknowledged as " +
           a.body);
    }
  }
}

void CrashHarness::CheckState(const Snapshot& s, const std::set<int64_t>& ids,
                              const StockMap& stock, int64_t cash_minor, const std::string& when) {
  for (const auto& [id, entry] : s.journal) {
    if (!Contains(ids, id)) {
      Fail(when + ": journal entry " + std::to_string(id) + " (" + entry.first + " " +
           entry.second + ") belongs to no acknowledged or retried request");
    }
  }
  for (int64_t id : ids) {
    if (s.journal.count(id) == 0)
      Fail(when + ": journal entry " + std::to_string(id) + " is missing");
  }
  int reported = 0;
  auto report = [&](const std::string& key, int64_t expected, int64_t found) {
    if (reported++ < 10) {
      Fail(when + ": stock of " + key + " is " + Quantity::FromMilli(found).ToString() +
           ", expected " + Quantity::FromMilli(expected).ToString());
    }
  };
  for (const auto& [key, milli] : stock) {
    auto it = s.stock.find(key);
    const int64_t found = it == s.stock.end() ? 0 : it->second;
    if (found != milli) report(key, milli, found);
  }
  for (const auto& [key, milli] : s.stock) {
    if (stock.count(key) == 0) report(key, 0, milli);
  }
  if (s.cash_minor != cash_minor) {
    const Currency& uah = *FindCurrency("UAH");
    Fail(when + ": the balance of " + kCashAccount + " is " +
         Money::FromMinor(s.cash_minor, uah).AmountString() + ", expected " +
         Money::FromMinor(cash_minor, uah).AmountString());
  }
}

bool CrashHarness::RunRound() {
  ++round_;
  const size_t failures_before = totals_.failures.size();
  std::mt19937_64 rng(Mix(rng_state_ + static_cast<uint64_t>(round_)));
  const int kill_ms = static_cast<int>(Uniform(rng, options_.min_kill_ms, options_.max_kill_ms));

  std::vector<Acked> acked;
  std::vector<Write> unanswered;
  WriteUntilKilled(kill_ms, acked, unanswered);
  RunVerify("after the kill");
  server_->Start();
  client_ = std::make_unique<HttpClient>(server_->port());
  Login();

  // Before the retries: the acknowledged writes, plus whichever unanswered
  // ones the retries reveal as landed, and nothing else.
  const Snapshot before = Read();
  const int64_t head = before.journal.empty() ? 0 : before.journal.rbegin()->first;
  CheckAcked(acked, before);

  std::set<int64_t> ids = stored_ids_;
  StockMap stock = stock_;
  int64_t cash_minor = cash_minor_;
  for (const Acked& a : acked) {
    ids.insert(a.id);
    Count(a.write, stock, cash_minor);
  }
  // The retries: an id at or below the head before them is a reply stored
  // before the kill (the request had landed); above it, a first write.
  std::vector<HttpReply> retried;
  int landed = 0;
  for (const Write& w : unanswered) {
    retried.push_back(Call("POST", w.path, w.body, w.key));
    const HttpReply& r = retried.back();
    const int64_t id = r.status == 201 ? IdOf(ParseObject(r.body)) : -1;
    if (id < 0) {
      Fail("retry of " + w.key + " answered " + std::to_string(r.status) + " " + r.body);
    } else if (id <= head) {
      ++landed;
      ids.insert(id);
      Count(w, stock, cash_minor);
      auto it = before.journal.find(id);
      if (it == before.journal.end() || it->second.first != w.kind) {
        Fail("retry of " + w.key + " replayed entry " + std::to_string(id) + ", which is not a " +
             w.kind + " of the journal");
      }
    }
  }
  CheckState(before, ids, stock, cash_minor, "before the retries");

  // After the retries every request of the round is stored exactly once.
  stored_ids_ = std::move(ids);
  stock_ = std::move(stock);
  cash_minor_ = cash_minor;
  for (size_t i = 0; i < unanswered.size(); ++i) {
    if (retried[i].status != 201) continue;
    const int64_t id = IdOf(ParseObject(retried[i].body));
    if (id <= head) continue;
    stored_ids_.insert(id);
    Count(unanswered[i], stock_, cash_minor_);
  }
  const Snapshot after = Read();
  CheckState(after, stored_ids_, stock_, cash_minor_, "after the retries");

  // A second retry replays the stored reply and writes nothing.
  for (size_t i = 0; i < unanswered.size(); ++i) {
    HttpReply r = Call("POST", unanswered[i].path, unanswered[i].body, unanswered[i].key);
    if (r.status != 201 || r.body != retried[i].body) {
      Fail("second retry of " + unanswered[i].key + " answered " + std::to_string(r.status) + " " +
           r.body + ", first " + retried[i].body);
    }
  }
  HttpReply tail =
      Call("GET", "/api/v1/journal?after=" + std::to_string(after.journal.rbegin()->first));
  if (tail.status != 200 || Arr(ParseObject(tail.body), "items")->size() != 0) {
    Fail("replayed retries wrote to the journal: " + tail.body);
  }

  totals_.rounds = round_;
  totals_.acknowledged += static_cast<int64_t>(acked.size());
  totals_.unanswered += static_cast<int64_t>(unanswered.size());
  totals_.landed += landed;
  if (options_.log != nullptr) {
    *options_.log << "round " << round_ << ": killed after " << kill_ms << " ms; " << acked.size()
                  << " acknowledged, " << unanswered.size() << " unanswered (" << landed
                  << " landed whole), journal " << after.journal.size() << " entries, "
                  << after.stock.size() << " lot balances"
                  << (totals_.failures.size() > failures_before ? " - FAILED" : "") << std::endl;
  }
  return totals_.failures.size() == failures_before;
}

void CrashHarness::Finish() {
  client_.reset();
  if (server_ && server_->running()) {
    const int status = server_->Stop();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      Fail("the server did not stop cleanly (wait status " + std::to_string(status) + ")");
    }
  }
  if (server_) RunVerify("at the end");
}

}  // namespace zapas::testing
