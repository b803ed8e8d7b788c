// CSV import: the file's rows become the same requests the JSON endpoints
// decode, written in one job of the single writer. See import.h.
#include "services/app/import.h"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <map>
#include <set>

#include "domain/csv.h"
#include "domain/text.h"
#include "services/app/requests.h"

namespace zapas {
namespace {

enum class Cell { kText, kDecimal, kBool, kGtins };

// A column a file may have: its name (the JSON path joined by '_'), its
// Ukrainian titles, how its cells are read, and for receipts whether it
// belongs to the receipt (and so to the key grouping rows into receipts)
// rather than to its line.
struct ColumnSpec {
  const char* name;
  std::vector<const char*> path;
  std::vector<const char*> aliases;
  Cell cell = Cell::kText;
  bool document = false;
};

const std::vector<ColumnSpec>& Specs(ImportKind kind) {
  static const std::vector<ColumnSpec> kItems = {
      {"sku", {"sku"}, {"артикул", "код"}},
      {"name_uk", {"name", "uk"}, {"назва", "назва українською"}},
      {"name_en", {"name", "en"}, {"назва англійською"}},
      {"unit", {"unit"}, {"одиниця", "одиниця виміру"}},
      {"category", {"category"}, {"категорія"}},
      {"expiry_tracked",
       {"expiry_tracked"},
       {"облік терміну придатності", "термін придатності"},
       Cell::kBool},
      // "4820000000016; 14820000000013=12": GTINs, each with how many units
      // its pack holds after "=" (1 when not given).
      {"gtins", {"gtins"}, {"gtin", "штрихкод", "штрихкоди", "штрих-код"}, Cell::kGtins},
  };
  static const std::vector<ColumnSpec> kRecipients = {
      {"code", {"code"}, {"код"}},
      {"kind", {"kind"}, {"тип", "вид"}},
      {"name", {"name"}, {"назва", "найменування"}},
      {"region", {"region"}, {"область", "регіон"}},
      // Personal data: any personal_<field> column goes to personal.<field>;
      // these are the usual ones with Ukrainian titles.
      {"personal_name", {"personal", "name"}, {"піб", "прізвище ім'я по батькові"}},
      {"personal_phone", {"personal", "phone"}, {"телефон"}},
      {"personal_document", {"personal", "document"}, {"документ", "номер документа"}},
      {"personal_household_size",
       {"personal", "household_size"},
       {"розмір домогосподарства", "членів родини"}},
  };
  static const std::vector<ColumnSpec> kReceipts = {
      {"warehouse", {"warehouse"}, {"склад"}, Cell::kText, true},
      {"donor", {"donor"}, {"донор"}, Cell::kText, true},
      {"date", {"date"}, {"дата"}, Cell::kText, true},
      {"reference", {"reference"}, {"документ", "підстава"}, Cell::kText, true},
      {"sku", {"sku"}, {"артикул", "код"}},
      {"quantity", {"quantity"}, {"кількість"}, Cell::kDecimal},
      {"lot", {"lot"}, {"партія"}},
      {"expiry", {"expiry"}, {"придатний до", "термін придатності"}},
      {"unit_value_amount", {"unit_value", "amount"}, {"ціна", "вартість одиниці"}, Cell::kDecimal},
      {"unit_value_currency", {"unit_value", "currency"}, {"валюта"}},
      {"remark", {"remark"}, {"примітка"}},
  };
  static const std::vector<ColumnSpec> kCash = {
      {"donor", {"donor"}, {"донор"}},
      {"date", {"date"}, {"дата"}},
      {"amount_amount", {"amount", "amount"}, {"сума"}, Cell::kDecimal},
      {"amount_currency", {"amount", "currency"}, {"валюта"}},
      {"account", {"account"}, {"рахунок"}},
      {"earmark", {"earmark"}, {"призначення"}},
  };
  switch (kind) {
    case ImportKind::kItems:
      return kItems;
    case ImportKind::kRecipients:
      return kRecipients;
    case ImportKind::kReceipts:
      return kReceipts;
    case ImportKind::kCash:
      return kCash;
  }
  return kItems;
}

// Each kind's name, and the column a part's error is about when the write
// names no field (a duplicate code): its key.
struct KindInfo {
  ImportKind kind;
  const char* name;
  const char* key_column;
};
constexpr KindInfo kKinds[] = {
    {ImportKind::kItems, "items", "sku"},
    {ImportKind::kRecipients, "recipients", "code"},
    {ImportKind::kReceipts, "receipts", "reference"},
    {ImportKind::kCash, "cash", "donor"},
};

const KindInfo& InfoOf(ImportKind kind) {
  for (const KindInfo& k : kKinds) {
    if (k.kind == kind) return k;
  }
  return kKinds[0];
}

const char* KeyColumn(ImportKind kind) { return InfoOf(kind).key_column; }

// A header title folded for matching: trimmed, ASCII and Ukrainian capitals
// made small (spreadsheets capitalise titles).
std::string Fold(std::string_view title) { return FoldCase(TrimBlanks(title)); }

// A column of this file: what it is and the title the file gives it.
struct Bound {
  std::string name;
  std::vector<std::string> path;
  Cell cell = Cell::kText;
  bool document = false;
  std::string title;
  size_t index = 0;
};

// Every bad cell, once per (line, column), in line order at the end.
class RowErrors {
 public:
  void Add(int line, const std::string& column, const std::string& reason) {
    if (seen_.insert({line, column}).second) list_.push_back(FieldError{column, reason, line});
  }
  bool empty() const { return list_.empty(); }
  size_t rows() const {
    std::set<int> lines;
    for (const FieldError& e : list_) lines.insert(e.line);
    return lines.size();
  }
  std::vector<FieldError> Take() {
    std::stable_sort(list_.begin(), list_.end(),
                     [](const FieldError& a, const FieldError& b) { return a.line < b.line; });
    return std::move(list_);
  }

