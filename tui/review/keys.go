package review

import "charm.land/bubbles/v2/key"

// KeyMap is every key the review view knows.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Open, Back, Tab                         key.Binding
	Search, Filter, Meetings, Actions       key.Binding
	Prev, Next                              key.Binding
	NextItem, PrevItem                      key.Binding
	MarkDone, Reopen, Status, Who, More     key.Binding
	Amend                                   key.Binding
	Help, Quit                              key.Binding
}

// DefaultKeyMap is the review view's key scheme.
func DefaultKeyMap() *KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	k := &KeyMap{
		Up:       b("↑/k", "up", "up", "k"),
		Down:     b("↓/j", "down", "down", "j"),
		PageUp:   b("pgup", "page up", "pgup", "ctrl+b"),
		PageDown: b("pgdn", "page down", "pgdown", "ctrl+f", "space"),
		Top:      b("g", "top", "home", "g"),
		Bottom:   b("G", "bottom", "end", "G"),
		Open:     b("enter", "open", "enter"),
		Back:     b("esc", "back", "esc"),
		Tab:      b("tab", "minutes/log", "tab"),
		Search:   b("/", "search", "/"),
		Filter:   b("f", "filter", "f"),
		Meetings: b("m", "meetings", "m"),
		Actions:  b("a", "actions", "a"),
		Prev:     b("[", "previous in series", "["),
		Next:     b("]", "next in series", "]"),
		NextItem: b("n", "next item", "n"),
		PrevItem: b("N", "previous item", "N", "p"),
		MarkDone: b("d", "mark done", "d"),
		Reopen:   b("u", "undo done", "u"),
		Amend:    b("e", "amend", "e"),
		Status:   b("o", "open/done/all", "o"),
		Who:      b("w", "by person", "w"),
		More:     b("+", "more items", "+"),
		Help:     b("?", "help", "?"),
		Quit:     b("q", "quit", "q", "ctrl+c"),
	}
	k.More.SetEnabled(false) // until a cut list of action items has more
	return k
}

// ShortHelp is the one-line help for the current screen.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	switch m.screen {
	case screenMeeting:
		if m.meet.focusLog {
			return []key.Binding{k.Tab, k.Up, k.Down, k.Amend, k.Prev, k.Next, k.Back, k.Search, k.Quit}
		}
		return []key.Binding{k.Tab, k.NextItem, k.Open, k.Amend, k.Prev, k.Next, k.Back, k.Search, k.Quit}
	case screenSearch:
		return []key.Binding{k.Search, k.Open, k.Up, k.Down, k.Back, k.Quit}
	case screenActions:
		return []key.Binding{k.MarkDone, k.Reopen, k.Status, k.Who, k.More, k.Open, k.Meetings, k.Search, k.Quit}
	}
	return []key.Binding{k.Open, k.Filter, k.Search, k.Actions, k.Up, k.Down, k.Help, k.Quit}
}

// FullHelp is every key, in columns.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Open, k.Back, k.Tab, k.NextItem, k.PrevItem, k.Prev, k.Next, k.Amend},
		{k.Meetings, k.Filter, k.Search, k.Actions, k.MarkDone, k.Reopen, k.Status, k.Who, k.More},
		{k.Help, k.Quit},
	}
}
