#include "printing/audit_journal.h"

#include <algorithm>
#include <string>

#include "printing/format.h"

namespace zapas::printing {

namespace {

// The journal's kinds of entry with their Ukrainian and English labels.
constexpr std::pair<std::string_view, std::pair<std::string_view, std::string_view>> kKindLabels[] =
    {
        {"receipt", {"Надходження", "Receipt"}},
        {"transfer", {"Переміщення", "Transfer"}},
        {"delivery", {"Видача", "Delivery"}},
        {"adjustment", {"Коригування", "Adjustment"}},
        {"reversal", {"Сторно", "Reversal"}},
        {"confirmation", {"Підтвердження", "Proof of delivery"}},
        {"cash_donation", {"Пожертва", "Donation"}},
        {"payment", {"Оплата", "Payment"}},
        {"cash_transfer", {"Переказ коштів", "Cash transfer"}},
        {"exchange", {"Обмін валюти", "Exchange"}},
        {"bank_fee", {"Комісія банку", "Bank fee"}},
        {"period_reopen", {"Відкриття періоду", "Period reopened"}},
        {"rate_correction", {"Виправлення курсу", "Rate corrected"}},
        {"request", {"Запит", "Request"}},
        {"request_cancel", {"Скасування запиту", "Request cancelled"}},
        {"return", {"Повернення", "Return"}},
        {"assembly", {"Комплектування", "Kit assembly"}},
        {"disassembly", {"Розбирання", "Disassembly"}},
        {"stocktake", {"Інвентаризація", "Stocktake"}},
        {"stocktake_count", {"Підрахунок", "Stocktake count"}},
        {"stocktake_close", {"Підсумок обліку", "Stocktake closed"}},
};

// Where the baseline of a line of `style` sits below the line's top (as
// PdfDocument's own layout places it).
float Baseline(const TextStyle& s) { return s.size * (s.leading * 0.5f + 0.36f); }

}  // namespace

std::pair<std::string_view, std::string_view> EntryKindLabels(std::string_view kind) {
  for (const auto& [k, labels] : kKindLabels) {
    if (k == kind) return labels;
  }
  return {kind, kind};
}

namespace audit {

// "1 250,00 EUR"
std::string WithCode(const Money& m) {
  return FormatAmount(m) + " " + std::string(m.currency_code());
}

// "2026-03-12T14:03:05Z" -> "2026-03-12 14:03:05"
std::string Timestamp(std::string_view rfc3339) {
  std::string s(rfc3339);
  if (s.size() > 10 && s[10] == 'T') s[10] = ' ';
  if (!s.empty() && s.back() == 'Z') s.pop_back();
  return s;
}

// The table's columns, styles and drawing (audit_journal.h says what it draws).
class JournalTable::Impl {
 public:
  explicit Impl(PdfDocument& doc) : doc_(doc) {
    // The widest hex digit sets the hash column: 32 digits a line.
    float digit = 0;
    for (char c : std::string_view("0123456789abcdef")) {
      digit = std::max(digit, doc.TextWidth(std::string_view(&c, 1), hash_));
    }
    // The kind column fits the longest label, and the column's heading; a
    // kind without a label (its own name) is set smaller if need be (Fitted).
    float kind_w = std::max(doc.TextWidth("Вид операції", head_), doc.TextWidth("Kind", head_en_));
    for (const auto& [kind, labels] : kKindLabels) {
      kind_w = std::max(
          {kind_w, doc.TextWidth(labels.first, body_), doc.TextWidth(labels.second, minor_)});
    }
    const float fixed[kColumns] = {
        doc.TextWidth("GRN-2026-000000", number_) + 2 * kPad + 3,
        kind_w + 2 * kPad + 3,
        0,  // the summary takes the rest
        doc.TextWidth("99 999 999,99 UAH", body_) + 2 * kPad,
        doc.TextWidth("2026-12-31 23:59:59", time_) + 2 * kPad + 3,
        digit * 32 + 2 * kPad + 1,
    };
    float used = 0;
    for (float f : fixed) used += f;
    float x = doc.left();
    for (size_t i = 0; i < kColumns; ++i) {
      x_[i] = x;
      w_[i] = fixed[i] > 0 ? fixed[i] : doc.width() - used;
      x += w_[i];
    }
  }

