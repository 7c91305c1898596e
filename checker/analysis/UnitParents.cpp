//===--- UnitParents.cpp - conc-tidy --------------------------------------===//
//
// Part of conc. A parent map of the code outside system headers.
//
//===----------------------------------------------------------------------===//

#include "UnitParents.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <mutex>

namespace clang::tidy::conc::analysis {
namespace {

using ParentList = llvm::SmallVector<DynTypedNode, 1>;

/// The parents of the nodes under the unit's declarations that are outside
/// system headers. Nodes with an identity of their own (declarations,
/// statements, attributes) are keyed by pointer, type and name-specifier
/// locations by value, as in clang's own map.
struct UserCodeParents {
  llvm::DenseMap<const void *, ParentList> ByPointer;
  llvm::DenseMap<DynTypedNode, ParentList, DynTypedNode::DenseMapInfo> ByValue;

  const ParentList *find(const DynTypedNode &Node) const {
    if (const void *Key = Node.getMemoizationData()) {
      auto It = ByPointer.find(Key);
      return It == ByPointer.end() ? nullptr : &It->second;
    }
    if (!Node.get<TypeLoc>() && !Node.get<NestedNameSpecifierLoc>())
      return nullptr;
    auto It = ByValue.find(Node);
    return It == ByValue.end() ? nullptr : &It->second;
  }
};

/// The traversal of clang's parent map (ParentMapContext.cpp: template
/// instantiations and implicit code visited, the parent of a node is the
/// node on top of the stack when it is entered, duplicates of a node with
/// an identity dropped), started at each top-level declaration that is not
/// in a system header.
class ParentCollector : public RecursiveASTVisitor<ParentCollector> {
public:
  explicit ParentCollector(UserCodeParents &Map) : Map(Map) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  void collect(ASTContext &Context) {
    TranslationUnitDecl *Unit = Context.getTranslationUnitDecl();
    const SourceManager &SM = Context.getSourceManager();
    Stack.push_back(DynTypedNode::create(*Unit));
    for (Decl *D : Unit->decls()) {
      // What RecursiveASTVisitor reaches through their owners instead.
      if (isa<BlockDecl, CapturedDecl>(D))
        continue;
      if (const auto *Record = dyn_cast<CXXRecordDecl>(D);
          Record && Record->isLambda())
        continue;
      if (SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
        continue;
      TraverseDecl(D);
    }
    Stack.pop_back();
  }

  // RecursiveASTVisitor hands null declarations and attributes on (a
  // builtin template's template template parameter): the node is created
  // only after the check.
  bool TraverseDecl(Decl *D) {
    if (D == nullptr)
      return true;
    return enter(D, DynTypedNode::create(*D),
                 [&] { return RecursiveASTVisitor::TraverseDecl(D); });
  }
  bool TraverseTypeLoc(TypeLoc Loc) {
    return enter(!Loc.isNull(), DynTypedNode::create(Loc),
                 [&] { return RecursiveASTVisitor::TraverseTypeLoc(Loc); });
  }
  bool TraverseNestedNameSpecifierLoc(NestedNameSpecifierLoc Loc) {
    return enter(
        bool(Loc), DynTypedNode::create(Loc),
        [&] { return RecursiveASTVisitor::TraverseNestedNameSpecifierLoc(Loc); });
  }
  bool TraverseAttr(Attr *A) {
    if (A == nullptr)
      return true;
    return enter(A, DynTypedNode::create(*A),
                 [&] { return RecursiveASTVisitor::TraverseAttr(A); });
  }
  // The other form of an initializer list (syntactic or semantic) is only
  // visited, never entered: clang's map gives it no parent, and so does
  // ours, without falling back to clang's map of the whole unit.
  bool VisitInitListExpr(InitListExpr *List) {
    Map.ByPointer.try_emplace(List);
    return true;
  }
  // Statements through the data-recursion hooks, as clang's map does.
  bool dataTraverseStmtPre(Stmt *S) {
    record(DynTypedNode::create(*S));
    Stack.push_back(DynTypedNode::create(*S));
    return true;
  }
  bool dataTraverseStmtPost(Stmt *) {
    Stack.pop_back();
    return true;
  }

private:
  template <class Present, class Traverse>
  bool enter(const Present &NotNull, const DynTypedNode &Node,
             Traverse BaseTraverse) {
    if (!NotNull)
      return true;
    record(Node);
    Stack.push_back(Node);
    bool Result = BaseTraverse();
    Stack.pop_back();
    return Result;
  }

  void record(const DynTypedNode &Node) {
    if (Stack.empty())
      return;
    ParentList &Parents = Node.getMemoizationData()
                              ? Map.ByPointer[Node.getMemoizationData()]
                              : Map.ByValue[Node];
    const DynTypedNode &Parent = Stack.back();
    if (!Parents.empty() && Parent.getMemoizationData() &&
        llvm::is_contained(Parents, Parent))
      return;
    Parents.push_back(Parent);
  }

  UserCodeParents &Map;
  llvm::SmallVector<DynTypedNode, 16> Stack;
};

/// One map per live ASTContext (clangd builds several units at once, on
/// several threads); a context drops its map when it is destroyed.
struct MapRegistry {
  std::mutex Lock;
  llvm::DenseMap<const ASTContext *, std::unique_ptr<UserCodeParents>> Maps;
};

MapRegistry &registry() {
  static MapRegistry *Registry = new MapRegistry; // never destroyed: contexts
                                                  // may outlive statics
  return *Registry;
}

void forgetContext(void *Context) {
  MapRegistry &R = registry();
  std::lock_guard<std::mutex> Guard(R.Lock);
  R.Maps.erase(static_cast<const ASTContext *>(Context));
}

const UserCodeParents &mapFor(ASTContext &Context) {
  MapRegistry &R = registry();
  {
    std::lock_guard<std::mutex> Guard(R.Lock);
    auto It = R.Maps.find(&Context);
    if (It != R.Maps.end())
      return *It->second;
  }
  // Built outside the lock: only this context's thread uses it.
  auto Map = std::make_unique<UserCodeParents>();
  ParentCollector(*Map).collect(Context);
  std::lock_guard<std::mutex> Guard(R.Lock);
  auto [It, Inserted] = R.Maps.try_emplace(&Context, std::move(Map));
  if (Inserted)
    Context.AddDeallocation(forgetContext, &Context);
  return *It->second;
}

} // namespace

bool isInUserCodeParentMap(const DynTypedNode &Node, ASTContext &Context) {
  return mapFor(Context).find(Node) != nullptr;
}

DynTypedNodeList parentsOf(const DynTypedNode &Node, ASTContext &Context) {
  if (Context.getParentMapContext().getTraversalKind() != TK_AsIs)
    return Context.getParents(Node);
  if (const ParentList *Parents = mapFor(Context).find(Node))
    return DynTypedNodeList(llvm::ArrayRef<DynTypedNode>(*Parents));
  // A node of a system header (or the unit itself): clang's own map.
  if (Node.get<TranslationUnitDecl>())
    return DynTypedNodeList(llvm::ArrayRef<DynTypedNode>());
  return Context.getParents(Node);
}

} // namespace clang::tidy::conc::analysis
