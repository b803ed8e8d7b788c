// The donor report's labels that its callers use too (donor_report.h): the
// kinds of recipient and the months, in the report's language.
#include <map>
#include <string>
#include <utility>

#include "printing/donor_report.h"

namespace zapas::printing {

std::string RecipientKindLabel(const std::string& kind, ReportLanguage l) {
  static const std::map<std::string, std::pair<const char*, const char*>> kLabels = {
      {"idp_household", {"IDP households", "Домогосподарства ВПО"}},
      {"idp_shelter", {"IDP shelters", "Місця проживання ВПО"}},
      {"military_unit", {"Military units", "Військові частини"}},
      {"hospital", {"Hospitals", "Лікарні"}},
      {"community", {"Communities", "Громади"}},
  };
  auto it = kLabels.find(kind);
  if (it == kLabels.end()) return kind;
  return l == ReportLanguage::kUkrainian ? it->second.second : it->second.first;
}

std::string ShortMonthName(int month, ReportLanguage l) {
  static const char* kEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static const char* kUk[] = {"січ", "лют",  "бер", "квіт", "трав", "черв",
                              "лип", "серп", "вер", "жовт", "лист", "груд"};
  if (month < 1 || month > 12) return "";
  return l == ReportLanguage::kUkrainian ? kUk[month - 1] : kEn[month - 1];
}

}  // namespace zapas::printing