  float HeaderHeight() const { return head_.line_height() + head_en_.line_height() + 2 * kPad; }

  // The header at the cursor.
  void Header() {
    static constexpr std::string_view kUk[kColumns] = {
        "Номер, дата", "Вид операції", "Зміст", "Сума", "Вніс, час UTC", "Хеш запису, SHA-256"};
    static constexpr std::string_view kEn[kColumns] = {
        "Number, date", "Kind", "Summary", "Amount", "Recorded by, at", "Entry hash"};
    const float top = doc_.cursor();
    const float h = HeaderHeight();
    doc_.DrawBox(doc_.left(), top, doc_.width(), h, 0, false, 0.88f);
    for (size_t i = 0; i < kColumns; ++i) {
      const Align align = i == kAmount ? Align::kRight : Align::kLeft;
      const float y = top - kPad;
      doc_.DrawTextAligned(x_[i] + kPad, w_[i] - 2 * kPad, y - Baseline(head_), kUk[i], head_,
                           align);
      doc_.DrawTextAligned(x_[i] + kPad, w_[i] - 2 * kPad,
                           y - head_.line_height() - Baseline(head_en_), kEn[i], head_en_, align);
    }
    doc_.DrawLine(doc_.left(), top, doc_.right(), top, 0.6f);
    doc_.DrawLine(doc_.left(), top - h, doc_.right(), top - h, 0.6f);
    doc_.SetCursor(top - h);
    shade_ = false;
  }

  void Row(const AuditEntry& e) {
    // Only the summary wraps; the other cells hold one or two short lines.
    summary_ = doc_.Wrap(e.summary, body_, w_[kSummary] - 2 * kPad);
    if (summary_.size() > kMaxSummaryLines) {
      summary_.resize(kMaxSummaryLines);
      summary_.back() += " …";
    }
    const float content = std::max({2 * body_.line_height(), 2 * hash_.line_height(),
                                    static_cast<float>(summary_.size()) * body_.line_height(),
                                    static_cast<float>(e.amounts.size()) * body_.line_height()});
    const float h = content + 2 * kPad;
    if (doc_.cursor() - h < doc_.bottom()) {
      doc_.NewPage();
      const TextStyle caption{FontWeight::kRegular, 7.0f, 0.4f};
      doc_.DrawTextAligned(doc_.left(), doc_.width(), doc_.cursor() - Baseline(caption),
                           "5. Записи журналу за період (продовження) / "
                           "Journal entries of the period (continued)",
                           caption, Align::kRight);
      doc_.SetCursor(doc_.cursor() - caption.line_height() - 2);
      Header();
    }
    const float top = doc_.cursor();
    if (shade_) doc_.DrawBox(doc_.left(), top, doc_.width(), h, 0, false, 0.955f);
    shade_ = !shade_;
    const float y1 = top - kPad - Baseline(body_);
    const float y2 = y1 - body_.line_height();
    const float minor_y2 = top - kPad - body_.line_height() - Baseline(minor_);

    // Number; date and journal id beneath.
    Text(kNumber, y1, e.number.empty() ? std::string_view("—") : std::string_view(e.number),
         number_);
    const std::string date = FormatDateNumeric(e.date);
    Text(kNumber, y2, date, body_);
    doc_.DrawText(x_[kNumber] + kPad + doc_.TextWidth(date, body_) + 3, y2,
                  "#" + std::to_string(e.id), minor_);
    const auto [kind_uk, kind_en] = EntryKindLabels(e.kind);
    Fitted(kKind, y1, kind_uk, body_);
    Fitted(kKind, minor_y2, kind_en, minor_);
    float y = y1;
    for (const std::string& line : summary_) {
      Text(kSummary, y, line, body_);
      y -= body_.line_height();
    }
    y = y1;
    for (const Money& m : e.amounts) {
      const std::string amount = WithCode(m);
      // A very large amount is set smaller rather than run into the summary.
      const float room = w_[kAmount] - 2 * kPad;
      const float width = doc_.TextWidth(amount, body_);
      const TextStyle style = width > room ? body_.Sized(body_.size * room / width) : body_;
      doc_.DrawText(x_[kAmount] + w_[kAmount] - kPad - std::min(width, room), y, amount, style);
      y -= body_.line_height();
    }
    Fitted(kBy, y1, e.recorded_by, body_);
    Text(kBy, top - kPad - body_.line_height() - Baseline(time_), Timestamp(e.recorded_at), time_);
    // The hash: 64 hex digits on two lines of 32.
    const float h1 = top - kPad - Baseline(hash_);
    if (e.hash.empty()) {
      Text(kHash, h1, "—", hash_);
    } else {
      Text(kHash, h1, std::string_view(e.hash).substr(0, 32), hash_);
      if (e.hash.size() > 32) {
        Text(kHash, h1 - hash_.line_height(), std::string_view(e.hash).substr(32), hash_);
      }
    }
    doc_.DrawLine(doc_.left(), top - h, doc_.right(), top - h, 0.3f, 0.72f);
    doc_.SetCursor(top - h);
  }

