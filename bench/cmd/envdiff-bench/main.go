// Command envdiff-bench is envdiff's performance benchmark (`make bench`): it generates
// a scenario, computes the rate-limit bound on collecting it, times envdiff's
// collection beside an unpaced, a sequential and the SQL-over-AWS plugin's pacing,
// then the diff engine, the snapshot file and the dashboard's frame. Figures go to
// stdout and end with name=value lines for scripts; progress goes to stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

type options struct {
	envs, accounts int
	scale          float64
	latencyMS      int
	rateLimits     string
	sequentialCap  time.Duration
	anchorCap      time.Duration
	diffNodes      int
	diffBudget     time.Duration
	findings       int
	frames         int
	only           []string // collections to run (default all)
	collectOnly    bool
}

func main() {
	var o options
	fs := flag.NewFlagSet("envdiff-bench", flag.ContinueOnError)
	fs.IntVar(&o.envs, "envs", 4, "environments to generate (the last one is the target)")
	fs.IntVar(&o.accounts, "accounts", 3, "accounts they live in (the first environments share one)")
	fs.Float64Var(&o.scale, "scale", 1, "multiplies the resources of every account and region")
	fs.IntVar(&o.latencyMS, "latency-ms", 20, "latency the local endpoint adds to every call")
	fs.StringVar(&o.rateLimits, "rate-limits", "aws", "the endpoint's quotas: aws or none")
	fs.DurationVar(&o.sequentialCap, "sequential-cap", 30*time.Second, "stop the one-call-at-a-time run after this long and extrapolate (0: run it whole)")
	fs.DurationVar(&o.anchorCap, "anchor-cap", 60*time.Second, "stop the plugin-paced run after this long and extrapolate (0: run it whole)")
	fs.IntVar(&o.diffNodes, "diff-nodes", 20000, "resources per environment for the diff timing (and twice that for its scaling)")
	fs.DurationVar(&o.diffBudget, "diff-budget", 3*time.Second, "how long to repeat each diff timing (the fastest run counts)")
	fs.IntVar(&o.findings, "findings", 100000, "findings on the dashboard for the frame time")
	fs.IntVar(&o.frames, "frames", 50, "frames to average the dashboard's frame time over")
	only := fs.String("only", "", "run only these collections, comma-separated: envdiff,unpaced,sequential,anchor")
	fs.BoolVar(&o.collectOnly, "collect-only", false, "skip the diff, snapshot file and dashboard figures")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if *only != "" {
		o.only = strings.Split(*only, ",")
	}
	if err := o.validate(); err != nil {
		fmt.Fprintln(os.Stderr, "envdiff-bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := o.run(ctx, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "envdiff-bench:", err)
		os.Exit(1)
	}
}

func (o options) validate() error {
	switch {
	case o.envs < 2:
		return fmt.Errorf("--envs %d: need at least two environments", o.envs)
	case o.accounts < 1:
		return fmt.Errorf("--accounts %d: need at least one account", o.accounts)
	case o.scale <= 0 || o.scale > 50:
		return fmt.Errorf("--scale %g: want a factor above 0 and at most 50", o.scale)
	case o.latencyMS < 0:
		return fmt.Errorf("--latency-ms %d: must not be negative", o.latencyMS)
	case o.rateLimits != "aws" && o.rateLimits != "none":
		return fmt.Errorf("--rate-limits %q: want aws or none", o.rateLimits)
	case o.diffNodes < 100:
		return fmt.Errorf("--diff-nodes %d: want at least 100", o.diffNodes)
	case o.findings < 1:
		return fmt.Errorf("--findings %d: want at least 1", o.findings)
	}
	for _, name := range o.only {
		if !slices.Contains([]string{"envdiff", "unpaced", "sequential", "anchor"}, name) {
			return fmt.Errorf("--only: %q is not one of envdiff, unpaced, sequential, anchor", name)
		}
	}
	return nil
}

// cpuModel reads the processor's name, for the record of where figures came from.
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// peakRSSMB is the most memory the process has held, as the kernel counts it.
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // kilobytes on Linux
}

func logf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "%s  %-90s (peak rss so far %.0f MB)\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...), peakRSSMB())
}
