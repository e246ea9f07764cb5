package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// handleKey routes a key press: ctrl+c always, then the filter line when it has the
// keyboard, then the help screen, then global keys, then the focused pane.
func (m Model) handleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if key.Matches(msg, m.keys.Interrupt) {
		if m.cancel != nil {
			m.cancel()
		}
		m.interrupted = true
		return m, tea.Quit
	}
	if m.view == viewFindings && !m.evidenceFocus && m.list.filtering {
		var cmd tea.Cmd
		m.list, cmd, _ = m.list.Update(msg)
		return m, cmd
	}
	if m.showHelp {
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m.quit()
		case key.Matches(msg, m.keys.Help), msg.String() == "esc":
			m.showHelp = false
		}
		return m, nil
	}
	m.status = ""
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Help):
		m.showHelp = true
		return m, nil
	case key.Matches(msg, m.keys.Refresh):
		return m.refresh()
	case key.Matches(msg, m.keys.Watch):
		return m.toggleWatch()
	case key.Matches(msg, m.keys.Probe):
		return m.toggleProbe()
	case key.Matches(msg, m.keys.Export):
		if m.result == nil {
			m.setStatus("nothing to export yet: the first collection has not finished", true)
			return m, nil
		}
		m.setStatus("exporting…", false)
		return m, exportTask(m.result, m.opts.ExportDir, m.opts.now(), m.opts.Markdown)
	case key.Matches(msg, m.keys.Paths):
		if m.view == viewPaths {
			m.view = viewFindings
		} else {
			m.view = viewPaths
			m.paths.offset = 0
		}
		return m, nil
	case key.Matches(msg, m.keys.Collection):
		switch {
		case m.view == viewCollection && m.result != nil:
			m.view = viewFindings
		case m.view == viewCollection:
			m.collAuto = !m.collAuto // pinned: stay here when the findings arrive
		default:
			m.view, m.collAuto = viewCollection, false
		}
		return m, nil
	}
	switch m.view {
	case viewCollection:
		if key.Matches(msg, m.coll.keys.Back) && m.result != nil {
			m.view = viewFindings
			return m, nil
		}
		m.coll.scroll(scrollDelta(msg, m.coll.keys.listKeys, m.coll.height-1))
	case viewPaths:
		if key.Matches(msg, m.list.keys.Env) {
			m.list.cycleEnv()
			return m, nil
		}
		if m.paths.Update(msg) {
			m.view = viewFindings
		}
	case viewFindings:
		if m.evidenceFocus {
			if m.evidence.Update(msg) {
				m.evidenceFocus = false
			}
			return m, nil
		}
		before := m.list.selectedID()
		var cmd tea.Cmd
		var open bool
		m.list, cmd, open = m.list.Update(msg)
		if open {
			m.evidenceFocus = true
		}
		if open || m.list.selectedID() != before {
			m.evidence.offset = 0
		}
		return m, cmd
	}
	return m, nil
}

func (m Model) quit() (Model, tea.Cmd) {
	if m.cancel != nil {
		m.cancel()
	}
	return m, tea.Quit
}

// toggleProbe turns the live probes on or off and refreshes, so the findings on screen
// always say whether they include what clients actually get.
func (m Model) toggleProbe() (Model, tea.Cmd) {
	if m.opts.Probe == nil {
		m.setStatus("live probes are not available here", true)
		return m, nil
	}
	m.probeOn = !m.probeOn
	if m.probeOn {
		m.setStatus("live probes on: TLS handshakes and SRV lookups with every refresh", false)
	} else {
		m.setStatus("live probes off", false)
	}
	mm, cmd := m.refresh()
	mm.status, mm.statusErr = m.status, m.statusErr
	return mm, cmd
}

// toggleWatch turns polling on or off. A new epoch makes ticks scheduled under the old
// setting harmless.
func (m Model) toggleWatch() (Model, tea.Cmd) {
	m.watchEpoch++
	m.watchOn = !m.watchOn
	if !m.watchOn {
		m.setStatus("watch off", false)
		return m, nil
	}
	m.setStatus("watching: a poll every "+m.watchEvery.String(), false)
	if m.collecting {
		return m, nil // the running collection schedules the first tick when it ends
	}
	return m, watchTick(m.watchEpoch, m.watchEvery)
}
