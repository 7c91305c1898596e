//===--- StableConditions.cpp - conc-tidy ---------------------------------===//
//
// Part of conc. Branch conditions that cannot change inside one function;
// see the header.
//
//===----------------------------------------------------------------------===//

#include "StableConditions.h"

#include "LockSummaries.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

namespace clang::tidy::conc::analysis {

namespace {

constexpr unsigned MaxExprDepth = 32;

std::string id(const void *Decl) {
  return std::to_string(reinterpret_cast<uintptr_t>(Decl));
}

bool isZero(const Expr *E, ASTContext &Context) {
  if (E->getType()->isPointerType() || E->getType()->isNullPtrType())
    return E->isNullPointerConstant(Context, Expr::NPC_ValueDependentIsNotNull) !=
           Expr::NPCK_NotNull;
  std::optional<int64_t> Value = integerConstant(E, Context);
  return Value && *Value == 0;
}

/// Does the "(" at \p Open close at the end of \p Text?
bool closesAtEnd(const std::string &Text, size_t Open) {
  int Depth = 0;
  for (size_t I = Open; I < Text.size(); ++I) {
    Depth += Text[I] == '(' ? 1 : Text[I] == ')' ? -1 : 0;
    if (Depth == 0)
      return I + 1 == Text.size();
  }
  return false;
}

/// The text with every `*(&(x))` written `x` (after a substitution put an
/// object's address where the callee dereferenced a pointer).
std::string foldDerefs(std::string Text) {
  size_t From = 0;
  for (size_t At; (At = Text.find("*(&(", From)) != std::string::npos;) {
    // The ")" that closes "&(", then the one that closes "*(".
    int Open = 0;
    size_t Close = At + 3;
    for (; Close < Text.size(); ++Close) {
      Open += Text[Close] == '(' ? 1 : Text[Close] == ')' ? -1 : 0;
      if (Open == 0)
        break;
    }
    if (Close + 1 >= Text.size() || Text[Close + 1] != ')') {
      From = At + 1;
      continue;
    }
    Text = Text.substr(0, At) + Text.substr(At + 4, Close - At - 4) +
           Text.substr(Close + 2);
    From = 0;
  }
  return Text;
}

/// `*(x)`, with `*(&(y))` folded to `y`.
std::string deref(const std::string &Pointer) {
  return foldDerefs("*(" + Pointer + ")");
}

} // namespace

StableConditions::StableConditions(const FunctionDecl &Function,
                                   ASTContext &Context)
    : Function(Function), Context(Context),
      Writes(writesIn(Function.getBody())) {}

const Expr *StableConditions::truthOf(const Expr *Condition,
                                      bool &Value) const {
  const Expr *E = Condition;
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Not = dyn_cast<UnaryOperator>(E);
        Not && Not->getOpcode() == UO_LNot) {
      Value = !Value;
      E = Not->getSubExpr();
      continue;
    }
    // `x != 0` is x; `x == 0` (`p == NULL`) is !x.
    if (const auto *Compare = dyn_cast<BinaryOperator>(E);
        Compare && Compare->isEqualityOp()) {
      const Expr *Other = isZero(Compare->getRHS(), Context) ? Compare->getLHS()
                          : isZero(Compare->getLHS(), Context)
                              ? Compare->getRHS()
                              : nullptr;
      if (Other != nullptr) {
        if (Compare->getOpcode() == BO_EQ)
          Value = !Value;
        E = Other;
        continue;
      }
    }
    return E;
  }
}

Guard StableConditions::guardOf(const ParameterCondition &Condition,
                               bool Value) {
  uint64_t Key = llvm::xxh3_64bits(Condition.Text);
  return Guard{Key ? Key : 1, Value};
}

std::optional<Guard> StableConditions::guardOf(const Expr &Condition) const {
  bool Value = true;
  const Expr *E = truthOf(&Condition, Value);
  Reads R;
  std::optional<std::string> Text = canonical(E, R, 0);
  if (!Text)
    return std::nullopt;
  return guardOf(ParameterCondition{std::move(*Text), {}}, Value);
}

std::optional<std::pair<ParameterCondition, bool>>
StableConditions::parameterConditionOf(const Expr &Condition) const {
  bool Value = true;
  const Expr *E = truthOf(&Condition, Value);
  Reads R;
  std::optional<std::string> Text = canonical(E, R, 0);
  if (!Text || R.NonParameter)
    return std::nullopt;
  return std::make_pair(ParameterCondition{std::move(*Text), R.Fields}, Value);
}

