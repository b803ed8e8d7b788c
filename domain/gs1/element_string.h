// GS1 element strings: the (AI, value) pairs a GS1 barcode carries, read
// from each of the forms they reach us in, checked against the AI table of
// the GS1 Barcode Syntax Dictionary (every component's length, character set
// and linters), with the same verdicts as GS1's reference syntax engine.
//
// A malformed string is kInvalid on the field "data", the message naming the
// AI and what is wrong with it: "(17) has an illegal month: 27|13|31" (the
// bars mark the fault within the value).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/gs1/ai_table.h"
#include "domain/status.h"

namespace zapas::gs1 {

constexpr char kGroupSeparator = '\x1d';  // FNC1 as a scanner sends it (ASCII 29, GS)
constexpr size_t kMostElements = 64;      // as many as GS1's reference engine takes

struct Element {
  const AiEntry* entry = nullptr;
  std::string ai;
  std::string value;
  friend bool operator==(const Element& a, const Element& b) {
    return a.ai == b.ai && a.value == b.value;
  }
};
using Elements = std::vector<Element>;

// Where a parse reads the century of two-digit years (GS1 General
// Specifications 7.12: see Lint) and what it accepts.
struct ParseOptions {
  int this_year = 2026;
  // Whether a scan may lack AIs its elements need beside them (ReadScan):
  // false refuses it, as GS1's reference engine does by default; true reads
  // it — a pack may carry its GTIN on one code and its lot and expiry on
  // another — and MissingPartners names what is missing.
  bool partial = false;
};

// The elements of `data` as a barcode carries them after its symbology
// identifier: AIs and values run together, a variable-length value ended by
// GS unless it is last ("0112345678901231" "10ABC" GS "17271231"). A GS after
// a fixed-length value, or at the very end, is tolerated.
Result<Elements> ParseElementString(std::string_view data, const ParseOptions& options);

// The bracketed human-readable form: "(01)12345678901231(10)ABC"; "\(" is a
// bracket inside a value; one "|" may part a linear code's elements from its
// composite's ("(01)12345678901231|(10)ABC").
Result<Elements> ParseBracketed(std::string_view text, const ParseOptions& options);

// A GS1 Digital Link URI, any host and path stem:
// "https://id.gs1.org/01/09506000134352/10/ABC?17=271231". The path holds a
// primary key and its qualifiers in their order, the query other data
// attributes; other query parameters and the fragment are ignored.
Result<Elements> ParseDigitalLink(std::string_view uri, const ParseOptions& options);

// The pairing rules over everything read from one item's carriers: AIs that
// may not appear together ("ex"), one AI with two values, a digital
// signature (8030) beside a key without its serial component.
Status CheckPairs(const Elements& elements);

// The AIs an element needs beside it and that are not there ("req"), as
// "(10) needs (01), (02), (03), (8006) or (8026)".
std::vector<std::string> MissingPartners(const Elements& elements);

// "(01)12345678901231(10)ABC": the elements in the bracketed form.
std::string Bracketed(const Elements& elements);

// Whether `value` is a valid value of `entry` (each component's length,
// character set and linters), as ParseBracketed checks it.
Status CheckValue(const AiEntry& entry, std::string_view value, const ParseOptions& options);

}  // namespace zapas::gs1
