package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/envdiff/envdiff/diff"
	"github.com/envdiff/envdiff/internal/fsutil"
	"github.com/envdiff/envdiff/ui/report"
)

// outputOptions are the flags of every command that ends in a report.
type outputOptions struct {
	format string
	output string
	failOn string
	probe  bool
}

func (o *outputOptions) bind(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.format, "format", "markdown", "report format: markdown or json")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the report to FILE (atomically) instead of stdout")
	cmd.Flags().StringVar(&o.failOn, "fail-on", "high", "exit 1 when a finding is at or above this severity (info, low, medium, high, critical)")
}

// bindProbe adds --probe, for the commands that collect (report, the dashboard).
func (o *outputOptions) bindProbe(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&o.probe, "probe", false, "also probe live: TLS handshakes with each host name CloudFront and clients use, and SRV lookups (see the probe: configuration)")
}

// validate checks the flags before any collection starts, so a typo costs nothing.
func (o *outputOptions) validate() (diff.Severity, error) {
	switch o.format {
	case "markdown", "md", "json":
	default:
		return 0, usageErr("--format %q: want markdown or json", o.format)
	}
	sev, err := diff.ParseSeverity(o.failOn)
	if err != nil {
		return 0, usageErr("--fail-on: %v", err)
	}
	if err := checkOutputPath(o.output); err != nil {
		return 0, err
	}
	return sev, nil
}

// checkOutputPath refuses an -o FILE that cannot be written before anything is
// collected: a collection of a large estate takes minutes, and learning only then that
// the directory does not exist is the kind of surprise a release gate must not have.
func checkOutputPath(path string) error {
	if path == "" {
		return nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usageErr("-o %s: is a directory", path)
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case err != nil:
		return usageErr("-o %s: directory %s: %v", path, dir, errors.Unwrap(err))
	case !fi.IsDir():
		return usageErr("-o %s: %s is not a directory", path, dir)
	}
	return nil
}

func (o *outputOptions) render(res *diff.Result) ([]byte, error) {
	if o.format == "json" {
		return report.JSON(res)
	}
	return report.Markdown(res, report.Options{})
}

// emit writes the report and turns the result into the exit status of checks.md.
func (o *outputOptions) emit(stdout io.Writer, res *diff.Result, failOn diff.Severity) error {
	out, err := o.render(res)
	if err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	if o.output != "" {
		if err := fsutil.WriteFileAtomic(o.output, out, 0o644); err != nil {
			return usageErr("-o %s: %v", o.output, err)
		}
	} else if _, err := stdout.Write(out); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return gate(res, failOn)
}

// gate is the exit status of report and diff: "could not look" (3) wins over
// "differences found" (1), so a 0 always means everything was read and nothing failed.
func gate(res *diff.Result, failOn diff.Severity) error {
	if !res.Complete() {
		var names []string
		for _, e := range res.Environments {
			if !e.Complete {
				names = append(names, e.Name)
			}
		}
		return &exitError{code: exitIncomplete, err: fmt.Errorf("incomplete: could not read everything in %s (see collection-incomplete findings)", strings.Join(names, ", "))}
	}
	for _, f := range res.Findings {
		if f.Severity >= failOn {
			return &exitError{code: exitFindings}
		}
	}
	return nil
}
