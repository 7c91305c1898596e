//===--- UnitParents.h - conc-tidy ------------------------------*- C++ -*-===//
//
// Part of conc. The parents of a node, as ASTContext::getParents gives them,
// without paying for a parent map of the whole unit.
//
//===----------------------------------------------------------------------===//
//
// ASTContext::getParents builds, on its first call, the parent of every
// node of the translation unit: every declaration, statement and type
// location of every header, the standard library's template instantiations
// included. On a small file that includes <thread> or <mutex> that walk
// costs as much as a fifth of the parse, and one call of any check pays it.
//
// The checks ask for the parents of code they matched outside system
// headers. parentsOf() answers from a map built only over the declarations
// of the unit that are not in a system header (each top-level declaration,
// whole, with its instantiations and implicit code), with the same
// traversal as clang's map: for those nodes the answer is the one
// ASTContext::getParents gives. For any other node (a node of a system
// header, or under a traversal mode other than clang-tidy's AsIs) it asks
// ASTContext::getParents itself.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_UNITPARENTS_H
#define CONC_CHECKER_ANALYSIS_UNITPARENTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::conc::analysis {

/// The parents of \p Node: ASTContext::getParents(Node), built over the
/// code outside system headers only (see the file comment).
DynTypedNodeList parentsOf(const DynTypedNode &Node, ASTContext &Context);

/// Is \p Node in parentsOf's own map (under a declaration outside system
/// headers), so that clang's map of the whole unit is not needed for it?
bool isInUserCodeParentMap(const DynTypedNode &Node, ASTContext &Context);

template <class NodeT>
DynTypedNodeList parentsOf(const NodeT &Node, ASTContext &Context) {
  return parentsOf(DynTypedNode::create(Node), Context);
}

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_UNITPARENTS_H