 private:
  std::set<std::pair<int, std::string>> seen_;
  std::vector<FieldError> list_;
};

Result<std::vector<Bound>> BindHeader(ImportKind kind, const CsvRow& header) {
  const auto& specs = Specs(kind);
  std::vector<Bound> bound;
  RowErrors errors;
  std::set<std::string> names;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string title = std::string(TrimBlanks(header.fields[i]));
    const std::string folded = Fold(title);
    if (folded.empty()) continue;  // an unnamed column of empty cells
    Bound b;
    b.title = title;
    b.index = i;
    for (const ColumnSpec& spec : specs) {
      bool match = folded == spec.name;
      for (const char* alias : spec.aliases) match = match || folded == alias;
      if (!match) continue;
      b.name = spec.name;
      b.path.assign(spec.path.begin(), spec.path.end());
      b.cell = spec.cell;
      b.document = spec.document;
      break;
    }
    if (b.name.empty() && kind == ImportKind::kRecipients && folded.rfind("personal_", 0) == 0 &&
        folded.size() > 9) {
      b.name = folded;
      b.path = {"personal", folded.substr(9)};
    }
    if (b.name.empty()) {
      std::string known;
      for (const ColumnSpec& spec : specs)
        known += (known.empty() ? "" : ", ") + std::string(spec.name);
      errors.Add(header.line, title, "unknown column; the columns are " + known);
      continue;
    }
    if (!names.insert(b.name).second) {
      errors.Add(header.line, title, "the column " + b.name + " is given twice");
      continue;
    }
    bound.push_back(std::move(b));
  }
  if (!errors.empty())
    return Status(StatusCode::kInvalid, "the header line is wrong", errors.Take());
  return bound;
}

// Sets object[path] = value, making the nested objects on the way.
void SetPath(Poco::JSON::Object::Ptr object, const std::vector<std::string>& path,
             const Poco::Dynamic::Var& value) {
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    Poco::JSON::Object::Ptr next = object->getObject(path[i]);
    if (!next) {
      next = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      object->set(path[i], next);
    }
    object = next;
  }
  object->set(path.back(), value);
}

