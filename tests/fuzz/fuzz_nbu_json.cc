// The NBU's JSON rate file (services/app/nbu_import.h), as POST /rates and
// `zapas rates import` read it. Inputs that do not start as JSON are left to
// fuzz_nbu_xml.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/nbu_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string::npos && text[first] == '<') return -1;  // not kept in the corpus
  zapas::fuzz::CheckNbuFile(text);
  return 0;
}
