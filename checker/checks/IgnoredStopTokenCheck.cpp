//===--- IgnoredStopTokenCheck.cpp - conc-tidy ----------------------------===//
//
// Part of conc. Go's rule: a context.Context is respected and propagated.
//
//===----------------------------------------------------------------------===//

#include "IgnoredStopTokenCheck.h"
#include "analysis/ErrorRecovery.h"

#include "analysis/ThreadBodies.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

constexpr char DefaultStopTokenTypes[] = "::std::stop_token;::conc::Context";
constexpr char DefaultFreshTokenFunctions[] =
    "::conc::Context::background;::conc::background";
constexpr char DefaultBlockingRangeTypes[] = "::conc::Channel;::conc::Receiver";

bool isConstantTrue(const Expr *Cond, const ASTContext &Context) {
  if (Cond == nullptr)
    return true;
  if (Cond->isValueDependent() || Cond->isTypeDependent())
    return false;
  bool Value = false;
  return Cond->EvaluateAsBooleanCondition(Value, Context) && Value;
}

/// `running`, `!stop_`, `done.load()`, `!flag_.test()`: a loop that waits
/// for its own flag rather than for the stop request.
bool isFlagCondition(const Expr *Cond) {
  if (Cond == nullptr)
    return false;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond))
    if (Not->getOpcode() == UO_LNot)
      Cond = Not->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method == nullptr)
      return false;
    if (isa<CXXConversionDecl>(Method) || (Method->getIdentifier() &&
                                           (Method->getName() == "load" ||
                                            Method->getName() == "test")))
      Cond = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
    else
      return false;
  }
  if (!isa<DeclRefExpr, MemberExpr>(Cond))
    return false;
  QualType Type = Cond->getType().getNonReferenceType();
  return Type->isBooleanType() ||
         StringRef(analysis::recordName(Type)).starts_with("std::atomic");
}

/// What the function's body holds, outside nested lambdas (which are
/// functions of their own and checked as such).
class BodyScanner : public RecursiveASTVisitor<BodyScanner> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

  bool TraverseWhileStmt(WhileStmt *S) {
    LoopScope Scope(*this, S);
    return RecursiveASTVisitor::TraverseWhileStmt(S);
  }
  bool TraverseDoStmt(DoStmt *S) {
    LoopScope Scope(*this, S);
    return RecursiveASTVisitor::TraverseDoStmt(S);
  }
  bool TraverseForStmt(ForStmt *S) {
    LoopScope Scope(*this, S);
    return RecursiveASTVisitor::TraverseForStmt(S);
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    LoopScope Scope(*this, S);
    return RecursiveASTVisitor::TraverseCXXForRangeStmt(S);
  }

  bool VisitCallExpr(CallExpr *Call) {
    Calls.push_back(Call);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    Constructs.push_back(Construct);
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    Locals.push_back(Var);
    return true;
  }

  llvm::SmallVector<const Stmt *, 4> OutermostLoops;
  llvm::SmallVector<const CallExpr *, 16> Calls;
  llvm::SmallVector<const CXXConstructExpr *, 8> Constructs;
  llvm::SmallVector<const VarDecl *, 8> Locals;

private:
  struct LoopScope {
    LoopScope(BodyScanner &Scanner, const Stmt *Loop) : Scanner(Scanner) {
      if (Scanner.LoopDepth++ == 0)
        Scanner.OutermostLoops.push_back(Loop);
    }
    ~LoopScope() { --Scanner.LoopDepth; }
    BodyScanner &Scanner;
  };
  unsigned LoopDepth = 0;
};

class MentionFinder : public RecursiveASTVisitor<MentionFinder> {
public:
  explicit MentionFinder(const llvm::SmallPtrSetImpl<const ValueDecl *> &Decls)
      : Decls(Decls) {}
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    Found |= Decls.contains(E->getDecl());
    return !Found;
  }
  const llvm::SmallPtrSetImpl<const ValueDecl *> &Decls;
  bool Found = false;
};

bool mentionsAny(const Stmt *S,
                 const llvm::SmallPtrSetImpl<const ValueDecl *> &Decls) {
  if (S == nullptr)
    return false;
  MentionFinder Finder(Decls);
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

/// Does the class of `Method` overload its name with a version that takes a
/// stop token?
bool hasTokenOverload(const CXXMethodDecl *Method,
                      llvm::function_ref<bool(QualType)> IsToken) {
  const CXXRecordDecl *Record = Method->getParent();
  if (Method->getIdentifier() == nullptr)
    return false;
  for (const NamedDecl *D : Record->lookup(Method->getDeclName())) {
    const FunctionDecl *Overload = D->getAsFunction();
    if (Overload == nullptr)
      continue;
    for (const ParmVarDecl *Param : Overload->parameters())
      if (IsToken(Param->getType()))
        return true;
  }
  return false;
}

} // namespace

