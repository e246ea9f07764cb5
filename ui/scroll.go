package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// scrollPane is a titled block of lines that scrolls: the evidence and the paths panes.
// Its content comes from a pure renderer at draw time, so the pane keeps only its
// size and offset.
type scrollPane struct {
	keys   scrollKeys
	width  int
	height int // title included
	offset int
}

func newScrollPane(back ...string) scrollPane { return scrollPane{keys: newScrollKeys(back...)} }

func (p *scrollPane) SetSize(w, h int) { p.width, p.height = w, h }

func (p *scrollPane) ShortHelp() []key.Binding  { return p.keys.ShortHelp() }
func (p *scrollPane) FullHelp() [][]key.Binding { return p.keys.FullHelp() }

// Update scrolls on a movement key; it reports whether the key asks to leave the pane.
func (p *scrollPane) Update(msg tea.KeyPressMsg) (back bool) {
	if key.Matches(msg, p.keys.Back) {
		return true
	}
	p.offset = max(p.offset+scrollDelta(msg, p.keys.listKeys, p.height-1), 0)
	return false
}

// clampTo keeps the offset within content of total lines, so that up after G moves at
// once instead of unwinding a scroll past the end.
func (p *scrollPane) clampTo(total int) {
	p.offset = clamp(p.offset, 0, max(total-(p.height-1), 0))
}

// View draws the title rule and the visible lines: exactly height lines of width.
func (p *scrollPane) View(title string, titleStyle lipgloss.Style, lines []string) []string {
	if p.height <= 0 {
		return nil
	}
	off := clamp(p.offset, 0, max(len(lines)-(p.height-1), 0))
	out := make([]string, 0, p.height)
	out = append(out, titleStyle.Render(rule(title, p.width)))
	end := min(len(lines), off+p.height-1)
	out = append(out, lines[off:end]...)
	return block(out, p.width, p.height)
}

// scrollDelta turns a movement key into a line offset.
func scrollDelta(msg tea.KeyPressMsg, k listKeys, page int) int {
	page = max(page, 1)
	switch {
	case key.Matches(msg, k.Up):
		return -1
	case key.Matches(msg, k.Down):
		return 1
	case key.Matches(msg, k.PageUp):
		return -page
	case key.Matches(msg, k.PageDown):
		return page
	case key.Matches(msg, k.Top):
		return -1 << 30
	case key.Matches(msg, k.Bottom):
		return 1 << 30
	}
	return 0
}
