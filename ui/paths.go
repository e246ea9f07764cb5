package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// pathsInput is what the paths view is drawn from, in display order.
type pathsInput struct {
	envs  []*collect.Snapshot
	paths map[string][]diff.RequestPath
}

// minPathsColumn is the narrowest column worth putting side by side with another; below
// it the environments stack.
const minPathsColumn = 38

// pathsLines renders every environment's request paths and service discovery for width
// w: environments side by side in as few rows as fit, stacked at narrow widths. Pure.
func pathsLines(st *Styles, in pathsInput, w int) []string {
	n := len(in.envs)
	if n == 0 {
		return []string{st.Dim.Render("No snapshot yet.")}
	}
	const sep = " │ "
	perRow := max(min(n, (w+len(sep))/(minPathsColumn+len(sep))), 1)
	rowsNeeded := (n + perRow - 1) / perRow
	perRow = (n + rowsNeeded - 1) / rowsNeeded // balance: 4 envs in 3 slots → 2 + 2
	colW := (w - (perRow-1)*3) / perRow
	var out []string
	for start := 0; start < n; start += perRow {
		end := min(start+perRow, n)
		var cols [][]string
		height := 0
		for _, s := range in.envs[start:end] {
			c := envPathLines(st, s, in.paths[s.Environment.Name], colW)
			cols = append(cols, c)
			height = max(height, len(c))
		}
		joined := block(cols[0], colW, height)
		for _, c := range cols[1:] {
			joined = sideBySide(joined, block(c, colW, height), st.Dim.Render(sep))
		}
		if start > 0 {
			out = append(out, "")
		}
		out = append(out, joined...)
	}
	return out
}

func failingHops(p diff.RequestPath) int {
	n := 0
	for _, h := range p.Hops {
		if h.Status == diff.HopFail || h.Status == diff.HopMissing {
			n++
		}
	}
	return n
}

// hopMark is the status glyph of a hop; meaning is in the glyph, colour only helps.
func hopMark(st *Styles, status string) string {
	switch status {
	case diff.HopOK:
		return st.OK.Render("✓")
	case diff.HopFail:
		return st.Fail.Render("✗")
	case diff.HopMissing:
		return st.Fail.Render("∅")
	default:
		return st.Unknown.Render("?")
	}
}

// envPathLines is one environment's column.
func envPathLines(st *Styles, s *collect.Snapshot, paths []diff.RequestPath, w int) []string {
	env := s.Environment
	var out []string
	head := clean(env.Name)
	if env.Role == collect.RoleTarget {
		head += " (target)"
	} else if env.Role != "" {
		head += " (" + clean(env.Role) + ")"
	}
	out = append(out, st.Title.Render(trunc(head, w)))
	if !s.Complete() {
		out = append(out, st.Unknown.Render(trunc(fmt.Sprintf("? %d collector(s) failed: unknown, not missing", len(s.Errors)), w)))
	}
	if len(paths) == 0 {
		out = append(out, st.Dim.Render(trunc("no request paths", w)))
	}
	for _, p := range paths {
		entry := st.Group.Render("▶ " + clean(p.Entry))
		if n := failingHops(p); n > 0 {
			entry += "  " + st.Fail.Render(plural(n, "hop fails", "hops fail"))
		}
		out = append(out, trunc(entry, w))
		for _, h := range p.Hops {
			out = append(out, hopLines(st, h, w)...)
		}
	}
	out = append(out, "")
	out = append(out, st.Group.Render(trunc("Service discovery", w)))
	out = append(out, discoveryLines(st, s, w)...)
	return out
}