  // Closes the table with a rule under its last row.
  void End() { doc_.DrawLine(doc_.left(), doc_.cursor(), doc_.right(), doc_.cursor(), 0.6f); }

 private:
  static constexpr size_t kColumns = 6;
  static constexpr size_t kNumber = 0, kKind = 1, kSummary = 2, kAmount = 3, kBy = 4, kHash = 5;
  static constexpr size_t kMaxSummaryLines = 4;
  static constexpr float kPad = 2.6f;

  // One line in a column, left-aligned.
  void Text(size_t column, float baseline, std::string_view text, const TextStyle& style) {
    doc_.DrawText(x_[column] + kPad, baseline, text, style);
  }

  // One line in a column, set smaller when it is wider than the column.
  void Fitted(size_t column, float baseline, std::string_view text, const TextStyle& style) {
    const float room = w_[column] - 2 * kPad;
    const float width = doc_.TextWidth(text, style);
    Text(column, baseline, text, width > room ? style.Sized(style.size * room / width) : style);
  }

  PdfDocument& doc_;
  const TextStyle body_{FontWeight::kRegular, 6.6f, 0.0f, 1.2f};
  const TextStyle number_{FontWeight::kBold, 6.6f, 0.0f, 1.2f};
  const TextStyle minor_{FontWeight::kRegular, 5.6f, 0.42f, 1.2f};
  const TextStyle time_{FontWeight::kRegular, 5.3f, 0.42f, 1.2f};
  const TextStyle hash_{FontWeight::kRegular, 5.5f, 0.12f, 1.3f};
  const TextStyle head_{FontWeight::kBold, 6.4f, 0.0f, 1.2f};
  const TextStyle head_en_{FontWeight::kRegular, 5.4f, 0.42f, 1.2f};
  float x_[kColumns] = {};
  float w_[kColumns] = {};
  bool shade_ = false;
  std::vector<std::string> summary_;
};

JournalTable::JournalTable(PdfDocument& doc) : impl_(std::make_unique<Impl>(doc)) {}
JournalTable::~JournalTable() = default;
float JournalTable::HeaderHeight() const { return impl_->HeaderHeight(); }
void JournalTable::Header() { impl_->Header(); }
void JournalTable::Row(const AuditEntry& e) { impl_->Row(e); }
void JournalTable::End() { impl_->End(); }

}  // namespace audit
}  // namespace zapas::printing
