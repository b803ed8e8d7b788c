// The GS1 application identifiers, as the GS1 Barcode Syntax Dictionary
// (domain/gs1/gs1-syntax-dictionary.txt, Apache-2.0) lists them: the build
// turns that file into the table behind AiTable() (domain/gs1/table_gen.cc),
// so a new release of the dictionary is a new file, never hand edits.
//
// An AI's value is a sequence of components ("N14,csum,gcppos2", "[X..17]"):
// each has a character set, a length, and the linters it must pass.
// Attributes say which AIs an AI needs beside it (req), may not appear with
// (ex), and how it sits in a GS1 Digital Link URI (dlpkey, dl_attribute).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "domain/gs1/lint.h"

namespace zapas::gs1 {

struct AiComponent {
  char cset = 'X';  // 'N' digits, 'X' CSET 82, 'Y' CSET 39, 'Z' CSET 64
  uint8_t min = 0;  // length: min == max for a fixed length
  uint8_t max = 0;
  bool optional = false;  // "[...]": may be left out at the end of the value
  uint8_t linter_count = 0;
  std::array<Linter, 3> linters{};
};

struct AiEntry {
  std::string_view ai;        // "01", "3103"
  bool separator = true;      // a variable-length value: GS (FNC1) ends it unless last
  bool dl_attribute = false;  // allowed as a GS1 Digital Link query attribute ("?")
  uint8_t component_count = 0;
  std::array<AiComponent, 5> components{};
  std::string_view required;       // "req=": space-separated groups, all of which must hold;
                                   // a group is comma-separated choices, a choice AIs joined
                                   // by "+": "01,02 21", "01+21,8006"; "nn"/"n" match any digits
  std::string_view excluded;       // "ex=": comma-separated AIs or patterns ("255,37", "310n")
  bool dl_key = false;             // a GS1 Digital Link primary key ("dlpkey")
  std::string_view dl_qualifiers;  // its qualifier sequences: "22,10,21|235", "" none
  std::string_view title;          // "GTIN", "BATCH/LOT"

  // The total length bounds of a value: sums over the components.
  size_t MinLength() const;
  size_t MaxLength() const;
};

// Every AI of the dictionary, in lexical order of the AI.
std::span<const AiEntry> AiTable();

// The entry of `ai` exactly ("17"), nullptr when the dictionary has none.
const AiEntry* FindAi(std::string_view ai);

// The entry whose AI starts `data` ("17271231..." -> (17)), nullptr when no AI
// of the dictionary does. Every AI sharing two first digits has one length.
const AiEntry* FindAiAtStart(std::string_view data);

}  // namespace zapas::gs1
