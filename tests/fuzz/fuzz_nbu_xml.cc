// The NBU's XML rate file (services/app/nbu_import.h). Every input is read as XML:
// a leading '<' is added when it lacks one, so the mutations stay in the XML
// reader (Poco's DOM parser, external entities off) and the record checks.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/nbu_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos || text[first] != '<') text.insert(0, "<");
  zapas::fuzz::CheckNbuFile(text);
  return 0;
}
