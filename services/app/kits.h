// Kits: their definitions (POST /kits), assembly (KIT-) and disassembly
// (DIS-). The Ledger plans both (domain/kits.h); the write jobs store them as
// movements (services/app/movements.cc).
#pragma once

#include <string>
#include <vector>

#include "domain/journal_document.h"
#include "domain/json.h"
#include "persistence/repository.h"
#include "services/app/store.h"

namespace zapas {

// POST /kits: {"sku", "components": [{"sku", "quantity"}], "name"?, "unit"?,
// "category"?}. The kit is an item: when no item has `sku` yet, it is made
// with the name given (or the SKU), unit `set` (or the one given), category
// `kit` and expiry tracked when a component's is.
struct KitCommand {
  Item item;  // sku always; the rest only for a new item
  std::vector<KitComponent> components;
};
Result<KitCommand> DecodeKit(const std::string& body);
WriteWork CreateKitWork(const KitCommand& command);
// {"sku", "name": {"uk", "en"}, "unit", "expiry_tracked", "components": [{"sku",
// "quantity"}]}; no name, unit or expiry_tracked when `item` is null.
void WriteKit(JsonWriter& w, const std::string& sku, const Item* item,
              const std::vector<KitComponent>& components);
void WriteKit(JsonWriter& w, const KitStore::KitRow& kit, const Catalog& catalog);

// The components of the kit `sku`: kInvalid naming "kit" when it is no kit.
Result<std::vector<KitComponent>> KitComponentsOf(Repository& repo, const Catalog& catalog,
                                                  const std::string& sku);

// POST /assemblies: {"warehouse", "date", "kit", "quantity", "lot"?}.
Result<AssemblyRequest> DecodeAssembly(const std::string& body);
WriteWork CreateAssemblyWork(const AssemblyRequest& request);
// POST /assemblies/preview: the document an assembly of `request` (its
// components filled in) would store; writes nothing, uses no number.
Result<MovementDocument> PreviewAssembly(const Catalog& catalog, const StockIndex& index,
                                         const AssemblyRequest& request);
// POST /disassemblies: {"warehouse", "date", "kit", "lot", "quantity"}.
Result<DisassemblyRequest> DecodeDisassembly(const std::string& body);
WriteWork CreateDisassemblyWork(const DisassemblyRequest& request);

}  // namespace zapas
