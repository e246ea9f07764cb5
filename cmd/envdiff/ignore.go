package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/envdiff/envdiff/diff"
	"github.com/envdiff/envdiff/internal/fsutil"
)

// ignoreOptions are the flags of `envdiff ignore`.
type ignoreOptions struct {
	global   *globalOptions
	baseline bool
	output   string
	reason   string
	until    string
}

func newIgnoreCmd(g *globalOptions) *cobra.Command {
	o := &ignoreOptions{global: g}
	cmd := &cobra.Command{
		Use:   "ignore --baseline [-o FILE] [--reason TEXT] [--until DATE]",
		Short: "Write today's findings as ignore rules (adopting envdiff on an old estate)",
		Long: `ignore --baseline collects every environment and writes each of today's findings
as an ignore rule, as YAML for the ignore: section of envdiff.yaml, so that a team
adopting envdiff sees only what changes from now on. Give the rules a reason and an
expiry (--until 2027-03-31): an expired rule hides nothing and the report says so.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.baseline, "baseline", false, "write every current finding as a rule (required)")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the rules to FILE (atomically) instead of stdout")
	cmd.Flags().StringVar(&o.reason, "reason", "baseline: present when envdiff was adopted", "the reason recorded in every rule")
	cmd.Flags().StringVar(&o.until, "until", "", "expiry date of the rules (YYYY-MM-DD or RFC 3339); empty means never")
	return cmd
}

func (o *ignoreOptions) run(ctx context.Context, stdout, stderr io.Writer) error {
	if !o.baseline {
		return usageErr("ignore: --baseline is required (it is the only mode for now)")
	}
	var until time.Time
	if o.until != "" {
		t, err := parseDateFlag(o.until)
		if err != nil {
			return usageErr("--until %q: %v", o.until, err)
		}
		until = t
	}
	if err := checkOutputPath(o.output); err != nil {
		return err
	}
	src, err := o.global.openSource()
	if err != nil {
		return err
	}
	defer src.Close()
	snaps, err := src.Collect(ctx, nil, nil)
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return &exitError{code: exitCancelled, err: errors.New("interrupted; no rules written")}
	}
	opts := src.Settings().analysisOptions()
	opts.Ignore = nil // the baseline is everything found today, including what is ignored now
	res, err := diff.Analyze(snaps, opts)
	if err != nil {
		return usageErr("%v", err)
	}
	rules := diff.BaselineIgnores(res, o.reason, until)
	data, err := yaml.Marshal(struct {
		Ignore []diff.IgnoreRule `yaml:"ignore"`
	}{rules})
	if err != nil {
		return fmt.Errorf("encode rules: %w", err)
	}
	header := fmt.Sprintf("# envdiff ignore --baseline: %d rules from %s; paste under ignore: in envdiff.yaml\n", len(rules), src.Settings().Source)
	data = append([]byte(header), data...)
	if o.output != "" {
		if err := fsutil.WriteFileAtomic(o.output, data, 0o644); err != nil {
			return usageErr("-o %s: %v", o.output, err)
		}
		fmt.Fprintf(stderr, "wrote %d ignore rules to %s\n", len(rules), o.output)
	} else if _, err := stdout.Write(data); err != nil {
		return fmt.Errorf("write rules: %w", err)
	}
	if !res.Complete() {
		return gate(res, diff.Critical)
	}
	return nil
}

// parseDateFlag accepts a calendar date (end of that day, UTC) or an RFC 3339 time.
func parseDateFlag(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(24*time.Hour - time.Second), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errors.New("want YYYY-MM-DD or an RFC 3339 time")
	}
	return t, nil
}
