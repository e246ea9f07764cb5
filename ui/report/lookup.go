package report

// engineLookup is the default Options.Lookup. It will read diff.LookupCheck once the
// engine's check catalogue lands; until then findings are shown without explanation.
func engineLookup(string) (CheckDoc, bool) { return CheckDoc{}, false }
