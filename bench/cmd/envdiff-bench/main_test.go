package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A whole run at a tiny size: every headline figure is printed as name=value, last,
// with a number, and the envdiff collection is clean.
func TestRunPrintsEveryHeadlineFigure(t *testing.T) {
	o := options{
		envs: 4, accounts: 3, scale: 0.05, latencyMS: 0, rateLimits: "aws",
		sequentialCap: 2 * time.Second, anchorCap: 5 * time.Second,
		diffNodes: 300, findings: 2000, frames: 2,
	}
	var out, log bytes.Buffer
	if err := o.run(context.Background(), &out, &log); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	names := []string{
		"collect_ratio_to_bound", "collect_throttled", "unpaced_ratio_to_bound", "unpaced_throttled",
		"sequential_ratio_to_bound", "anchor_ratio_to_bound", "anchor_throttled", "diff_seconds",
		"diff_scaling_2x", "frame_ms_100k", "peak_rss_mb",
	}
	if len(lines) < len(names) {
		t.Fatalf("output too short:\n%s", out.String())
	}
	tail := lines[len(lines)-len(names):]
	num := regexp.MustCompile(`^[a-z_0-9]+=[0-9]+(\.[0-9]+)?$`)
	got := map[string]string{}
	for _, l := range tail {
		if !num.MatchString(l) {
			t.Errorf("not a name=number line: %q", l)
			continue
		}
		k, v, _ := strings.Cut(l, "=")
		got[k] = v
	}
	for _, n := range names {
		if _, ok := got[n]; !ok {
			t.Errorf("no %s= line in the last lines:\n%s", n, strings.Join(tail, "\n"))
		}
	}
	if got["collect_throttled"] != "0" {
		t.Errorf("envdiff was throttled %s times at default settings", got["collect_throttled"])
	}
	for _, want := range []string{"bound: ", "cross-check: the endpoint answered exactly", "4 × ", "dashboard frame"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	good := options{envs: 4, accounts: 3, scale: 1, rateLimits: "aws", diffNodes: 20000, findings: 100000}
	for _, tc := range []struct {
		name string
		edit func(*options)
		want string
	}{
		{"defaults", func(*options) {}, ""},
		{"one environment", func(o *options) { o.envs = 1 }, "--envs 1"},
		{"zero scale", func(o *options) { o.scale = 0 }, "--scale 0"},
		{"bad rate limits", func(o *options) { o.rateLimits = "fast" }, `--rate-limits "fast"`},
		{"unknown collection", func(o *options) { o.only = []string{"envdiff", "steampipe"} }, `--only: "steampipe"`},
		{"negative latency", func(o *options) { o.latencyMS = -1 }, "--latency-ms -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := good
			tc.edit(&o)
			err := o.validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want an error naming %s", err, tc.want)
			}
		})
	}
}

func TestTopCounts(t *testing.T) {
	got := topCounts(map[string]int{"a": 1, "b": 5, "c": 5, "d": 2}, 2)
	if want := "b ×5, c ×5, and 2 more"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
