//===--- LockTypes.cpp - conc-tidy ----------------------------------------===//
//
// Part of conc. What the lock checks count as a lock.
//
//===----------------------------------------------------------------------===//

#include "LockTypes.h"

#include "AstHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::conc::analysis {

std::string lockTypeName(QualType T, llvm::ArrayRef<llvm::StringRef> Names) {
  // Walk the sugar: `typedef struct account account_t;` hides nothing, but
  // `pthread_mutex_t` is only a typedef of an anonymous union.
  for (QualType Step = T; !Step.isNull();) {
    if (const auto *Typedef = Step->getAs<TypedefType>()) {
      std::string Name = Typedef->getDecl()->getQualifiedNameAsString();
      if (isQualifiedNameInList(Name, Names))
        return Name;
      Step = Typedef->getDecl()->getUnderlyingType();
      continue;
    }
    break;
  }
  if (const auto *Record = T->getAsRecordDecl()) {
    std::string Name = Record->getQualifiedNameAsString();
    if (!Name.empty() && isQualifiedNameInList(Name, Names))
      return Name;
  }
  return {};
}

bool namesLocking(llvm::StringRef Name) {
  static constexpr llvm::StringRef Verbs[] = {"lock",   "locked", "acquire",
                                              "acquired", "rdlock", "wrlock"};
  auto IsVerb = [](llvm::StringRef Word) {
    std::string Lower = Word.lower();
    return llvm::is_contained(Verbs, llvm::StringRef(Lower));
  };
  size_t Begin = 0;
  for (size_t I = 1; I <= Name.size(); ++I) {
    bool Split = I == Name.size();
    if (!Split) {
      char Prev = Name[I - 1], Cur = Name[I];
      bool NextLower = I + 1 < Name.size() && llvm::isLower(Name[I + 1]);
      Split = Cur == '_' || Prev == '_' ||
              llvm::isDigit(Cur) != llvm::isDigit(Prev) ||
              (llvm::isLower(Prev) && llvm::isUpper(Cur)) ||
              (llvm::isUpper(Prev) && llvm::isUpper(Cur) && NextLower);
    }
    if (!Split)
      continue;
    if (IsVerb(Name.slice(Begin, I)))
      return true;
    Begin = I;
  }
  return false;
}

bool isNullLock(const CXXRecordDecl *Record) {
  if (Record == nullptr || !Record->hasDefinition())
    return false;
  bool Null = false;
  auto Scan = [&](const CXXRecordDecl *Class) {
    for (const auto *Method : Class->methods()) {
      if (!Method->getIdentifier() ||
          (Method->getName() != "lock" && Method->getName() != "Lock"))
        continue;
      const FunctionDecl *Definition = nullptr;
      if (!Method->hasBody(Definition))
        continue;
      const auto *Body =
          dyn_cast_or_null<CompoundStmt>(Definition->getBody());
      if (Body && Body->body_empty())
        Null = true;
    }
  };
  Scan(Record->getDefinition());
  Record->getDefinition()->forallBases([&](const CXXRecordDecl *Base) {
    Scan(Base);
    return true;
  });
  return Null;
}

bool isNullLockType(QualType T) {
  return !T.isNull() && isNullLock(T.getNonReferenceType()->getAsCXXRecordDecl());
}

bool isUserLockable(const CXXRecordDecl *Record) {
  if (Record == nullptr || !Record->hasDefinition() || isNullLock(Record))
    return false;
  Record = Record->getDefinition();
  const SourceManager &SM = Record->getASTContext().getSourceManager();
  if (SM.isInSystemHeader(Record->getLocation()))
    return false;
  bool HasLock = false, HasUnlock = false;
  auto Scan = [&](const CXXRecordDecl *Class) {
    for (const auto *Method : Class->methods()) {
      if (!Method->getIdentifier())
        continue;
      llvm::StringRef Name = Method->getName();
      HasLock |= Name == "lock" || Name == "Lock";
      HasUnlock |= Name == "unlock" || Name == "Unlock";
    }
  };
  Scan(Record);
  Record->forallBases([&](const CXXRecordDecl *Base) {
    Scan(Base);
    return true;
  });
  return HasLock && HasUnlock;
}

} // namespace clang::tidy::conc::analysis
