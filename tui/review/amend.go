package review

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/gavel-irc/gavel/meeting"
)

// Amending from the meeting view: `e` on a selected item asks for its new
// text (or /void, /redact, /type T, /owners a,b), then for the reason; `e`
// on a log line asks only why it is to be redacted. The amendment goes
// through archive.Amend like `gavel amend`, and the meeting is opened
// again to show the regenerated minutes.

// amendedMsg is the result of an amendment.
type amendedMsg struct {
	am *meeting.Amendment
	// id is the meeting's id after the amendment: re-indexing may give it
	// a new one.
	id  int64
	err error
}

// startAmend opens the first prompt for the selected item, or the reason
// prompt for a redaction of the log line under the cursor.
func (m *Model) startAmend() tea.Cmd {
	p := &m.meet
	if p.m == nil {
		return nil
	}
	if p.focusLog {
		if p.logc.n == 0 {
			return nil
		}
		line := p.log[p.logc.cur].N
		m.pending = meeting.Amendment{Op: meeting.AmendRedact, Line: line}
		return m.prompt(inputWhy, fmt.Sprintf("redact line %d — why? ", line), "")
	}
	if p.item < 0 || p.item >= len(p.items) {
		m.status = "select an item first (n / N), or tab to the log to redact a line"
		return nil
	}
	it := p.items[p.item]
	m.pending = meeting.Amendment{Line: it.Line}
	return m.prompt(inputAmend, fmt.Sprintf("amend line %d (new text, or /void /redact /type T /owners a,b): ", it.Line), clean(it.Text))
}

// parseAmend reads what was typed at the first prompt into the pending
// amendment.
func parseAmend(am *meeting.Amendment, v string) error {
	if !strings.HasPrefix(v, "/") {
		am.Op, am.Text = meeting.AmendText, v
		return nil
	}
	word, arg, _ := strings.Cut(strings.TrimPrefix(v, "/"), " ")
	arg = strings.TrimSpace(arg)
	switch word {
	case "void":
		am.Op = meeting.AmendVoid
	case "redact":
		am.Op = meeting.AmendRedact
	case "type":
		am.Op, am.Type = meeting.AmendType, meeting.ParseItemType(arg)
	case "owners":
		// (append to nil: no owners stays nil, not an empty list)
		am.Op, am.Owners = meeting.AmendOwners, nil
		am.Owners = append(am.Owners, strings.FieldsFunc(arg, func(r rune) bool { return r == ',' || r == ' ' })...)
	default:
		return fmt.Errorf("unknown change /%s: new text, or /void, /redact, /type T, /owners a,b", word)
	}
	return nil
}

// amendEntered handles Enter at the two amendment prompts.
func (m *Model) amendEntered(mode inputMode, v string) tea.Cmd {
	if mode == inputAmend {
		if v == "" {
			m.err = "the new text is empty (type /void to strike the item)"
			return nil
		}
		if err := parseAmend(&m.pending, v); err != nil {
			m.err = err.Error()
			return nil
		}
		return m.prompt(inputWhy, fmt.Sprintf("line %d — why? ", m.pending.Line), "")
	}
	am := m.pending
	am.Why, am.By, am.At = v, m.opts.User, m.opts.Now().UTC()
	if err := am.Check(); err != nil {
		m.err = err.Error()
		return nil
	}
	a, mt := m.a, m.meet.m
	m.status = "amending…"
	return func() tea.Msg {
		done, err := a.Amend(bg, mt, am)
		if err != nil {
			return amendedMsg{err: err}
		}
		now, err := a.MeetingByBase(bg, mt.Base)
		if err != nil {
			return amendedMsg{err: err}
		}
		return amendedMsg{am: done, id: now.ID}
	}
}

// amended shows the result and reopens the meeting on the amended line.
func (m *Model) amended(msg amendedMsg) tea.Cmd {
	if msg.err != nil {
		m.err = msg.err.Error()
		m.status = ""
		return nil
	}
	m.err = ""
	m.status = fmt.Sprintf("line %d: %s by %s, kept in the trail (gavel history)", msg.am.Line, msg.am.Op, clean(msg.am.By))
	return m.openMeeting(msg.id, m.meet.focusLog, msg.am.Line)
}