IgnoredStopTokenCheck::IgnoredStopTokenCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      StopTokenTypes(utils::options::parseStringList(
          Options.get("StopTokenTypes", DefaultStopTokenTypes))),
      FreshTokenFunctions(utils::options::parseStringList(
          Options.get("FreshTokenFunctions", DefaultFreshTokenFunctions))),
      BlockingRangeTypes(utils::options::parseStringList(
          Options.get("BlockingRangeTypes", DefaultBlockingRangeTypes))) {}

void IgnoredStopTokenCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "StopTokenTypes",
                utils::options::serializeStringList(StopTokenTypes));
  Options.store(Opts, "FreshTokenFunctions",
                utils::options::serializeStringList(FreshTokenFunctions));
  Options.store(Opts, "BlockingRangeTypes",
                utils::options::serializeStringList(BlockingRangeTypes));
}

void IgnoredStopTokenCheck::registerMatchers(MatchFinder *Finder) {
  auto Token = qualType(hasUnqualifiedDesugaredType(recordType(
      hasDeclaration(cxxRecordDecl(hasAnyName(StopTokenTypes))))));
  auto TakesToken = hasAnyParameter(
      parmVarDecl(hasType(qualType(anyOf(Token, references(Token))))));
  Finder->addMatcher(functionDecl(isDefinition(), TakesToken,
                                  unless(isExpansionInSystemHeader()))
                         .bind("function"),
                     this);
  Finder->addMatcher(
      lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), this);
}

bool IgnoredStopTokenCheck::isTokenType(QualType Type) const {
  Type = Type.getNonReferenceType();
  return Type->getAsCXXRecordDecl() && analysis::isOneOfTypes(Type, StopTokenTypes);
}

void IgnoredStopTokenCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  const FunctionDecl *Function =
      Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    Function = Lambda->getCallOperator();
  if (Function == nullptr || !Function->hasBody() ||
      Function->isTemplateInstantiation() ||
      !Checked.insert(Function).second)
    return;
  checkFunction(*Function, *Result.Context);
}

