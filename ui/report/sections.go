package report

import (
	"sort"
	"strings"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// standardServices are the collectors every environment runs; they get a column even
// when nothing failed, so "ok" is stated rather than implied.
var standardServices = []string{
	collect.ServiceRoute53, collect.ServiceACM, collect.ServiceELBv2,
	collect.ServiceCloudFront, collect.ServiceServiceDiscovery,
}

// collection renders environment × service: ok, or the kinds of error (with regions),
// then the errors themselves.
func (w *writer) collection() {
	envs := w.res.Environments
	if len(envs) == 0 {
		return
	}
	services := append([]string(nil), standardServices...)
	known := map[string]bool{}
	for _, s := range services {
		known[s] = true
	}
	var extra []string
	var errs []struct {
		env string
		e   diff.EnvError
	}
	for _, env := range envs {
		for _, e := range env.Errors {
			errs = append(errs, struct {
				env string
				e   diff.EnvError
			}{env.Name, e})
			if e.Service != "" && !known[e.Service] {
				known[e.Service] = true
				extra = append(extra, e.Service)
			}
		}
	}
	sort.Strings(extra)
	services = append(services, extra...)

	w.line("## Collection")
	w.line()
	head := []string{"environment", "role", "complete"}
	for _, s := range services {
		head = append(head, w.esc(s))
	}
	t := newTable(head...)
	for _, env := range envs {
		complete := "yes"
		if !env.Complete {
			complete = "**no**"
		}
		cells := []string{w.esc(env.Name), w.esc(env.Role), complete}
		for _, s := range services {
			cells = append(cells, w.serviceCell(env.Errors, s))
		}
		t.add(cells...)
	}
	w.table(t)
	if len(errs) == 0 {
		return
	}
	w.line("Collector errors:")
	w.line()
	defer w.fold(len(errs), plural(len(errs), "collector error", "collector errors"))()
	et := newTable("environment", "service", "region", "operation", "kind", "message")
	for _, x := range errs {
		service := x.e.Service
		if service == "" {
			service = "(all)"
		}
		et.add(w.esc(x.env), w.esc(service), orDash(w.esc(x.e.Region)), orDash(w.esc(x.e.Operation)),
			w.esc(x.e.Kind), w.esc(x.e.Message))
	}
	w.table(et)
}

// serviceCell is "ok" or each distinct error kind with its regions; an error without a
// service (e.g. no credentials) failed every service.
func (w *writer) serviceCell(errs []diff.EnvError, service string) string {
	var kinds []string
	regions := map[string][]string{}
	for _, e := range errs {
		if e.Service != service && e.Service != "" {
			continue
		}
		kind := e.Kind
		if kind == "" {
			kind = "error"
		}
		if _, ok := regions[kind]; !ok {
			kinds = append(kinds, kind)
			regions[kind] = nil
		}
		if e.Region != "" {
			regions[kind] = append(regions[kind], e.Region)
		}
	}
	if len(kinds) == 0 {
		return "ok"
	}
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = w.esc(k)
		if rs := regions[k]; len(rs) > 0 {
			parts[i] += " (" + w.escList(dedupe(rs)) + ")"
		}
	}
	return strings.Join(parts, ", ")
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// ignored lists what ignore rules hid, with their reasons, and the rules that expired
// (they hide nothing now and only rot in the configuration).
func (w *writer) ignored() {
	ign := w.res.Ignored
	expired := w.res.ExpiredIgnores
	if len(ign) == 0 && len(expired) == 0 {
		return
	}
	w.line("## Ignored (", plural(len(ign), "finding", "findings"), ")")
	w.line()
	if len(ign) > 0 {
		closeFold := w.fold(len(ign), plural(len(ign), "ignored finding", "ignored findings"))
		t := newTable("severity", "check", "environment", "node", "reason", "until")
		for _, i := range ign {
			until := "—"
			if !i.Until.IsZero() {
				until = i.Until.UTC().Format("2006-01-02")
			}
			t.add(i.Finding.Severity.String(), w.checkID(i.Finding.Check), w.esc(i.Finding.Env),
				w.esc(i.Finding.Node), orDash(w.esc(i.Reason)), until)
		}
		w.table(t)
		closeFold()
	}
	if len(expired) > 0 {
		w.line("Expired ignore rules (they hide nothing any more: remove them or extend their date):")
		w.line()
		for _, e := range expired {
			w.line("- ", orDash(w.esc(e)))
		}
		w.line()
	}
}
