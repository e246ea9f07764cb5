package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"github.com/envdiff/envdiff/diff"
)

// Styles is the one place colours live. Panes receive it whole and never build styles of
// their own, so the light, dark and no-colour variants cannot drift apart.
type Styles struct {
	Title       lipgloss.Style
	Dim         lipgloss.Style
	PaneTitle   lipgloss.Style // the focused pane's title rule
	PaneBlurred lipgloss.Style // an unfocused pane's title rule
	Group       lipgloss.Style
	Selected    lipgloss.Style
	New         lipgloss.Style
	Resolved    lipgloss.Style
	OK          lipgloss.Style
	Fail        lipgloss.Style
	Unknown     lipgloss.Style
	Differs     lipgloss.Style
	Error       lipgloss.Style
	Status      lipgloss.Style
	Label       lipgloss.Style
	// Severity badges, indexed by diff.Severity.
	Badge [diff.Critical + 1]lipgloss.Style
	Help  help.Styles
}

// newStyles builds the styles for a dark or light background. With noColor every style
// is empty, so the screen carries no escape sequences at all: NO_COLOR users, and the
// golden files, see the same text. Meaning never rests on colour alone (badges,
// ✓/✗ marks and the ≠ prefix carry it), so nothing is lost.
func newStyles(isDark, noColor bool) Styles {
	if noColor {
		plain := lipgloss.NewStyle()
		s := Styles{
			Title: plain, Dim: plain, PaneTitle: plain, PaneBlurred: plain, Group: plain,
			Selected: plain, New: plain, Resolved: plain, OK: plain, Fail: plain,
			Unknown: plain, Differs: plain, Error: plain, Status: plain, Label: plain,
		}
		for i := range s.Badge {
			s.Badge[i] = plain
		}
		s.Help = help.Styles{
			Ellipsis: plain, ShortKey: plain, ShortDesc: plain, ShortSeparator: plain,
			FullKey: plain, FullDesc: plain, FullSeparator: plain,
		}
		return s
	}
	ld := lipgloss.LightDark(isDark)
	var (
		fg      = ld(lipgloss.Color("#1F1F28"), lipgloss.Color("#E6E6E6"))
		muted   = ld(lipgloss.Color("#6C6C78"), lipgloss.Color("#8A8A99"))
		accent  = ld(lipgloss.Color("#5A3FD6"), lipgloss.Color("#A995FF"))
		red     = ld(lipgloss.Color("#C0182F"), lipgloss.Color("#FF6B7F"))
		orange  = ld(lipgloss.Color("#B34700"), lipgloss.Color("#FFA657"))
		yellow  = ld(lipgloss.Color("#8A6D00"), lipgloss.Color("#E3C35B"))
		green   = ld(lipgloss.Color("#17803D"), lipgloss.Color("#5FD68A"))
		blue    = ld(lipgloss.Color("#1F5FBF"), lipgloss.Color("#79B8FF"))
		selBg   = ld(lipgloss.Color("#E3DEFF"), lipgloss.Color("#3B3360"))
		badgeFg = ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#101014"))
	)
	base := lipgloss.NewStyle()
	s := Styles{
		Title:       base.Bold(true).Foreground(accent),
		Dim:         base.Foreground(muted),
		PaneTitle:   base.Bold(true).Foreground(accent),
		PaneBlurred: base.Foreground(muted),
		Group:       base.Bold(true).Foreground(fg),
		Selected:    base.Background(selBg).Foreground(fg).Bold(true),
		New:         base.Bold(true).Foreground(blue),
		Resolved:    base.Foreground(green),
		OK:          base.Foreground(green),
		Fail:        base.Bold(true).Foreground(red),
		Unknown:     base.Foreground(yellow),
		Differs:     base.Bold(true).Foreground(red),
		Error:       base.Foreground(red),
		Status:      base.Foreground(accent),
		Label:       base.Foreground(muted),
		Help:        help.DefaultStyles(isDark),
	}
	s.Badge[diff.Info] = base.Foreground(muted)
	s.Badge[diff.Low] = base.Foreground(blue)
	s.Badge[diff.Medium] = base.Foreground(yellow)
	s.Badge[diff.High] = base.Bold(true).Foreground(orange)
	s.Badge[diff.Critical] = base.Bold(true).Foreground(badgeFg).Background(red)
	return s
}

// badge is a severity's fixed-width label for the findings list.
func badge(s diff.Severity) string {
	switch s {
	case diff.Critical:
		return "CRIT"
	case diff.High:
		return "HIGH"
	case diff.Medium:
		return "MED "
	case diff.Low:
		return "LOW "
	case diff.Info:
		return "INFO"
	}
	return "????"
}

func (s Styles) badge(sev diff.Severity) string {
	if sev < diff.Info || sev > diff.Critical {
		return badge(sev)
	}
	return s.Badge[sev].Render(badge(sev))
}
