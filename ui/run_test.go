package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/envdiff/envdiff/collect"
)

// syncBuffer is the program's output, read while the program writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func waitOutput(t *testing.T, out *syncBuffer, text string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the program never drew %q; output %q", text, out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Run drives a real Bubble Tea program: q quits with nil, ctrl+c with ErrInterrupted,
// a cancelled context ends it with the context's error; none leaves goroutines behind.
func TestRunEndsCleanly(t *testing.T) {
	tests := []struct {
		name    string
		blocked bool   // Collect never finishes on its own
		input   string // bytes typed once the screen is up; "" cancels the context
		want    error
	}{
		{"q quits", false, "q", nil},
		{"ctrl+c interrupts", false, "\x03", ErrInterrupted},
		{"context cancelled", false, "", context.Canceled},
		{"ctrl+c during collection", true, "\x03", ErrInterrupted},
		{"context cancelled during collection", true, "", context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			in, typist := io.Pipe()
			out := &syncBuffer{}
			opts := seedOptions()
			opts.Input, opts.Output = in, out
			waitFor := "origin-cert-covers-host"
			if tt.blocked {
				// A row's first appearance is drawn whole; later frames send only the
				// cells that changed, so a counter like "1/2" may never appear intact.
				waitFor = "elbv2"
				opts.Collect = func(ctx context.Context, progress func(collect.Event)) ([]*collect.Snapshot, error) {
					progress(collect.Event{Env: "qa1", Service: collect.ServiceACM, Region: "us-east-1", Phase: collect.PhaseDone})
					progress(collect.Event{Env: "qa1", Service: collect.ServiceELBv2, Region: "us-east-1", Phase: collect.PhaseStarted})
					<-ctx.Done()
					return nil, ctx.Err()
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- Run(ctx, opts) }()
			waitOutput(t, out, waitFor)
			if tt.input == "" {
				cancel()
			} else if _, err := typist.Write([]byte(tt.input)); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				if (tt.want == nil) != (err == nil) || tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("Run returned %v, want %v", err, tt.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return")
			}
			typist.Close()
			in.Close()
		})
	}
}
