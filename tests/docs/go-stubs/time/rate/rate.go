// Package rate declares the API of golang.org/x/time/rate that the guide's
// snippets use (signatures only; see ../../README.md).
package rate

import "context"

type Limit float64

type Limiter struct{}

func NewLimiter(r Limit, b int) *Limiter          { return &Limiter{} }
func (l *Limiter) Allow() bool                    { return true }
func (l *Limiter) Wait(ctx context.Context) error { return nil }
