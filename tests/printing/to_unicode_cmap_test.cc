// ToUnicodeCMap: the CMap's frame, bfrange runs that never cross a byte
// boundary, bfchar for the rest, blocks of at most 100 entries, UTF-16BE
// destinations with surrogate pairs. The documents' CMaps, read back by real
// readers, are checked in text_extraction_test.cc.
#include "printing/to_unicode_cmap.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace zapas::printing {
namespace {

// The same code and character for each of `codes`, as PdfDocument maps them.
std::vector<CodeToUnicode> Identity(const std::vector<uint16_t>& codes) {
  std::vector<CodeToUnicode> m;
  for (uint16_t c : codes) m.push_back({c, c});
  return m;
}

// The lines of the CMap between "N begin<kind>" and "end<kind>", every block.
std::vector<std::string> Entries(const std::string& cmap, const std::string& kind) {
  std::vector<std::string> entries;
  std::istringstream in(cmap);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.ends_with(" begin" + kind)) {
      inside = true;
    } else if (line == "end" + kind) {
      inside = false;
    } else if (inside) {
      entries.push_back(line);
    }
  }
  return entries;
}

// The N of every "N begin<kind>" line.
std::vector<int> BlockSizes(const std::string& cmap, const std::string& kind) {
  std::vector<int> sizes;
  std::istringstream in(cmap);
  std::string line;
  while (std::getline(in, line)) {
    if (line.ends_with(" begin" + kind)) sizes.push_back(std::stoi(line));
  }
  return sizes;
}

TEST(ToUnicodeCMap, HasTheFrameOfAToUnicodeCMap) {
  const std::string cmap = ToUnicodeCMap(Identity({0x41}));
  EXPECT_TRUE(cmap.starts_with("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"))
      << cmap;
  EXPECT_NE(cmap.find("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"),
            std::string::npos);
  EXPECT_NE(cmap.find("/CMapName /Adobe-Identity-UCS def\n"), std::string::npos);
  EXPECT_NE(cmap.find("/CMapType 2 def\n"), std::string::npos);
  EXPECT_NE(cmap.find("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"),
            std::string::npos);
  EXPECT_TRUE(cmap.ends_with("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"));
  EXPECT_EQ(cmap.find("cidrange"), std::string::npos);
  EXPECT_EQ(Entries(cmap, "bfchar"), std::vector<std::string>{"<0041> <0041>"});
}

TEST(ToUnicodeCMap, NoMappingsGiveNoBlocks) {
  const std::string cmap = ToUnicodeCMap({});
  EXPECT_EQ(cmap.find("beginbf"), std::string::npos);
  EXPECT_NE(cmap.find("endcodespacerange\nendcmap\n"), std::string::npos) << cmap;
}

// "Київ": К и в і ї are not consecutive; "абв" is a run.
TEST(ToUnicodeCMap, RunsBecomeRangesAndTheRestSingleCharacters) {
  const std::string cmap = ToUnicodeCMap(
      Identity({0x20, 0x406, 0x407, 0x41A, 0x430, 0x431, 0x432, 0x438, 0x456, 0x457}));
  EXPECT_EQ(Entries(cmap, "bfchar"),
            (std::vector<std::string>{"<0020> <0020>", "<041A> <041A>", "<0438> <0438>"}));
  EXPECT_EQ(Entries(cmap, "bfrange"),
            (std::vector<std::string>{"<0406> <0407> <0406>", "<0430> <0432> <0430>",
                                      "<0456> <0457> <0456>"}));
}

// A range's first and last code differ only in their last byte, and its
// destination's last byte must not carry: U+04FE..U+0501 is two ranges.
TEST(ToUnicodeCMap, ARangeNeverCrossesAByteBoundary) {
  const std::string cmap = ToUnicodeCMap(Identity({0x4FE, 0x4FF, 0x500, 0x501}));
  EXPECT_EQ(Entries(cmap, "bfrange"),
            (std::vector<std::string>{"<04FE> <04FF> <04FE>", "<0500> <0501> <0500>"}));
  // Consecutive codes whose characters carry into the next byte: two singles.
  const std::string shifted =
      ToUnicodeCMap(std::vector<CodeToUnicode>{{0x10, 0xFF}, {0x11, 0x100}});
  EXPECT_EQ(Entries(shifted, "bfchar"),
            (std::vector<std::string>{"<0010> <00FF>", "<0011> <0100>"}));
  EXPECT_TRUE(Entries(shifted, "bfrange").empty());
}

TEST(ToUnicodeCMap, BlocksHoldAtMostAHundredEntries) {
  std::vector<uint16_t> codes;  // 250 codes, none next to another
  for (uint16_t c = 0x100; codes.size() < 250; c += 2) codes.push_back(c);
  const std::string cmap = ToUnicodeCMap(Identity(codes));
  EXPECT_EQ(BlockSizes(cmap, "bfchar"), (std::vector<int>{100, 100, 50}));
  EXPECT_EQ(Entries(cmap, "bfchar").size(), 250u);
  EXPECT_EQ(Entries(cmap, "bfchar")[249], "<02F2> <02F2>");

  std::vector<uint16_t> runs;  // 101 ranges of two codes each
  for (uint16_t c = 0x1000; runs.size() < 202; c += 4) {
    runs.push_back(c);
    runs.push_back(static_cast<uint16_t>(c + 1));
  }
  EXPECT_EQ(BlockSizes(ToUnicodeCMap(Identity(runs)), "bfrange"), (std::vector<int>{100, 1}));
}

TEST(ToUnicodeCMap, CharactersAboveTheBasicPlaneAreSurrogatePairs) {
  // U+1F4E6 (package) is D83D DCE6 in UTF-16; U+10FFFF is DBFF DFFF.
  const std::string cmap = ToUnicodeCMap(
      std::vector<CodeToUnicode>{{0x0001, 0x1F4E6}, {0x0002, 0x1F4E7}, {0x0003, 0x10FFFF}});
  EXPECT_EQ(
      Entries(cmap, "bfchar"),
      (std::vector<std::string>{"<0001> <D83DDCE6>", "<0002> <D83DDCE7>", "<0003> <DBFFDFFF>"}));
  EXPECT_TRUE(Entries(cmap, "bfrange").empty());
}

}  // namespace
}  // namespace zapas::printing