// A yes/no cell as spreadsheets write it (folded), or nullopt.
std::optional<bool> ParseBool(const std::string& folded) {
  static const std::map<std::string, bool> kWords = {
      {"true", true},   {"yes", true}, {"1", true},  {"так", true}, {"+", true},
      {"false", false}, {"no", false}, {"0", false}, {"ні", false}, {"-", false}};
  auto it = kWords.find(folded);
  if (it == kWords.end()) return std::nullopt;
  return it->second;
}

// Puts the row's cells of the columns `document` selects into `object`. A
// decimal is made plain by the decimal-comma rule, a yes/no into a JSON bool;
// a cell that cannot be is left as text for the decoder to refuse, or (a bad
// grouping of digits) reported here.
void FillObject(const std::vector<Bound>& columns, const CsvRow& row, bool document,
                Poco::JSON::Object::Ptr object, RowErrors& errors) {
  for (const Bound& b : columns) {
    if (b.document != document || b.index >= row.fields.size()) continue;
    std::string cell(TrimBlanks(row.fields[b.index]));
    if (cell.empty()) continue;
    if (b.cell == Cell::kDecimal) {
      auto plain = PlainDecimal(cell);
      if (!plain.ok()) {
        errors.Add(row.line, b.title, plain.status().message());
      } else {
        cell = *plain;
      }
    } else if (b.cell == Cell::kBool) {
      if (auto v = ParseBool(Fold(cell))) {
        SetPath(object, b.path, *v);
        continue;
      }
    } else if (b.cell == Cell::kGtins) {
      Poco::JSON::Array::Ptr gtins = new Poco::JSON::Array;
      for (const std::string& part : SplitOn(cell, ';')) {
        std::string_view text = TrimBlanks(part);
        if (text.empty()) continue;
        Poco::JSON::Object::Ptr gtin = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        const size_t equals = text.find('=');
        gtin->set("gtin", std::string(TrimBlanks(text.substr(0, equals))));
        if (equals != std::string_view::npos) {
          std::string quantity(TrimBlanks(text.substr(equals + 1)));
          auto plain = PlainDecimal(quantity);
          gtin->set("quantity", plain.ok() ? *plain : quantity);
        }
        gtins->add(gtin);
      }
      SetPath(object, b.path, gtins);
      continue;
    }
    SetPath(object, b.path, cell);
  }
}

// One request of the file: its rows' lines (a receipt's in line order) and the
// write job that stores it.
struct Part {
  std::vector<int> lines;
  WriteWork work;
};

