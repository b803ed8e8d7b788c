// CSV text as spreadsheets write it: reading (RFC 4180 with the habits of
// Ukrainian spreadsheets) and writing fields, and the decimal-comma rule.
//
// Reading: UTF-8 with or without a byte-order mark; the separator is ',' or
// ';', whichever occurs more often outside quotes in the header line (ties go
// to ','); fields may be quoted with '"', a quoted field may hold separators,
// newlines and doubled quotes (""); lines end with LF or CRLF. Each row keeps
// the physical line it starts on, so errors can name the line a spreadsheet
// shows. Rows whose fields are all empty (blank lines, ";;;;") are skipped.
//
// Pure functions on values; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"

namespace zapas {

struct CsvRow {
  int line = 0;  // the physical line (1-based) the row starts on
  std::vector<std::string> fields;
};

struct CsvTable {
  char separator = ',';
  CsvRow header;
  std::vector<CsvRow> rows;
};

// Parses a whole file. A field that AppendCsvField wrote with a leading
// apostrophe (see there) is read without it. kMalformed for an empty file (no
// header line), or a quote left open at the end ("line N: a quoted field is
// not closed", with a FieldError carrying that line).
Result<CsvTable> ReadCsv(std::string_view text);

// Appends `field` to `out`, quoted when it holds the separator, a quote, a
// newline or leading/trailing spaces (quotes inside doubled). A field that a
// spreadsheet would run as a formula — one that begins with '=', '+', '-',
// '@', a tab or a carriage return and is not a number — is written with a
// leading apostrophe (the OWASP rule), as is one that begins with
// apostrophes before such a character, so that ReadCsv gives back the text.
void AppendCsvField(std::string& out, std::string_view field, char separator = ',');
// A row of fields, each as AppendCsvField writes it, separated by commas.
void AppendCsvRow(std::string& out, const std::vector<std::string>& fields);

// Whether `field` is a plain decimal number ("-12.50", "+3", "7"): a cell a
// spreadsheet reads as a number, never as a formula.
bool IsCsvNumber(std::string_view field);

// The decimal-comma rule of CSV import (not of JSON, which takes plain
// decimals only): the text of a number as a spreadsheet writes it, made plain
// for ParseScaledDecimal. Allowed, after trimming spaces at both ends:
//   - a decimal comma ("1250,50") or a decimal point ("1250.50"), not both;
//   - groups of three digits in the integer part separated by a space, a
//     no-break space (U+00A0), a narrow no-break space (U+202F) or a thin
//     space (U+2009): "1 250,50", "12 345 678.9";
//   - a leading '-'.
// Anything else is returned unchanged, for the exact parser to refuse with its
// own message; kInvalid for a grouping that is not by three digits, a comma
// used as a thousands separator ("1,250.50") or two decimal marks.
Result<std::string> PlainDecimal(std::string_view text);

}  // namespace zapas
