#include "domain/csv.h"

#include <algorithm>

namespace zapas {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The separator of the header line: ';' when it occurs more often than ','
// outside quotes (a Ukrainian spreadsheet's export), else ','.
char DetectSeparator(std::string_view text) {
  int commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

// Whether a spreadsheet would take `field`, after any leading apostrophes,
// for a formula: it begins with one of = + - @ tab CR and is not a number.
bool FormulaAfterApostrophes(std::string_view field) {
  const size_t start = field.find_first_not_of('\'');
  if (start == std::string_view::npos) return false;
  const char c = field[start];
  const bool trigger = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
  return trigger && !IsCsvNumber(field.substr(start));
}

bool AllEmpty(const CsvRow& row) {
  return std::all_of(row.fields.begin(), row.fields.end(),
                     [](const std::string& f) { return f.empty(); });
}

// Reads the rows of `text` (BOM already skipped).
class Parser {
 public:
  Parser(std::string_view text, char separator) : text_(text), sep_(separator) {}

  // The next row, or an error for a quote left open; `done` at the end.
  Status Next(CsvRow& row, bool& done) {
    row = CsvRow{line_, {}};
    done = pos_ >= text_.size();
    if (done) return Status::Ok();
    while (true) {
      std::string field;
      bool end_of_row = false;
      ZAPAS_RETURN_IF_ERROR(Field(field, end_of_row));
      // A cell that AppendCsvField defused comes back as it was.
      if (!field.empty() && field.front() == '\'' && FormulaAfterApostrophes(field)) {
        field.erase(0, 1);
      }
      row.fields.push_back(std::move(field));
      if (end_of_row) return Status::Ok();
    }
  }

 private:
  Status Field(std::string& out, bool& end_of_row) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const int opened = line_;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) {
          std::string where = "line " + std::to_string(opened);
          return Status(StatusCode::kMalformed, where + ": a quoted field is not closed",
                        {FieldError{"", "a quoted field is not closed", opened}});
        }
        char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            out += '"';
            ++pos_;
            continue;
          }
          break;
        }
        if (c == '\n') ++line_;
        out += c;
      }
    }
    // Unquoted text, or whatever follows a closing quote up to the separator.
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == sep_) return Status::Ok();
      if (c == '\n') {
        ++line_;
        end_of_row = true;
        if (!out.empty() && out.back() == '\r') out.pop_back();
        return Status::Ok();
      }
      out += c;
    }
    if (!out.empty() && out.back() == '\r') out.pop_back();
    end_of_row = true;
    return Status::Ok();
  }

  std::string_view text_;
  char sep_;
  size_t pos_ = 0;
  int line_ = 1;
};

// The group separators a spreadsheet may put between thousands.
constexpr std::string_view kGroupSeparators[] = {" ", "\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x89"};

size_t GroupSeparatorAt(std::string_view s, size_t i) {
  for (std::string_view g : kGroupSeparators) {
    if (s.substr(i, g.size()) == g) return g.size();
  }
  return 0;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<CsvTable> ReadCsv(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  CsvTable table;
  table.separator = DetectSeparator(text);
  Parser parser(text, table.separator);
  bool done = false;
  bool have_header = false;
  while (true) {
    CsvRow row;
    ZAPAS_RETURN_IF_ERROR(parser.Next(row, done));
    if (done) break;
    if (AllEmpty(row)) continue;
    if (!have_header) {
      table.header = std::move(row);
      have_header = true;
    } else {
      table.rows.push_back(std::move(row));
    }
  }
  if (!have_header) return Status::Malformed("the file is empty: a header line is expected");
  return table;
}

bool IsCsvNumber(std::string_view field) {
  size_t i = 0;
  if (i < field.size() && (field[i] == '-' || field[i] == '+')) ++i;
  const size_t digits = i;
  while (i < field.size() && field[i] >= '0' && field[i] <= '9') ++i;
  if (i == digits) return false;
  if (i < field.size() && field[i] == '.') {
    const size_t fraction = ++i;
    while (i < field.size() && field[i] >= '0' && field[i] <= '9') ++i;
    if (i == fraction) return false;
  }
  return i == field.size();
}

void AppendCsvField(std::string& out, std::string_view field, char separator) {
  std::string defused;
  if (FormulaAfterApostrophes(field)) {
    defused = "'" + std::string(field);
    field = defused;
  }
  const bool quote =
      field.find_first_of(std::string{'"', '\n', '\r', separator}) != std::string_view::npos ||
      (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

Result<std::string> PlainDecimal(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  const size_t comma = text.find(',');
  const size_t point = text.find('.');
  if (comma != std::string_view::npos && point != std::string_view::npos) {
    return Status::Invalid("use a decimal comma or a decimal point, not both (e.g. 1 250,50)");
  }
  if (comma != std::string_view::npos && text.find(',', comma + 1) != std::string_view::npos) {
    return Status::Invalid("has more than one decimal comma");
  }
  const size_t mark = comma != std::string_view::npos ? comma : point;
  std::string_view integer = text.substr(0, mark);
  std::string_view fraction = mark == std::string_view::npos ? "" : text.substr(mark + 1);
  std::string sign;
  if (!integer.empty() && integer.front() == '-') {
    sign = "-";
    integer.remove_prefix(1);
  }
  // The integer part split at group separators.
  std::vector<std::string_view> groups;
  size_t start = 0;
  for (size_t i = 0; i < integer.size();) {
    if (size_t len = GroupSeparatorAt(integer, i); len > 0) {
      groups.push_back(integer.substr(start, i - start));
      i += len;
      start = i;
    } else {
      ++i;
    }
  }
  groups.push_back(integer.substr(start));
  std::string plain = sign;
  if (groups.size() > 1) {
    for (size_t g = 0; g < groups.size(); ++g) {
      const bool ok =
          AllDigits(groups[g]) && (g == 0 ? groups[g].size() <= 3 : groups[g].size() == 3);
      if (!ok) return Status::Invalid("digits must be grouped by three, e.g. 1 250,50");
    }
  }
  for (std::string_view g : groups) plain += g;
  if (mark != std::string_view::npos) {
    plain += '.';
    plain += fraction;
  }
  return plain;
}

void AppendCsvRow(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    AppendCsvField(out, fields[i]);
  }
  out += '\n';
}

}  // namespace zapas