void IgnoredStopTokenCheck::checkFunction(const FunctionDecl &Function,
                                          ASTContext &Context) {
  const ParmVarDecl *TokenParam = nullptr;
  for (const ParmVarDecl *Param : Function.parameters())
    if (isTokenType(Param->getType())) {
      TokenParam = Param;
      break;
    }
  if (TokenParam == nullptr || TokenParam->getName().empty())
    return;

  BodyScanner Scanner;
  Scanner.TraverseStmt(Function.getBody());

  // The token, and what is made from it (`auto st = ctx.stop_token();`).
  llvm::SmallPtrSet<const ValueDecl *, 4> Tokens;
  Tokens.insert(TokenParam);
  bool HasStopCallback = false;
  for (const VarDecl *Local : Scanner.Locals) {
    if (Local->getInit() == nullptr || !mentionsAny(Local->getInit(), Tokens))
      continue;
    Tokens.insert(Local);
    if (StringRef(analysis::recordName(Local->getType())).contains("stop_callback"))
      HasStopCallback = true;
  }

  bool IsContext = !StringRef(analysis::recordName(TokenParam->getType()))
                        .contains("stop_token");
  StringRef TokenName = TokenParam->getName();
  auto NoteToken = [&] {
    diag(TokenParam->getLocation(), "'%0' is declared here",
         DiagnosticIDs::Note)
        << TokenName;
  };

  // Blocking calls that could take the token but are not given it.
  llvm::SmallVector<const Stmt *, 4> BlockingCalls;
  for (const CallExpr *Call : Scanner.Calls) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
    if (Method == nullptr || Method->getIdentifier() == nullptr)
      continue;
    bool PassesToken = llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
      return isTokenType(Arg->getType());
    });
    if (PassesToken || HasStopCallback)
      continue;
    std::string Class = Method->getParent()->getQualifiedNameAsString();
    if (Class == "std::condition_variable" && Method->getName() == "wait") {
      diag(Member->getExprLoc(),
           "'wait' on a std::condition_variable cannot be woken by a stop "
           "request; use std::condition_variable_any and pass '%0'")
          << (IsContext ? (TokenName + ".stop_token()").str()
                        : TokenName.str());
      NoteToken();
      BlockingCalls.push_back(Call);
      continue;
    }
    if (!hasTokenOverload(Method, [&](QualType T) { return isTokenType(T); }))
      continue;
    diag(Member->getExprLoc(),
         "'%0' can block without '%1'; pass it so that a stop request ends "
         "the wait")
        << Method->getName() << TokenName;
    NoteToken();
    BlockingCalls.push_back(Call);
  }

  // Open-ended loops that never look at the token.
  if (!HasStopCallback)
    for (const Stmt *Loop : Scanner.OutermostLoops) {
      if (mentionsAny(Loop, Tokens) ||
          llvm::any_of(BlockingCalls, [&](const Stmt *Call) {
            return analysis::isWithin(Call, Loop, Context.getSourceManager());
          }))
        continue;
      bool OpenEnded = false;
      if (const auto *While = dyn_cast<WhileStmt>(Loop))
        OpenEnded = isConstantTrue(While->getCond(), Context) ||
                    isFlagCondition(While->getCond());
      else if (const auto *Do = dyn_cast<DoStmt>(Loop))
        OpenEnded = isConstantTrue(Do->getCond(), Context) ||
                    isFlagCondition(Do->getCond());
      else if (const auto *For = dyn_cast<ForStmt>(Loop))
        OpenEnded = isConstantTrue(For->getCond(), Context) ||
                    isFlagCondition(For->getCond());
      else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
        OpenEnded =
            analysis::isOneOfTypes(Range->getRangeInit()->getType(), BlockingRangeTypes);
      if (!OpenEnded)
        continue;
      diag(Loop->getBeginLoc(),
           "this loop never checks '%0'; a stop request is ignored until it "
           "ends on its own")
          << TokenName;
      NoteToken();
    }

  // A fresh token passed where the one in scope belongs.
  auto CheckArgument = [&](const Expr *Arg, const NamedDecl *Callee,
                           SourceLocation CallEnd) {
    const Expr *Value = analysis::ignoreWrappers(Arg);
    bool Defaulted = isa<CXXDefaultArgExpr>(Value);
    bool Fresh = Defaulted;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Value))
      Fresh = Construct->getNumArgs() == 0 && isTokenType(Construct->getType());
    else if (const auto *Call = dyn_cast<CallExpr>(Value)) {
      const FunctionDecl *Target = Call->getDirectCallee();
      if (Target && isTokenType(Call->getType()) &&
          llvm::any_of(FreshTokenFunctions, [&](StringRef Name) {
            return "::" + Target->getQualifiedNameAsString() ==
                       ("::" + Name.ltrim(':')).str();
          }))
        Fresh = true;
      // std::stop_source{}.get_token()
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
        if (Target && Target->getIdentifier() &&
            Target->getName() == "get_token" &&
            isa<CXXConstructExpr, CXXTemporaryObjectExpr>(
                analysis::ignoreWrappers(Member->getImplicitObjectArgument())))
          Fresh = true;
    }
    if (!Fresh || !isTokenType(Arg->getType()))
      return;
    std::string CalleeName =
        Callee ? Callee->getNameAsString() : std::string("the callee");
    if (Defaulted)
      diag(CallEnd,
           "'%0' is called without a stop token, so it gets a fresh one; "
           "pass '%1' to propagate the cancellation")
          << CalleeName << TokenName;
    else
      diag(Value->getBeginLoc(),
           "a fresh %select{stop token|context}0 is passed to '%1'; pass "
           "'%2' to propagate the cancellation")
          << !StringRef(analysis::recordName(Value->getType())).contains("stop_token")
          << CalleeName << TokenName;
    NoteToken();
  };
  for (const CallExpr *Call : Scanner.Calls)
    for (const Expr *Arg : Call->arguments())
      CheckArgument(Arg, Call->getDirectCallee(), Call->getEndLoc());
  for (const CXXConstructExpr *Construct : Scanner.Constructs) {
    if (isTokenType(Construct->getType()))
      continue;
    for (const Expr *Arg : Construct->arguments())
      CheckArgument(Arg, Construct->getConstructor()->getParent(),
                    Construct->getEndLoc());
  }
}

} // namespace clang::tidy::conc
