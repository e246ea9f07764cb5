package ui

import (
	"charm.land/bubbles/v2/key"
)

// globalKeys work in every view (except while the filter line has the keyboard).
type globalKeys struct {
	Quit       key.Binding
	Interrupt  key.Binding
	Help       key.Binding
	Refresh    key.Binding
	Watch      key.Binding
	Export     key.Binding
	Paths      key.Binding
	Collection key.Binding
	Probe      key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Quit:       key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Interrupt:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "cancel and quit")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Refresh:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Watch:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "watch on/off")),
		Export:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export markdown")),
		Paths:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "request paths")),
		Collection: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "collection status")),
		Probe:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "live probes on/off")),
	}
}

func (k globalKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Refresh, k.Watch, k.Paths, k.Export, k.Help, k.Quit}
}

func (k globalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Refresh, k.Watch, k.Export},
		{k.Paths, k.Collection, k.Probe, k.Help},
		{k.Quit, k.Interrupt},
	}
}

// listKeys move a cursor or scroll; the findings, evidence and paths panes share them.
type listKeys struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
	}
}

// findingsKeys belong to the findings pane.
type findingsKeys struct {
	listKeys
	Open     key.Binding
	Filter   key.Binding
	Severity key.Binding
	Env      key.Binding
	Clear    key.Binding
}

func newFindingsKeys() findingsKeys {
	return findingsKeys{
		listKeys: newListKeys(),
		Open:     key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", "evidence")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Severity: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "severity floor")),
		Env:      key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "focus environment")),
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
	}
}

func (k findingsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Open, k.Filter, k.Severity, k.Env}
}

func (k findingsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Open, k.Filter, k.Clear, k.Severity, k.Env},
	}
}

// filterKeys hold while the filter line has the keyboard; every other key is text.
type filterKeys struct {
	Apply  key.Binding
	Cancel key.Binding
}

func newFilterKeys() filterKeys {
	return filterKeys{
		Apply:  key.NewBinding(key.WithKeys("enter", "down"), key.WithHelp("enter", "keep filter")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "drop filter")),
	}
}

func (k filterKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Apply, k.Cancel} }
func (k filterKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// scrollKeys belong to the evidence and paths panes.
type scrollKeys struct {
	listKeys
	Back key.Binding
}

func newScrollKeys(back ...string) scrollKeys {
	return scrollKeys{
		listKeys: newListKeys(),
		Back:     key.NewBinding(key.WithKeys(back...), key.WithHelp(back[0], "back")),
	}
}

func (k scrollKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Back}
}

func (k scrollKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Back}}
}
