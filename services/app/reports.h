// The treasurer's reconciliation report (GET /api/v1/reports/reconciliation and
// `zapas report reconciliation`): one computation shared by the HTTP handler
// and the command line. The specification is at the top of reports.cc.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "domain/report.h"
#include "persistence/repository.h"

namespace zapas {

// A read snapshot of `repo` that ends on every path, so a pooled connection is
// never left inside a transaction: Begin() starts it, End() (or the destructor)
// ends it.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Repository& repo) : repo_(repo) {}
  ~ReadSnapshot() {
    if (open_) (void)repo_.EndRead();
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  Status Begin() {
    ZAPAS_RETURN_IF_ERROR(repo_.BeginRead());
    open_ = true;
    return Status::Ok();
  }
  Status End() {
    open_ = false;
    return repo_.EndRead();
  }

 private:
  Repository& repo_;
  bool open_ = false;
};

// Reads ?from=&to=&currency= (currency defaults to UAH). kInvalid naming every
// bad field: from and to are required YYYY-MM-DD dates with from <= to; the
// currency must be one Zapas knows.
Result<ReconciliationPeriod> ParseReconciliationQuery(
    const std::map<std::string, std::string>& query);

// The aid not yet distributed on a date, from the catalog and stock index of
// whoever holds them (the Store under its shared lock, or the CLI's own).
using UndistributedSource = std::function<Result<std::vector<UndistributedLot>>(Date to)>;

// A bank statement of the period beside the books' balance on its date (in
// the account's minor units).
struct StatementCheck {
  Statement statement;
  int64_t book_balance = 0;
};
using StatementChecks = std::map<int32_t, std::vector<StatementCheck>>;  // by account id

// The report as data: what ReconciliationReportJson writes.
struct Reconciliation {
  MoneyReconciliationResult money;
  StatementChecks statements;
  std::vector<UndistributedLot> undistributed;
};

// Computes the report. Reads the money books from `repo` in one read snapshot
// (rates, donors, one pass over the money postings, accounts, statements);
// `in_snapshot`, when given, runs last inside that snapshot, so that what it
// reads from `repo` is of the same state (the audit report reads the journal
// there); its error is the result's.
Result<Reconciliation> ComputeReconciliation(Repository& repo, const ReconciliationPeriod& period,
                                             const UndistributedSource& undistributed,
                                             const std::function<Status()>& in_snapshot = {});

// The report as JSON text. Reads the money books from `repo` in one read
// snapshot (rates, donors, one pass over the money postings, accounts).
Result<std::string> ReconciliationReportJson(Repository& repo, const ReconciliationPeriod& period,
                                             const UndistributedSource& undistributed);

}  // namespace zapas