std::optional<Guard>
StableConditions::guardAtCall(const ParameterCondition &Condition,
                              const FunctionDecl &Callee, const CallExpr &Call,
                              std::optional<ParameterCondition> *Here) const {
  for (const FieldDecl *Field : Condition.Fields)
    if (!isStableField(Field))
      return std::nullopt;
  unsigned Shift =
      isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
  Reads R;
  R.Fields = Condition.Fields;
  // The callee's `$i` and `$this`, each written over the caller's argument.
  auto Argument = [&](llvm::StringRef Placeholder) -> std::optional<std::string> {
    if (Placeholder == "this") {
      const Expr *Object = nullptr;
      bool IsPointer = false;
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
        Object = Member->getImplicitObjectArgument();
        if (const auto *CalleeExpr =
                dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParens()))
          IsPointer = CalleeExpr->isArrow();
      } else if (Shift == 1 && Call.getNumArgs() > 0) {
        Object = Call.getArg(0);
      }
      std::optional<std::string> Text =
          Object ? canonical(Object, R, 0) : std::nullopt;
      if (!Text)
        return std::nullopt;
      return IsPointer ? *Text : "&(" + *Text + ")";
    }
    unsigned Index = 0;
    if (Placeholder.getAsInteger(10, Index) || Index >= Callee.getNumParams() ||
        Index + Shift >= Call.getNumArgs())
      return std::nullopt;
    return canonical(Call.getArg(Index + Shift), R, 0);
  };
  std::string Text;
  llvm::StringRef Rest = Condition.Text;
  while (!Rest.empty()) {
    size_t Dollar = Rest.find('$');
    Text += Rest.take_front(Dollar).str();
    if (Dollar == llvm::StringRef::npos)
      break;
    Rest = Rest.drop_front(Dollar + 1);
    size_t End = Rest.starts_with("this")
                     ? 4
                     : Rest.find_if_not([](char C) { return isDigit(C); });
    std::optional<std::string> Arg = Argument(Rest.take_front(End));
    if (!Arg)
      return std::nullopt;
    Text += *Arg;
    Rest = Rest.drop_front(std::min(End, Rest.size()));
  }
  ParameterCondition AtCall{foldDerefs(std::move(Text)), std::move(R.Fields)};
  // An argument `!x` makes the condition `!(x)`: the opposite of x, as
  // truthOf reads `!x` where the caller tests it itself.
  bool Value = true;
  while (AtCall.Text.size() > 3 && llvm::StringRef(AtCall.Text).starts_with("!(") &&
         AtCall.Text.back() == ')' && closesAtEnd(AtCall.Text, 1)) {
    AtCall.Text = AtCall.Text.substr(2, AtCall.Text.size() - 3);
    Value = !Value;
  }
  if (Here) {
    if (R.NonParameter)
      Here->reset();
    else
      *Here = AtCall;
  }
  return guardOf(AtCall, Value);
}

std::optional<std::string>
StableConditions::canonicalVar(const VarDecl *Var, Reads &R) const {
  QualType T = Var->getType();
  bool Scalar = T->isIntegralOrEnumerationType() || T->isPointerType();
  // An object (a struct, or a reference to one) is read member by member,
  // and each member read is stable when no function here writes it: the
  // object itself is unstable only where it is assigned whole. Handing it
  // (or its address) to a function is no write of its own. A struct of C
  // has no methods; a class's methods that this file defines are among
  // the functions looked at for member writes.
  bool Object = T.getNonReferenceType()->isRecordType();
  bool Written = Object ? Writes.Vars.count(Var) : Writes.mayWrite(Var);
  if (!(Scalar || Object) || T.isVolatileQualified() ||
      T.getNonReferenceType().isVolatileQualified() ||
      (T->isReferenceType() && !Object) || Written ||
      !(isa<ParmVarDecl>(Var) || Var->hasLocalStorage()) ||
      Var->getDeclContext() != static_cast<const DeclContext *>(&Function))
    return std::nullopt;
  if (const auto *Param = dyn_cast<ParmVarDecl>(Var))
    return "$" + std::to_string(Param->getFunctionScopeIndex());
  R.NonParameter = true;
  return "v" + id(Var->getCanonicalDecl());
}

