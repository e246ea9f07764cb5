package collect

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// perResourceWorkers bounds the Describe/Get calls one collector has in flight for its
// resources; the token buckets and Options.Concurrency bound the whole run.
const perResourceWorkers = 8

// forEach runs fn for 0..n-1 on a few goroutines and returns when all are done or ctx
// is cancelled (remaining items are skipped).
func forEach(ctx context.Context, n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(n, perResourceWorkers) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}

// str dereferences an SDK string; nil is "".
func str(p *string) string { return aws.ToString(p) }

// arnRegion and arnAccount read the fourth and fifth fields of an ARN.
func arnRegion(arn string) string  { return arnField(arn, 3) }
func arnAccount(arn string) string { return arnField(arn, 4) }

func arnField(arn string, i int) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[i]
}
