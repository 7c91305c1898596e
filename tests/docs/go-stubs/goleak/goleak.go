// Package goleak declares the API of go.uber.org/goleak that the guide's
// snippets use (signatures only; see ../README.md).
package goleak

import "testing"

type Option interface{}

type TestingT interface {
	Error(...interface{})
}

func VerifyNone(t TestingT, options ...Option)       {}
func VerifyTestMain(m *testing.M, options ...Option) {}
func IgnoreCurrent() Option                          { return nil }