bool StableConditions::isStableField(const FieldDecl *Field) const {
  if (Writes.Fields.count(Field))
    return false;
  if (!CalleeFieldWrites) {
    CalleeFieldWrites.emplace();
    Unbounded = Function.getBody() == nullptr;
    llvm::SmallVector<const FunctionDecl *, 16> Seen{&Function};
    llvm::SmallVector<std::pair<const FunctionDecl *, unsigned>, 16> Work{
        {&Function, 0}};
    const SourceManager &SM = Context.getSourceManager();
    while (!Work.empty() && !Unbounded) {
      auto [Caller, Depth] = Work.pop_back_val();
      if (Depth >= MaxCallDepth)
        continue;
      for (const CallExpr *Call : collectCalls(*Caller->getBody())) {
        const FunctionDecl *Callee = Call->getDirectCallee()->getDefinition();
        if (Callee == nullptr || !Callee->hasBody() ||
            SM.isInSystemHeader(Callee->getLocation()) ||
            llvm::is_contained(Seen, Callee))
          continue;
        if (Seen.size() >= MaxFunctions) {
          Unbounded = true;
          break;
        }
        Seen.push_back(Callee);
        BodyWrites CalleeWrites = writesIn(Callee->getBody());
        CalleeFieldWrites->insert(CalleeWrites.Fields.begin(),
                                  CalleeWrites.Fields.end());
        Work.push_back({Callee, Depth + 1});
      }
    }
  }
  return !Unbounded && !CalleeFieldWrites->count(Field);
}

std::optional<std::string>
StableConditions::canonical(const Expr *E, Reads &R, unsigned Depth) const {
  if (E == nullptr || Depth > MaxExprDepth)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (E->getType().isVolatileQualified())
    return std::nullopt;
  if (std::optional<int64_t> Value = integerConstant(E, Context))
    return "#" + std::to_string(*Value);
  auto Sub = [&](const Expr *Child) { return canonical(Child, R, Depth + 1); };

  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    return Var ? canonicalVar(Var, R) : std::nullopt;
  }
  if (isa<CXXThisExpr>(E))
    return std::string("$this");

  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (Field == nullptr || Field->getType().isVolatileQualified() ||
        !isStableField(Field))
      return std::nullopt;
    std::optional<std::string> Base = Sub(Member->getBase());
    if (!Base)
      return std::nullopt;
    if (!llvm::is_contained(R.Fields, Field))
      R.Fields.push_back(Field);
    return "(" + (Member->isArrow() ? deref(*Base) : *Base) + ").f" +
           id(Field->getCanonicalDecl());
  }

  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    std::optional<std::string> Operand = Sub(Unary->getSubExpr());
    if (!Operand)
      return std::nullopt;
    switch (Unary->getOpcode()) {
    case UO_Deref:
      return deref(*Operand);
    case UO_AddrOf:
      return "&(" + *Operand + ")";
    case UO_LNot:
    case UO_Not:
    case UO_Minus:
    case UO_Plus:
      return std::string(UnaryOperator::getOpcodeStr(Unary->getOpcode())) +
             "(" + *Operand + ")";
    default: // ++, --, and the rest
      return std::nullopt;
    }
  }

  if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
    if (Binary->isAssignmentOp() || Binary->isCommaOp() ||
        Binary->isPtrMemOp())
      return std::nullopt;
    std::optional<std::string> L = Sub(Binary->getLHS());
    std::optional<std::string> R = L ? Sub(Binary->getRHS()) : std::nullopt;
    if (!R)
      return std::nullopt;
    // Inside a condition as at its top (truthOf): `x != 0` is x tested for
    // truth, `x == 0` is !x.
    if (Binary->isEqualityOp()) {
      bool Ne = Binary->getOpcode() == BO_NE;
      if (isZero(Binary->getRHS(), Context))
        return Ne ? *L : "!(" + *L + ")";
      if (isZero(Binary->getLHS(), Context))
        return Ne ? *R : "!(" + *R + ")";
    }
    return "(" + *L + " " + Binary->getOpcodeStr().str() + " " + *R + ")";
  }

  if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
    std::optional<std::string> C = Sub(Conditional->getCond());
    std::optional<std::string> T = C ? Sub(Conditional->getTrueExpr()) : C;
    std::optional<std::string> F = T ? Sub(Conditional->getFalseExpr()) : T;
    if (!F)
      return std::nullopt;
    return "(" + *C + " ? " + *T + " : " + *F + ")";
  }

  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
    if (!Cast->getType()->isScalarType())
      return std::nullopt;
    std::optional<std::string> Operand = Sub(Cast->getSubExpr());
    if (!Operand)
      return std::nullopt;
    return "(" + Cast->getType().getCanonicalType().getAsString() + ")(" +
           *Operand + ")";
  }
  return std::nullopt;
}

} // namespace clang::tidy::conc::analysis
