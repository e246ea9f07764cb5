// Command envdiff compares AWS environments and shows what holds in every environment
// that passed and fails in production.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Set by the linker (see .goreleaser.yml).
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCmd(buildInfo{Version: version, Commit: commit, Date: date})
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(os.Stderr, "envdiff:", ee.err)
		}
		return ee.code
	}
	if ctx.Err() != nil {
		fmt.Fprintln(os.Stderr, "envdiff: interrupted")
		return 130
	}
	// Anything cobra itself refuses (unknown flag, bad argument) is a usage error.
	fmt.Fprintln(os.Stderr, "envdiff:", err)
	return 2
}
