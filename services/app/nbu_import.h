// Reading the National Bank of Ukraine's exchange-rate files, in both forms it
// publishes: the JSON array [{"r030", "txt", "rate", "cc", "exchangedate"}, ...]
// and the XML <exchange><currency>...</currency></exchange>. One day or many.
//
// Rates are read from the file's text as exact decimals (never through a
// double). Unknown fields are ignored. Any bad record refuses the whole file,
// with a message naming the record ("record 3 (USD, 27.11.2026): ...").
#pragma once

#include <string>
#include <vector>

#include "domain/rates.h"
#include "domain/status.h"
#include "persistence/repository.h"

namespace zapas {

struct NbuFile {
  std::vector<Rate> rates;           // of the currencies Zapas knows, in file order
  std::vector<std::string> skipped;  // codes of valid records of other currencies
  size_t records = 0;
};

// Detects the form from the first non-blank character ('[' JSON, '<' XML).
// kInvalid naming the record for a bad record, an empty file or array, or two
// records of one currency and day with different rates; kMalformed when the
// text is neither JSON nor XML.
Result<NbuFile> ParseNbuFile(const std::string& text);

// Whether the new rates of `rates` (those not stored already with the same
// value) may be stored in `repo`, as POST /rates and `zapas rates import`
// store them: kConflict naming the first dated within a closed period (a
// closed month's values never change); kInvalid naming the first dated after
// `latest` (today + writes.max_days_ahead); kInvalid with one error of field
// "confirm_outlier" per new rate more than 20 % away from its currency's
// previous rate (stored, or earlier in the file), unless `confirm_outlier`.
// A stored rate with another value is InsertRates' kConflict.
Status CheckNewRates(Repository& repo, const std::vector<Rate>& rates, Date latest,
                     bool confirm_outlier);

}  // namespace zapas
