package diff

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/envdiff/envdiff/collect"
)

// envGraph is one environment's graph with its role in the comparison.
type envGraph struct {
	name   string
	g      *Graph
	target bool
}

// Analyze compares snapshots: exactly one must have the target role, the others are the
// baselines that passed. The Result is complete: findings sorted per checks.md
// (regressions first, then severity, then node), ignored findings and expired rules.
func Analyze(snaps []*collect.Snapshot, opts Options) (*Result, error) {
	if len(snaps) == 0 {
		return nil, errors.New("analyze: no snapshots given")
	}
	var targets []string
	names := map[string]bool{}
	for i, s := range snaps {
		if s == nil {
			return nil, fmt.Errorf("analyze: snapshot %d is empty", i+1)
		}
		n := s.Environment.Name
		if n == "" {
			return nil, fmt.Errorf("analyze: snapshot %d has no environment name", i+1)
		}
		if names[n] {
			return nil, fmt.Errorf("analyze: environment %q appears twice", n)
		}
		names[n] = true
		switch s.Environment.Role {
		case collect.RoleTarget:
			targets = append(targets, n)
		case collect.RolePassed:
		default:
			return nil, fmt.Errorf("analyze: environment %q has role %q (want %q or %q)", n, s.Environment.Role, collect.RolePassed, collect.RoleTarget)
		}
	}
	if len(targets) != 1 {
		if len(targets) == 0 {
			return nil, errors.New("analyze: no environment has role target (exactly one must)")
		}
		return nil, fmt.Errorf("analyze: %d environments have role target (%s); exactly one must", len(targets), strings.Join(targets, ", "))
	}
	rules, err := compileRules(opts.Ignore)
	if err != nil {
		return nil, err
	}
	opts.Now = opts.now()

	envs := make([]envGraph, len(snaps))
	var wg sync.WaitGroup
	for i, s := range snaps {
		envs[i] = envGraph{name: s.Environment.Name, target: s.Environment.Role == collect.RoleTarget}
		var others []collect.Environment
		for j, o := range snaps {
			if j != i {
				others = append(others, o.Environment)
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			envs[i].g = buildGraph(s, opts, others...)
		}()
	}
	wg.Wait()

	res := &Result{GeneratedAt: opts.Now, Target: targets[0]}
	var findings []Finding
	for _, e := range envs {
		if !e.target {
			res.Baselines = append(res.Baselines, e.name)
		}
		st := EnvStatus{Name: e.name, Role: e.g.env.Role, Complete: e.g.snap.Complete(), Errors: []EnvError{}}
		for _, ce := range e.g.snap.Errors {
			st.Errors = append(st.Errors, EnvError(ce))
			findings = append(findings, incompleteFinding(e.name, ce))
		}
		res.Environments = append(res.Environments, st)
	}
	findings = append(findings, evaluateChecks(envs)...)
	findings = append(findings, compare(envs)...)
	SortFindings(findings)
	res.Findings, res.Ignored, res.ExpiredIgnores = applyIgnores(findings, rules, opts.Now)
	if res.Findings == nil {
		res.Findings = []Finding{}
	}
	return res, nil
}

func incompleteFinding(env string, ce collect.CollectError) Finding {
	what := ce.Service
	if what == "" {
		what = "the whole environment"
	}
	node := orDefault(ce.Service, "environment") + sep + orDefault(ce.Region, "all regions")
	return Finding{
		Check: CheckCollectionIncomplete, Severity: High, Env: env, Node: node, Resource: ce.Operation,
		Message: fmt.Sprintf("%s in %s could not be read (%s): %s; what it holds is unknown, not missing",
			what, orDefault(ce.Region, "all regions"), ce.Kind, ce.Message),
		Values:   map[string]string{env: ce.Kind},
		Category: CatUnknown,
	}
}

// SortFindings orders findings as checks.md requires: regressions first, then severity
// (highest first), then node; check and environment break ties so the order is stable.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Regression != b.Regression {
			return a.Regression
		}
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Node != b.Node {
			return a.Node < b.Node
		}
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		return a.Env < b.Env
	})
}