// hopLines draws one hop, indented by depth, with its detail and, for a failing hop, the
// reason on its own line.
func hopLines(st *Styles, h diff.Hop, w int) []string {
	indent := strings.Repeat(" ", min(max(h.Depth, 0)*2+2, w/3))
	role, name := clean(h.Role), clean(h.Name)
	text := role + " " + name
	if strings.HasPrefix(name, role) {
		text = name // "listener 443" says its role already
	}
	if h.Detail != "" {
		text += " · " + clean(h.Detail)
	}
	var out []string
	cont := indent + "  "
	for i, l := range wrap(text, max(w-len(cont), 1)) {
		if i == 0 {
			out = append(out, trunc(indent+hopMark(st, h.Status)+" "+l, w))
		} else {
			out = append(out, trunc(cont+l, w))
		}
	}
	if h.Note != "" {
		style := st.Dim
		if h.Status == diff.HopFail || h.Status == diff.HopMissing {
			style = st.Fail
		}
		for _, l := range wrap(clean(h.Note), max(w-len(cont)-2, 1)) {
			out = append(out, style.Render(trunc(cont+"! "+l, w)))
		}
	}
	return out
}

// discoveryLines draws Cloud Map: namespace → service → instances, and the SRV records
// the snapshot's hosted zones hold for the service's DNS name.
func discoveryLines(st *Styles, s *collect.Snapshot, w int) []string {
	var out []string
	add := func(indent int, text string, style func(...string) string) {
		pad := strings.Repeat(" ", indent)
		for _, l := range wrap(text, max(w-indent, 1)) {
			out = append(out, style(trunc(pad+l, w)))
		}
	}
	if s.Failed(collect.ServiceServiceDiscovery, "") {
		add(2, "? Cloud Map not read: unknown", st.Unknown.Render)
	}
	if len(s.Namespaces) == 0 {
		add(2, "no namespaces", st.Dim.Render)
	}
	for _, ns := range s.Namespaces {
		add(2, clean(ns.Name)+" · "+clean(ns.Type)+" · "+clean(ns.Region), st.Label.Render)
		for _, svc := range ns.Services {
			var types []string
			for _, r := range svc.DNSRecords {
				types = append(types, clean(r.Type))
			}
			line := clean(svc.Name)
			if len(types) > 0 {
				line += " · " + strings.Join(types, "/")
			}
			if svc.HealthCheck != "" {
				line += " · health " + clean(svc.HealthCheck)
			}
			add(4, line, plainText)
			if len(svc.Instances) == 0 {
				add(6, "✗ no instances", st.Fail.Render)
			}
			for _, inst := range svc.Instances {
				mark := st.OK.Render("✓")
				switch strings.ToUpper(inst.Health) {
				case "HEALTHY", "":
				case "UNHEALTHY":
					mark = st.Fail.Render("✗")
				default:
					mark = st.Unknown.Render("?")
				}
				addr := clean(inst.IPv4)
				if inst.Port != 0 {
					addr += ":" + strconv.Itoa(inst.Port)
				}
				add(6, mark+" "+clean(inst.ID)+" "+addr, plainText)
			}
			name := strings.ToLower(strings.TrimSuffix(svc.Name+"."+ns.Name, "."))
			srv := srvRecords(s, name)
			switch {
			case srv == nil && s.Failed(collect.ServiceRoute53, ""):
				add(6, "? SRV "+clean(name)+": Route53 not read", st.Unknown.Render)
			case len(srv) == 0:
				add(6, "∅ no SRV records for "+clean(name), st.Fail.Render)
			default:
				add(6, "SRV "+clean(name), st.Dim.Render)
				for _, v := range srv {
					add(8, clean(v), st.Dim.Render)
				}
			}
		}
	}
	return out
}

// srvRecords returns the SRV values the snapshot's hosted zones hold for name; nil
// when no zone has the record.
func srvRecords(s *collect.Snapshot, name string) []string {
	var vals []string
	for _, z := range s.HostedZones {
		for _, r := range z.Records {
			if strings.EqualFold(r.Type, "SRV") && strings.EqualFold(strings.TrimSuffix(r.Name, "."), name) {
				vals = append(vals, r.Values...)
			}
		}
	}
	return vals
}