// The title of the column a decoder's field path ("name.uk", "unit_value")
// is about.
std::string ColumnTitle(const std::vector<Bound>& columns, const std::string& field) {
  const std::string path = field.substr(0, field.find('['));  // "gtins[1].gtin": the gtins cell
  for (const Bound& b : columns) {
    std::string joined;
    for (const std::string& p : b.path) joined += (joined.empty() ? "" : ".") + p;
    if (joined == path || joined.rfind(path + ".", 0) == 0) return b.title;
  }
  std::string name = path;
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

// Adds a request's errors to the rows they are about: "lines[i].x" to the
// part's i-th row, anything else to its first row.
void AddErrors(const std::vector<FieldError>& fields, const std::string& message, const Part& part,
               const std::vector<Bound>& columns, ImportKind kind, RowErrors& errors) {
  if (fields.empty()) {
    errors.Add(part.lines.front(), ColumnTitle(columns, KeyColumn(kind)), message);
    return;
  }
  for (const FieldError& e : fields) {
    int line = part.lines.front();
    std::string path = e.field;
    const size_t close = path.find(']');
    if (path.rfind("lines[", 0) == 0 && close != std::string::npos && close > 6) {
      const std::string index = path.substr(6, close - 6);
      if (index.find_first_not_of("0123456789") == std::string::npos && index.size() < 9) {
        const size_t i = std::stoul(index);
        if (i < part.lines.size()) line = part.lines[i];
      }
      path = close + 2 <= path.size() ? path.substr(close + 2) : "";
    }
    errors.Add(line, ColumnTitle(columns, path.empty() ? KeyColumn(kind) : path), e.message);
  }
}

// Decodes one request with `decode`; a part when it is valid.
template <typename Decode, typename Work>
std::optional<Part> DecodePart(Poco::JSON::Object::Ptr object, std::vector<int> lines,
                               Decode decode, Work work, const std::vector<Bound>& columns,
                               ImportKind kind, RowErrors& errors) {
  Part part{std::move(lines), nullptr};
  auto decoded = ObjectWork(object, decode, work);
  if (!decoded.ok()) {
    AddErrors(decoded.status().errors(), decoded.status().message(), part, columns, kind, errors);
    return std::nullopt;
  }
  part.work = std::move(decoded).value();
  return part;
}

Poco::JSON::Object::Ptr NewObject() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

// The parts of a file of one request per row.
template <typename Decode, typename Work>
std::vector<Part> RowParts(const CsvTable& table, const std::vector<Bound>& columns,
                           ImportKind kind, Decode decode, Work work, RowErrors& errors) {
  std::vector<Part> parts;
  for (const CsvRow& row : table.rows) {
    auto object = NewObject();
    FillObject(columns, row, false, object, errors);
    auto part = DecodePart(object, {row.line}, decode, work, columns, kind, errors);
    if (part) parts.push_back(std::move(*part));
  }
  return parts;
}

// The receipts of a file: rows with the same warehouse, donor, date and
// reference are the lines of one receipt, in file order.
std::vector<Part> ReceiptParts(const CsvTable& table, const std::vector<Bound>& columns,
                               RowErrors& errors) {
  struct Group {
    Poco::JSON::Object::Ptr receipt;
    Poco::JSON::Array::Ptr lines;
    std::vector<int> rows;
  };
  std::vector<Group> groups;
  std::map<std::string, size_t> by_key;
  for (const CsvRow& row : table.rows) {
    std::string key;
    for (const Bound& b : columns) {
      if (b.document && b.index < row.fields.size()) key += TrimBlanks(row.fields[b.index]);
      key += '\x1f';
    }
    auto [it, added] = by_key.try_emplace(key, groups.size());
    if (added) {
      Group g{NewObject(), new Poco::JSON::Array, {}};
      FillObject(columns, row, true, g.receipt, errors);
      g.receipt->set("lines", g.lines);
      groups.push_back(std::move(g));
    }
    Group& g = groups[it->second];
    auto line = NewObject();
    FillObject(columns, row, false, line, errors);
    g.lines->add(line);
    g.rows.push_back(row.line);
  }
  std::vector<Part> parts;
  for (Group& g : groups) {
    auto part = DecodePart(g.receipt, std::move(g.rows), ReadReceipt, CreateReceiptWork, columns,
                           ImportKind::kReceipts, errors);
    if (part) parts.push_back(std::move(*part));
  }
  return parts;
}

// Runs every part in its own savepoint and context, each planning against
// the parts before it; all or nothing.
WriteWork ImportWork(ImportKind kind, std::vector<Part> parts, std::vector<Bound> columns,
                     std::shared_ptr<RowErrors> early, size_t rows, bool dry_run,
                     ImportProgress progress, std::shared_ptr<ImportSummary> summary) {
  return [=](WriteContext& ctx) -> Result<Written> {
    RowErrors errors = *early;
    ZAPAS_RETURN_IF_ERROR(ctx.repo.Savepoint());
    PendingChanges seen = ctx.pending;
    WriteContext kept(ctx.repo, ctx.catalog, ctx.index, seen, ctx.who, ctx.recorded_at,
                      ctx.latest_date);
    size_t done = 0, created = 0, reported = 0;
    for (const Part& part : parts) {
      ZAPAS_RETURN_IF_ERROR(ctx.repo.Savepoint());
      WriteContext one(ctx.repo, ctx.catalog, ctx.index, seen, ctx.who, ctx.recorded_at,
                       ctx.latest_date);
      Result<Written> r = part.work(one);
      if (r.ok()) {
        ZAPAS_RETURN_IF_ERROR(ctx.repo.ReleaseSavepoint());
        kept.Absorb(one, seen);
        ++created;
      } else {
        ZAPAS_RETURN_IF_ERROR(ctx.repo.RollbackToSavepoint());
        AddErrors(r.status().errors(), r.status().message(), part, columns, kind, errors);
      }
      done += part.lines.size();
      if (progress && (done - reported >= rows / 100 + 1 || done == rows)) {
        progress(done, rows);
        reported = done;
      }
    }
    const bool keep = errors.empty() && !dry_run;
    ZAPAS_RETURN_IF_ERROR(keep ? ctx.repo.ReleaseSavepoint() : ctx.repo.RollbackToSavepoint());
    if (!errors.empty()) {
      const size_t bad = errors.rows();
      return Status(
          StatusCode::kInvalid,
          std::to_string(bad) + (bad == 1 ? " row is" : " rows are") + " bad; nothing was imported",
          errors.Take());
    }
    if (keep) {
      PendingChanges unused;
      ctx.Absorb(kept, unused);
    }
    if (summary) *summary = ImportSummary{rows, created};
    JsonWriter w;
    w.BeginObject()
        .Field("kind", ImportKindName(kind))
        .Field("dry_run", dry_run)
        .Field("rows", static_cast<int64_t>(rows))
        .Field("created", static_cast<int64_t>(created))
        .EndObject();
    return Written{w.Take(), !dry_run};
  };
}

}  // namespace

