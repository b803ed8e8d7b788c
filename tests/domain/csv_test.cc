#include "domain/csv.h"

#include <gtest/gtest.h>

#include "domain/decimal.h"

namespace zapas {
namespace {

struct ReadCase {
  const char* name;
  std::string text;
  char separator;
  std::vector<std::string> header;
  // Each row: its line, then its fields.
  std::vector<std::pair<int, std::vector<std::string>>> rows;
};

TEST(CsvTest, ReadsWhatSpreadsheetsWrite) {
  const std::vector<ReadCase> cases = {
      {"plain commas",
       "sku,name\nA,Alpha\nB,Beta\n",
       ',',
       {"sku", "name"},
       {{2, {"A", "Alpha"}}, {3, {"B", "Beta"}}}},
      {"byte-order mark",
       "\xEF\xBB\xBFsku,name\nA,Alpha",
       ',',
       {"sku", "name"},
       {{2, {"A", "Alpha"}}}},
      {"semicolons and decimal commas",
       "sku;quantity\nA;1 250,50\n",
       ';',
       {"sku", "quantity"},
       {{2, {"A", "1 250,50"}}}},
      {"semicolons win over commas in the header",
       "\"name, full\";sku;qty\n\"Mark, X\";A;2,5\n",
       ';',
       {"name, full", "sku", "qty"},
       {{2, {"Mark, X", "A", "2,5"}}}},
      {"CRLF line ends",
       "a,b\r\n1,2\r\n3,4\r\n",
       ',',
       {"a", "b"},
       {{2, {"1", "2"}}, {3, {"3", "4"}}}},
      {"quoted newline keeps physical lines",
       "a,b\n\"one\ntwo\",x\n3,y\n",
       ',',
       {"a", "b"},
       {{2, {"one\ntwo", "x"}}, {4, {"3", "y"}}}},
      {"doubled quotes",
       "a,b\n\"say \"\"hi\"\"\",2\n",
       ',',
       {"a", "b"},
       {{2, {"say \"hi\"", "2"}}}},
      {"blank and empty rows are skipped", "a;b\n\n;\n1;2\n", ';', {"a", "b"}, {{4, {"1", "2"}}}},
      {"empty trailing field", "a,b\n1,\n", ',', {"a", "b"}, {{2, {"1", ""}}}},
      {"Ukrainian text",
       "назва;одиниця\nАптечка;pcs\n",
       ';',
       {"назва", "одиниця"},
       {{2, {"Аптечка", "pcs"}}}},
  };
  for (const ReadCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto table = ReadCsv(c.text);
    ASSERT_TRUE(table.ok()) << table.status().message();
    EXPECT_EQ(table->separator, c.separator);
    EXPECT_EQ(table->header.fields, c.header);
    EXPECT_EQ(table->header.line, 1);
    ASSERT_EQ(table->rows.size(), c.rows.size());
    for (size_t i = 0; i < c.rows.size(); ++i) {
      EXPECT_EQ(table->rows[i].line, c.rows[i].first);
      EXPECT_EQ(table->rows[i].fields, c.rows[i].second);
    }
  }
}

TEST(CsvTest, AnOpenQuoteNamesTheLineItStartsOn) {
  auto table = ReadCsv("a,b\n1,2\n\"never\nclosed,3\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kMalformed);
  ASSERT_EQ(table.status().errors().size(), 1u);
  EXPECT_EQ(table.status().errors()[0].line, 3);
}

TEST(CsvTest, AnEmptyFileHasNoHeader) {
  EXPECT_EQ(ReadCsv("").status().code(), StatusCode::kMalformed);
  EXPECT_EQ(ReadCsv("\xEF\xBB\xBF\n\n").status().code(), StatusCode::kMalformed);
}

TEST(CsvTest, WrittenFieldsReadBack) {
  const std::vector<std::string> fields = {
      "plain", "with, comma", "with \"quotes\"", "two\nlines", " padded ", "", "Київ; центр"};
  for (char sep : {',', ';'}) {
    std::string text = "h1";
    for (size_t i = 1; i < fields.size(); ++i) text += std::string(1, sep) + "h";
    text += "\n";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) text += sep;
      AppendCsvField(text, fields[i], sep);
    }
    text += "\n";
    auto table = ReadCsv(text);
    ASSERT_TRUE(table.ok());
    ASSERT_EQ(table->rows.size(), 1u);
    EXPECT_EQ(table->rows[0].fields, fields);
  }
}

// Cells a spreadsheet would run as formulas are written with a leading
// apostrophe; numbers stay numbers; everything reads back as it was.
TEST(CsvTest, FormulasAreDefusedAndReadBackAsTheyWere) {
  struct Case {
    std::string field, written;
  };
  const std::vector<Case> cases = {
      {"=1+2", "'=1+2"},
      {"+SUM(1+1)", "'+SUM(1+1)"},
      {"-2+3", "'-2+3"},
      {"@cmd", "'@cmd"},
      {"\t=1", "'\t=1"},
      {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
      {"'=1", "''=1"},  // an apostrophe of its own is kept
      {"''@x", "'''@x"},
      {"-12.50", "-12.50"},  // numbers are numbers
      {"+3", "+3"},
      {"0", "0"},
      {"-", "'-"},
      {"-.5", "'-.5"},
      {"'-5", "'-5"},  // not a formula: written and read as it is
      {"Ковдра -5 °C", "Ковдра -5 °C"},
  };
  std::string text = "h\n";
  for (const Case& c : cases) {
    std::string one;
    AppendCsvField(one, c.field);
    EXPECT_EQ(one, c.written) << c.field;
    EXPECT_TRUE(IsCsvNumber(one) ||
                !(one[0] == '=' || one[0] == '+' || one[0] == '-' || one[0] == '@'))
        << one;
    AppendCsvField(text, c.field);
    text += "\n";
  }
  auto table = ReadCsv(text);
  ASSERT_TRUE(table.ok()) << table.status().message();
  std::vector<std::string> read, expected;
  for (const CsvRow& row : table->rows) read.push_back(row.fields.at(0));
  for (const Case& c : cases) expected.push_back(c.field);
  EXPECT_EQ(read, expected);
}

TEST(CsvTest, DecimalCommaRule) {
  struct Case {
    const char* text;
    int64_t hundredths;  // ParseScaledDecimal(PlainDecimal(text), 2)
  };
  const std::vector<Case> good = {
      {"1250.50", 125050},
      {"1250,50", 125050},
      {"1 250,50", 125050},
      {"1\xC2\xA0"
       "250,50",
       125050},  // no-break space
      {"1\xE2\x80\xAF"
       "250,50",
       125050},  // narrow no-break space
      {"1\xE2\x80\x89"
       "250,50",
       125050},  // thin space
      {"12 345 678,9", 1234567890},
      {" 7 ", 700},
      {"-1 000,01", -100001},
      {"0,5", 50},
  };
  for (const Case& c : good) {
    SCOPED_TRACE(c.text);
    auto plain = PlainDecimal(c.text);
    ASSERT_TRUE(plain.ok()) << plain.status().message();
    auto value = ParseScaledDecimal(*plain, 2);
    ASSERT_TRUE(value.ok()) << *plain;
    EXPECT_EQ(*value, c.hundredths);
  }
  for (const char* bad : {"1,250.50", "1.250,50", "1,2,3", "12 34,5", "1 2345", "1 25"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(PlainDecimal(bad).status().code(), StatusCode::kInvalid);
  }
  // Text that is no number at all is left for the exact parser to refuse.
  for (const char* bad : {"abc", "1e5", "+3", "1,5 kg"}) {
    SCOPED_TRACE(bad);
    auto plain = PlainDecimal(bad);
    EXPECT_FALSE(plain.ok() && ParseScaledDecimal(*plain, 2).ok());
  }
}

}  // namespace
}  // namespace zapas
