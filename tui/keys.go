package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every key the chair view knows. Meeting commands hang off one
// leader key (Ctrl-X, then a letter) so that typing in the channel never
// fires a command by accident; the same letters work without the leader
// when the channel pane has focus (Esc) or in a replay.
type KeyMap struct {
	Leader key.Binding

	Topic, Info, Idea, Action, Agreed, Link, Chair key.Binding
	StartVote, EndVote, Undo                       key.Binding
	StartMeeting, EndMeeting, NextAgenda           key.Binding
	Minutes, Help, Carry                           key.Binding
	// Panes swaps the channel for the chairs, votes, actions and topic
	// panes on a screen too narrow for both (enabled only there).
	Panes key.Binding

	Send, HistoryUp, HistoryDown, Complete key.Binding
	FocusChannel, FocusInput               key.Binding
	PageUp, PageDown, LineUp, LineDown     key.Binding
	Top, Bottom                            key.Binding

	Pause, Step, Faster, Slower key.Binding

	Yes, No, PasteAgenda, Back, Quit key.Binding
	// Close is q: quits from the channel pane, a replay or the minutes
	// (where typing is not going on).
	Close key.Binding
}

// DefaultKeyMap is gavel's key scheme.
func DefaultKeyMap() *KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return &KeyMap{
		Leader: b("^X", "meeting command…", "ctrl+x"),

		Topic:        b("t", "#topic", "t"),
		Info:         b("i", "#info", "i"),
		Idea:         b("d", "#idea", "d"),
		Action:       b("a", "#action", "a"),
		Agreed:       b("g", "#agreed", "g"),
		Link:         b("l", "#link", "l"),
		Chair:        b("c", "#chair", "c"),
		StartVote:    b("v", "#startvote", "v"),
		EndVote:      b("e", "#endvote", "e"),
		Undo:         b("u", "#undo", "u"),
		StartMeeting: b("s", "#startmeeting", "s"),
		EndMeeting:   b("x", "#endmeeting (asks)", "x"),
		NextAgenda:   b("n", "next agenda topic", "n"),
		Minutes:      b("m", "minutes preview", "m"),
		Carry:        b("o", "paste last meeting's open actions", "o"),
		Help:         b("?", "help", "?", "f1"),
		Panes:        b("f2", "votes/actions", "f2", "ctrl+p"),

		Send:        b("enter", "send", "enter"),
		HistoryUp:   b("↑", "history back", "up"),
		HistoryDown: b("↓", "history forward", "down"),
		Complete:    b("tab", "complete nick", "tab"),

		FocusChannel: b("esc", "focus channel", "esc"),
		FocusInput:   b("enter", "focus input", "enter"),
		PageUp:       b("pgup", "scroll up", "pgup", "ctrl+b"),
		PageDown:     b("pgdn", "scroll down", "pgdown", "ctrl+f"),
		LineUp:       b("k", "line up", "up", "k"),
		LineDown:     b("j", "line down", "down", "j"),
		Top:          b("home", "oldest", "home"),
		Bottom:       b("end", "newest", "end"),

		Pause:  b("space", "pause/resume", "space"),
		Step:   b("→", "next line now", "right"),
		Faster: b("+", "faster", "+", "="),
		Slower: b("-", "slower", "-"),

		Yes: b("y", "yes", "y", "Y"),
		No:  b("n", "no", "n", "N", "esc"),
		// after a multi-line paste: the lines become the agenda, not messages
		PasteAgenda: b("a", "use them as the agenda", "a", "A"),
		Back:        b("esc", "back", "esc", "m"),
		Quit:        b("^C", "quit", "ctrl+c", "ctrl+q"),
		Close:       b("q", "quit", "q"),
	}
}

// commandKeys are the meeting-command letters with the text they put in
// the input (prefill) or send at once (send).
func (k *KeyMap) commandKeys() []commandKey {
	return []commandKey{
		{k.Topic, "#topic ", false}, {k.Info, "#info ", false}, {k.Idea, "#idea ", false},
		{k.Action, "#action ", false}, {k.Agreed, "#agreed ", false}, {k.Link, "#link ", false},
		{k.Chair, "#chair ", false}, {k.StartVote, "#startvote ", false}, {k.StartMeeting, "#startmeeting ", false},
		{k.EndVote, "#endvote", false}, {k.Undo, "#undo", false},
	}
}

type commandKey struct {
	binding key.Binding
	text    string
	send    bool
}

// LeaderHints are the keys after the leader (Ctrl-X), for the status
// line while it waits for one.
func (k *KeyMap) LeaderHints() []key.Binding {
	var out []key.Binding
	for _, ck := range k.commandKeys() {
		out = append(out, ck.binding)
	}
	return append(out, k.EndMeeting, k.NextAgenda, k.Minutes, k.Carry)
}

// ChannelHints are the footer with the channel pane focused.
func (k *KeyMap) ChannelHints() []key.Binding {
	return append([]key.Binding{k.FocusInput, k.Close}, k.LeaderHints()...)
}

// ReplayHints are the footer of a replay or the demo.
func (k *KeyMap) ReplayHints() []key.Binding {
	return []key.Binding{k.Panes, k.Pause, k.Step, k.Faster, k.Minutes, k.Help, k.Close}
}

// hintLine writes bindings as "key desc · key desc", enabled ones only.
func hintLine(bs []key.Binding) string {
	var parts []string
	for _, b := range bs {
		if b.Enabled() {
			h := b.Help()
			parts = append(parts, h.Key+" "+h.Desc)
		}
	}
	return strings.Join(parts, " · ")
}

// ShortHelp is the footer line.
func (k *KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Leader, k.Panes, k.FocusChannel, k.PageUp, k.Help, k.Quit}
}

// FullHelp is the `?` screen, in columns.
func (k *KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Topic, k.Info, k.Idea, k.Action, k.Agreed, k.Link, k.Chair},
		{k.StartVote, k.EndVote, k.Undo, k.StartMeeting, k.EndMeeting, k.NextAgenda, k.Minutes, k.Carry},
		{k.Send, k.HistoryUp, k.HistoryDown, k.Complete, k.FocusChannel, k.FocusInput, k.Help, k.Panes},
		{k.PageUp, k.PageDown, k.LineUp, k.LineDown, k.Top, k.Bottom, k.Quit, k.Close},
		{k.Pause, k.Step, k.Faster, k.Slower},
	}
}