// perKey gathers one check's outcomes of one environment by node key; when several
// outcomes share a key, a failure wins so it is never hidden.
func perKey(os []outcome) (map[string]*outcome, []string) {
	m := make(map[string]*outcome, len(os))
	var order []string
	for i := range os {
		o := &os[i]
		if o.at == "" {
			o.at = o.key
		}
		prev, ok := m[o.key]
		if !ok {
			order = append(order, o.key)
		}
		if !ok || (!prev.fail && o.fail) {
			m[o.key] = o
		}
	}
	return m, order
}

// evaluateChecks runs every check in every environment (environments concurrently: the
// graphs are read-only) and classifies each failure: regression, failing everywhere,
// target only, or baseline only.
func evaluateChecks(envs []envGraph) []Finding {
	table := checkTable()
	type keyed struct {
		m     map[string]*outcome
		order []string
	}
	runs := make([][]keyed, len(envs)) // env → check → outcomes
	var wg sync.WaitGroup
	for i, e := range envs {
		runs[i] = make([]keyed, len(table))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c, def := range table {
				if def.run != nil {
					m, order := perKey(def.run(e.g))
					runs[i][c] = keyed{m, order}
				}
			}
		}()
	}
	wg.Wait()
	ti := -1
	for i, e := range envs {
		if e.target {
			ti = i
		}
	}
	var out []Finding
	results := make([]map[string]*outcome, len(envs))
	for c, def := range table {
		if def.run == nil {
			continue
		}
		var keys []string
		seen := map[string]bool{}
		for i := range envs {
			results[i] = runs[i][c].m
			for _, k := range runs[i][c].order {
				if !seen[k] {
					seen[k] = true
					keys = append(keys, k)
				}
			}
		}
		for _, k := range keys {
			out = append(out, classify(def.info, envs, results, ti, k)...)
		}
	}
	return out
}

func classify(info CheckInfo, envs []envGraph, results []map[string]*outcome, ti int, key string) []Finding {
	t := results[ti][key]
	var have, failing []int
	for i := range envs {
		if i == ti {
			continue
		}
		if o := results[i][key]; o != nil {
			have = append(have, i)
			if o.fail {
				failing = append(failing, i)
			}
		}
	}
	mk := func(i int) Finding {
		o := results[i][key]
		f := Finding{Check: info.ID, Severity: info.Severity, Env: envs[i].name, Node: o.node, Resource: o.resource,
			Message: o.message, Values: map[string]string{}}
		if o.hasSev {
			f.Severity = o.sev
		}
		for j, e := range envs {
			if oj := results[j][key]; oj != nil {
				f.Values[e.name] = oj.value
			}
		}
		f.Evidence = mergeEvidence(envs, ti, func(j int) []attr {
			if oj := results[j][key]; oj != nil {
				return oj.evidence
			}
			return nil
		}, true)
		return f
	}
	if t != nil && t.fail {
		f := mk(ti)
		switch {
		case len(have) > 0 && len(failing) == 0:
			f.Regression, f.Category, f.Severity = true, CatRegression, f.Severity.Raise()
			for _, i := range have {
				f.PassedIn = append(f.PassedIn, envs[i].name)
			}
		case len(failing) > 0:
			f.Category = CatEverywhere
		default:
			f.Category = CatTargetOnly
		}
		return []Finding{f}
	}
	var out []Finding
	for _, i := range failing {
		f := mk(i)
		f.Category = CatBaseline
		out = append(out, f)
	}
	return out
}

// mergeEvidence lays one node's attributes out side by side, in first-seen order, and
// marks the rows where the target alone differs from passed environments that agree.
func mergeEvidence(envs []envGraph, ti int, rows func(int) []attr, mark bool) []EvidenceRow {
	var out []EvidenceRow
	idx := map[string]int{}
	for i, e := range envs {
		for _, a := range rows(i) {
			j, ok := idx[a.name]
			if !ok {
				j = len(out)
				idx[a.name] = j
				out = append(out, EvidenceRow{Label: a.name, Values: map[string]string{}})
			}
			out[j].Values[e.name] = a.value
		}
	}
	if !mark {
		return out
	}
	for r := range out {
		tv, ok := out[r].Values[envs[ti].name]
		if !ok {
			continue
		}
		var pv []string
		for i, e := range envs {
			if i == ti {
				continue
			}
			if v, ok := out[r].Values[e.name]; ok {
				pv = append(pv, v)
			}
		}
		same := len(pv) > 0
		for _, v := range pv {
			same = same && v == pv[0]
		}
		out[r].Differs = same && tv != pv[0]
	}
	return out
}
