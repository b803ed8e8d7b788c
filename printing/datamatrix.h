// Data Matrix (ECC 200) symbols for lot labels, encoded by libzint, which
// also validates GS1 data (check digits, dates, lengths) as it encodes it.
// PdfDocument::DrawModules draws the matrix; zint.h stays inside
// printing/datamatrix.cc.
//
// Thread-safe: each call has its own zint symbol.
#pragma once

#include <string_view>
#include <vector>

#include "domain/status.h"

namespace zapas::printing {

// The light margin a Data Matrix reader needs around a symbol, in modules
// (ISO/IEC 16022 asks for one; two reads better off a thermal printer).
inline constexpr int kDataMatrixQuietZone = 2;

// A symbol without its quiet zone: `width` x `height` modules.
struct ModuleMatrix {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> dark;  // row-major from the top; 1 = dark module
  bool at(int x, int y) const { return dark[static_cast<size_t>(y) * width + x] != 0; }
};

// A square GS1 Data Matrix (FNC1 first) of the elements in bracketed form,
// "(01)09506000134352(17)271231(10)L-7". kInvalid with zint's reason when the
// data is not valid GS1.
Result<ModuleMatrix> EncodeGs1DataMatrix(std::string_view bracketed);

// A square plain Data Matrix of the text's bytes.
Result<ModuleMatrix> EncodeDataMatrix(std::string_view text);

}  // namespace zapas::printing
