package report

import "github.com/envdiff/envdiff/diff"

// engineLookup is the default Options.Lookup: the diff engine's check catalogue.
func engineLookup(id string) (CheckDoc, bool) {
	info, ok := diff.LookupCheck(id)
	if !ok {
		return CheckDoc{}, false
	}
	return CheckDoc{Title: info.Title, Explanation: info.Explanation, Fix: info.Fix}, true
}
