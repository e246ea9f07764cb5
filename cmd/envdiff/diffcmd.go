package main

import (
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// diffOptions are the flags of `envdiff diff`.
type diffOptions struct {
	global    *globalOptions
	baselines []string
	target    string
	targetEnv string
	out       outputOptions
}

func newDiffCmd(g *globalOptions) *cobra.Command {
	o := &diffOptions{global: g}
	cmd := &cobra.Command{
		Use:   "diff --baseline FILE... --target FILE",
		Short: "Compare saved snapshots offline",
		Long: `diff compares snapshots saved by envdiff snapshot, e.g. staging as it was when it
passed against production now. Every environment in a --baseline file counts as
passed; the target is the one environment of --target (or --target-env names it when
the file holds several). Flags, output and exit status are those of report.`,
		Example: `  envdiff snapshot --env staging -o staging-passed.json
  envdiff snapshot --env production -o prod-now.json
  envdiff diff --baseline staging-passed.json --target prod-now.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringArrayVar(&o.baselines, "baseline", nil, "snapshot file of environments that passed (repeatable)")
	cmd.Flags().StringVar(&o.target, "target", "", "snapshot file of the environment to check")
	cmd.Flags().StringVar(&o.targetEnv, "target-env", "", "the target environment's name, when --target holds several")
	o.out.bind(cmd)
	return cmd
}

func (o *diffOptions) run(stdout io.Writer) error {
	failOn, err := o.out.validate()
	if err != nil {
		return err
	}
	if o.global.scenario != "" {
		// Silently ignoring it let a CI job believe it had checked the scenario.
		return usageErr("--scenario %s: diff compares saved snapshot files and collects nothing; run envdiff snapshot --scenario %[1]s -o FILE first", o.global.scenario)
	}
	if len(o.baselines) == 0 {
		return usageErr("--baseline: at least one snapshot file is required")
	}
	if o.target == "" {
		return usageErr("--target: a snapshot file is required")
	}
	var snaps []*collect.Snapshot
	seen := map[string]string{}
	add := func(file string, s *collect.Snapshot, role string) error {
		if prev, dup := seen[s.Environment.Name]; dup {
			return usageErr("%s: environment %q is also in %s; each environment may appear once", file, s.Environment.Name, prev)
		}
		seen[s.Environment.Name] = file
		c := *s
		c.Environment.Role = role
		snaps = append(snaps, &c)
		return nil
	}
	for _, file := range o.baselines {
		loaded, err := collect.LoadSnapshots(file)
		if err != nil {
			return usageErr("--baseline %v", err)
		}
		for _, s := range loaded {
			if err := add(file, s, collect.RolePassed); err != nil {
				return err
			}
		}
	}
	targets, err := collect.LoadSnapshots(o.target)
	if err != nil {
		return usageErr("--target %v", err)
	}
	target, err := pickTarget(o.target, targets, o.targetEnv)
	if err != nil {
		return err
	}
	if err := add(o.target, target, collect.RoleTarget); err != nil {
		return err
	}
	// Judge certificate expiry and ignore rules now: the question is whether the
	// target is fit today, not when it was saved.
	opts := diff.Options{Now: time.Now().UTC()}
	cfg, err := o.global.optionalConfig()
	if err != nil {
		return err
	}
	if cfg != nil {
		opts.CertWarning, opts.Ignore = cfg.CertWarning, cfg.Ignore
	}
	res, err := diff.Analyze(snaps, opts)
	if err != nil {
		return usageErr("%v", err)
	}
	return o.out.emit(stdout, res, failOn)
}

func pickTarget(file string, snaps []*collect.Snapshot, name string) (*collect.Snapshot, error) {
	if name == "" {
		if len(snaps) != 1 {
			return nil, usageErr("--target %s holds %d environments; name one with --target-env", file, len(snaps))
		}
		return snaps[0], nil
	}
	for _, s := range snaps {
		if s.Environment.Name == name {
			return s, nil
		}
	}
	return nil, usageErr("--target-env %s: not in %s", name, file)
}
