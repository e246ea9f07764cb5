package diff

import (
	"fmt"
	"math"
	"strings"
)

// certsInUse returns the certificates the checks over certificates look at, once each,
// in snapshot order: those referenced by a listener or distribution of the snapshot, and
// those ACM reports in use by something envdiff does not collect.
func certsInUse(g *Graph) []*certRef {
	var out []*certRef
	for i := range g.snap.Certificates {
		ref := g.certUse[g.snap.Certificates[i].ARN]
		if ref == nil || ref.notInUse || ref.cert == nil {
			continue
		}
		out = append(out, ref)
	}
	return out
}

func checkCertStatus(g *Graph) []outcome {
	var out []outcome
	for _, ref := range certsInUse(g) {
		c := ref.cert
		oc := outcome{key: ref.node.key, node: ref.node.disp, resource: c.ARN, value: c.Status,
			evidence: []attr{low("status", c.Status), low("names", strings.Join(certNamesOf(c.DomainName, c.SANs), ", "))}}
		if !strings.EqualFold(c.Status, "ISSUED") {
			oc.fail = true
			oc.message = fmt.Sprintf("certificate %s (%s) is in use and its status is %s, not ISSUED",
				normHost(c.DomainName), c.ARN, orDefault(c.Status, "empty"))
		}
		out = append(out, oc)
	}
	return out
}

func checkCertExpiry(g *Graph) []outcome {
	now, window := g.opts.now(), g.opts.certWarning()
	var out []outcome
	for _, ref := range certsInUse(g) {
		c := ref.cert
		if c.NotAfter.IsZero() {
			continue
		}
		left := c.NotAfter.Sub(now)
		days := int(math.Floor(left.Hours() / 24))
		oc := outcome{key: ref.node.key, node: ref.node.disp, resource: c.ARN,
			value:    "not after " + c.NotAfter.UTC().Format("2006-01-02"),
			evidence: []attr{low("not after", c.NotAfter.UTC().Format("2006-01-02 15:04 MST")), low("type", c.Type)}}
		switch {
		case left <= 0:
			oc.fail, oc.sev, oc.hasSev = true, High, true
			oc.message = fmt.Sprintf("certificate %s expired on %s", normHost(c.DomainName), c.NotAfter.UTC().Format("2006-01-02"))
		case left < window:
			oc.fail = true
			oc.message = fmt.Sprintf("certificate %s expires in %d days, on %s (warning window %d days)",
				normHost(c.DomainName), days, c.NotAfter.UTC().Format("2006-01-02"), int(window.Hours()/24))
		}
		out = append(out, oc)
	}
	return out
}
