package gmail

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// fanOut runs fn for 0..n-1 with at most limit calls in flight and returns the
// first error, cancelling the rest. Callers write results by index, so the
// output keeps the input order whatever order the answers arrive in.
func fanOut(parent context.Context, n, limit int, fn func(ctx context.Context, i int) error) error {
	g, ctx := errgroup.WithContext(parent)
	g.SetLimit(limit)
	for i := range n {
		if ctx.Err() != nil {
			break // a call failed or the caller gave up: start no more
		}
		g.Go(func() error { return fn(ctx, i) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return parent.Err() // cancelled before every call started
}
