//===--- CheckDocLinks.cpp - conc-clangd ----------------------------------===//
//
// Part of conc. clangd gives every clang-tidy finding a link to its check's
// page (LSP codeDescription; VS Code makes the check name clickable), built
// as https://clang.llvm.org/extra/clang-tidy/checks/<module>/<check>.html.
// For conc checks that page does not exist. conc-clangd points the link at
// conc's own page, docs/checks/<check>.md under CONC_DOCS_URL (the same base
// conc-tidy's SARIF reports use).
//
// The link is made inside clangd's diagnostics code; the one call between
// clangd's objects that carries it is the serialization of a
// publishDiagnostics notification, toJSON(const PublishDiagnosticsParams &),
// from ClangdLSPServer. conc-clangd is linked with --wrap for it (see
// CMakeLists.txt): the wrapper serializes as clangd does, then rewrites the
// link of conc findings in the JSON. The parameter is only passed through,
// so its layout (clangd's Protocol.h, not installed) does not matter here.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <string>

// clangd's own serialization of the notification.
llvm::json::Value clangdPublishDiagnosticsToJSON(const void *Params) asm(
    "__real__ZN5clang6clangd6toJSONERKNS0_24PublishDiagnosticsParamsE");

// Replaces clang::clangd::toJSON(const PublishDiagnosticsParams &) for its
// caller.
llvm::json::Value concPublishDiagnosticsToJSON(const void *Params) asm(
    "__wrap__ZN5clang6clangd6toJSONERKNS0_24PublishDiagnosticsParamsE");

llvm::json::Value concPublishDiagnosticsToJSON(const void *Params) {
  llvm::json::Value Result = clangdPublishDiagnosticsToJSON(Params);
  llvm::json::Object *Notification = Result.getAsObject();
  llvm::json::Array *Diagnostics =
      Notification ? Notification->getArray("diagnostics") : nullptr;
  if (Diagnostics == nullptr)
    return Result;
  for (llvm::json::Value &Diagnostic : *Diagnostics) {
    llvm::json::Object *Object = Diagnostic.getAsObject();
    if (Object == nullptr)
      continue;
    std::optional<llvm::StringRef> Code = Object->getString("code");
    llvm::json::Object *Link = Object->getObject("codeDescription");
    if (Code && Code->starts_with("conc-") && Link != nullptr)
      (*Link)["href"] = std::string(CONC_DOCS_URL "/checks/") + Code->str() + ".md";
  }
  return Result;
}