std::optional<ImportKind> ParseImportKind(std::string_view name) {
  for (const KindInfo& k : kKinds) {
    if (name == k.name) return k.kind;
  }
  return std::nullopt;
}

const char* ImportKindName(ImportKind kind) { return InfoOf(kind).name; }

Result<ImportJob> PrepareImport(ImportKind kind, std::string_view csv, bool dry_run,
                                ImportProgress progress, std::shared_ptr<ImportSummary> summary) {
  ZAPAS_ASSIGN_OR_RETURN(CsvTable table, ReadCsv(csv));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Bound> columns, BindHeader(kind, table.header));
  auto errors = std::make_shared<RowErrors>();
  for (const CsvRow& row : table.rows) {
    if (row.fields.size() > table.header.fields.size()) {
      errors->Add(row.line, "",
                  "has " + std::to_string(row.fields.size()) + " cells, the header " +
                      std::to_string(table.header.fields.size()));
    }
  }
  std::vector<Part> parts;
  switch (kind) {
    case ImportKind::kItems:
      parts = RowParts(table, columns, kind, ReadItem, CreateItemWork, *errors);
      break;
    case ImportKind::kRecipients:
      parts = RowParts(table, columns, kind, ReadRecipient, CreateRecipientWork, *errors);
      break;
    case ImportKind::kReceipts:
      parts = ReceiptParts(table, columns, *errors);
      break;
    case ImportKind::kCash:
      parts = RowParts(table, columns, kind, ReadCashDonation, CashDonationWork, *errors);
      break;
  }
  const size_t rows = table.rows.size();
  return ImportJob{ImportWork(kind, std::move(parts), std::move(columns), errors, rows, dry_run,
                              std::move(progress), std::move(summary)),
                   rows};
}

}  // namespace zapas
