package diff

import (
	"fmt"
	"strings"
)

// compare derives the parity findings: nodes every passed environment has and the
// target lacks, nodes only the target has, and attributes the passed environments agree
// on and the target does not.
func compare(envs []envGraph) []Finding {
	ti := -1
	var passed []int
	for i, e := range envs {
		if e.target {
			ti = i
		} else {
			passed = append(passed, i)
		}
	}
	if ti < 0 || len(passed) == 0 {
		return nil
	}
	tg := envs[ti].g
	inAnyPassed := func(key string) bool {
		for _, i := range passed {
			if envs[i].g.byKey[key] != nil {
				return true
			}
		}
		return false
	}
	var out []Finding
	pns := make([]*node, 0, len(passed))
	for _, tn := range tg.nodes {
		pns = pns[:0]
		for _, i := range passed {
			if n := envs[i].g.byKey[tn.key]; n != nil {
				pns = append(pns, n)
			}
		}
		if len(pns) > 0 {
			out = append(out, attrDiffs(envs, ti, passed, tn)...)
			continue
		}
		// Report the topmost extra node only: its children are extra by consequence.
		if tn.parent != "" && tg.byKey[tn.parent] != nil && !inAnyPassed(tn.parent) {
			continue
		}
		// In an incomplete target, a resource keyed by name may only be unreached
		// because what leads to it was not read: not extra, unknown.
		if !tg.snap.Complete() && tn.parent == "" && fallbackKinds[tn.kind] {
			continue
		}
		out = append(out, Finding{Check: CheckExtraInTarget, Severity: Info, Env: envs[ti].name, Node: tn.disp,
			Resource: tn.resource, Category: CatParity, Values: map[string]string{envs[ti].name: tn.disp},
			Message: fmt.Sprintf("%s exists only in %s, in no environment that passed", tn.disp, envs[ti].name)})
	}
	seen := map[string]bool{}
	for _, pi := range passed {
		for _, pn := range envs[pi].g.nodes {
			if seen[pn.key] || tg.byKey[pn.key] != nil {
				continue
			}
			seen[pn.key] = true
			if f, ok := missingFinding(envs, ti, passed, pn); ok {
				out = append(out, f)
			}
		}
	}
	return out
}

// inEveryPassed reports whether every passed environment has the node, counting one
// whose collectors for it failed as agreeing (unknown there, not absent), and returns
// those that have it.
func inEveryPassed(envs []envGraph, passed []int, key string, deps []dep) ([]int, bool) {
	var have []int
	for _, i := range passed {
		g := envs[i].g
		if g.byKey[key] != nil {
			have = append(have, i)
			continue
		}
		unknown := false
		for _, d := range deps {
			unknown = unknown || g.failed(d.service, d.region)
		}
		if !unknown {
			return nil, false
		}
	}
	return have, len(have) > 0
}

// missingFinding reports a node the passed environments have and the target lacks:
// only the topmost such node (its children are missing by consequence), and never
// where the target's collector for it failed.
func missingFinding(envs []envGraph, ti int, passed []int, pn *node) (Finding, bool) {
	tg := envs[ti].g
	have, all := inEveryPassed(envs, passed, pn.key, pn.deps)
	if !all || unknownIn(envs, have, tg, pn.key) {
		return Finding{}, false
	}
	if pn.parent != "" && tg.byKey[pn.parent] == nil {
		if _, parentAll := inEveryPassed(envs, passed, pn.parent, pn.deps); parentAll {
			return Finding{}, false // the parent is reported missing (or unknown)
		}
	}
	f := Finding{Check: CheckMissingInTarget, Severity: Medium, Env: envs[ti].name, Node: targetDisplay(tg, pn.key),
		Category: CatParity, Values: map[string]string{}}
	var where []string
	for _, i := range have {
		f.Values[envs[i].name] = envs[i].g.byKey[pn.key].disp
		where = append(where, envs[i].name)
	}
	f.Message = fmt.Sprintf("%s is in every environment that passed (%s) and absent from %s",
		f.Node, strings.Join(where, ", "), envs[ti].name)
	return f, true
}

// unknownIn reports whether a collector the node depends on failed in the target: then
// the node's absence there is unknown, not missing.
func unknownIn(envs []envGraph, passed []int, tg *Graph, key string) bool {
	for _, i := range passed {
		for _, d := range envs[i].g.byKey[key].deps {
			if tg.failed(d.service, d.region) {
				return true
			}
		}
	}
	return false
}

// targetDisplay names a node the target lacks in the target's own words: its nearest
// ancestor the target has, followed by the rest of the key.
func targetDisplay(tg *Graph, key string) string {
	parts := strings.Split(key, sep)
	for i := len(parts) - 1; i > 0; i-- {
		if n := tg.byKey[strings.Join(parts[:i], sep)]; n != nil {
			return n.disp + sep + strings.Join(parts[i:], sep)
		}
	}
	return key
}

// fallbackKinds are the kinds a walk normally reaches; keyed by name only when not.
var fallbackKinds = map[string]bool{HopCertificate: true, HopLoadBalancer: true, HopDistribution: true}

func attrOf(n *node, name string) (attr, bool) {
	for _, a := range n.attrs {
		if a.name == name {
			return a, true
		}
	}
	return attr{}, false
}

// attrDiffs compares each attribute of a target node with the passed environments that
// have the node: raw values first (equal means equal), then, only if they differ,
// normalised with each environment's own tokens.
func attrDiffs(envs []envGraph, ti int, passed []int, tn *node) []Finding {
	var out []Finding
	for _, a := range tn.attrs {
		type pv struct {
			env       string
			raw, norm string
		}
		var vals []pv
		rawSame, ok := true, true
		// The weightier side decides the severity: a redirect in every passed environment
		// that became a forward in the target is a redirect difference too.
		sev := a.sev
		for _, i := range passed {
			n := envs[i].g.byKey[tn.key]
			if n == nil {
				continue
			}
			p, has := attrOf(n, a.name)
			if !has {
				ok = false
				break
			}
			vals = append(vals, pv{env: envs[i].name, raw: p.value})
			rawSame = rawSame && p.value == a.value
			sev = max(sev, p.sev)
		}
		if !ok || len(vals) == 0 || rawSame {
			continue
		}
		tnorm := envs[ti].g.norm.apply(a.value)
		agree := true
		for k := range vals {
			g := graphOf(envs, vals[k].env)
			vals[k].norm = g.norm.apply(vals[k].raw)
			agree = agree && vals[k].norm == vals[0].norm
		}
		if !agree || vals[0].norm == tnorm {
			continue
		}
		f := Finding{Check: CheckAttributeDiffers, Severity: sev, Env: envs[ti].name, Node: tn.disp, Resource: tn.resource,
			Category: CatParity, Values: map[string]string{envs[ti].name: a.value}}
		row := EvidenceRow{Label: a.name, Values: map[string]string{envs[ti].name: a.value}, Differs: true}
		var names []string
		for _, v := range vals {
			f.Values[v.env] = v.raw
			row.Values[v.env] = v.raw
			names = append(names, v.env)
		}
		f.Evidence = []EvidenceRow{row}
		f.Message = fmt.Sprintf("%s is %q in %s but %q in %s", a.name, a.value, envs[ti].name, vals[0].raw, strings.Join(names, ", "))
		out = append(out, f)
	}
	return out
}

func graphOf(envs []envGraph, name string) *Graph {
	for _, e := range envs {
		if e.name == name {
			return e.g
		}
	}
	return nil
}
