#include "printing/datamatrix.h"

#include <zint.h>

#include <memory>
#include <string>

namespace zapas::printing {
namespace {

Result<ModuleMatrix> Encode(std::string_view data, int input_mode) {
  if (data.empty()) return Status::Invalid("a Data Matrix needs data");
  std::unique_ptr<zint_symbol, decltype(&ZBarcode_Delete)> symbol(ZBarcode_Create(),
                                                                  &ZBarcode_Delete);
  if (symbol == nullptr) return Status::Internal("libzint could not create a symbol");
  symbol->symbology = BARCODE_DATAMATRIX;
  symbol->input_mode = input_mode;
  symbol->option_3 = DM_SQUARE;
  int error = ZBarcode_Encode(symbol.get(), reinterpret_cast<const unsigned char*>(data.data()),
                              static_cast<int>(data.size()));
  if (error >= ZINT_ERROR) {
    std::string why = symbol->errtxt;
    if (error == ZINT_ERROR_MEMORY || error == ZINT_ERROR_ENCODING_PROBLEM) {
      return Status::Internal("libzint could not encode a Data Matrix: " + why);
    }
    return Status::Invalid("cannot encode a Data Matrix of \"" + std::string(data) + "\": " + why);
  }
  ModuleMatrix m{.width = symbol->width, .height = symbol->rows, .dark = {}};
  m.dark.resize(static_cast<size_t>(m.width) * static_cast<size_t>(m.height));
  for (int y = 0; y < m.height; ++y) {
    for (int x = 0; x < m.width; ++x) {
      // zint keeps each row as a bit field, least significant bit first.
      m.dark[static_cast<size_t>(y) * m.width + x] =
          (symbol->encoded_data[y][x >> 3] >> (x & 7)) & 1;
    }
  }
  return m;
}

}  // namespace

Result<ModuleMatrix> EncodeGs1DataMatrix(std::string_view bracketed) {
  return Encode(bracketed, GS1_MODE | GS1PARENS_MODE);
}

Result<ModuleMatrix> EncodeDataMatrix(std::string_view text) { return Encode(text, DATA_MODE); }

}  // namespace zapas::printing
