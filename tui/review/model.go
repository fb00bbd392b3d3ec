package review

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/tui/palette"
)

// Options configure the review view.
type Options struct {
	Archive *archive.Archive
	// Dark is the background guess until the terminal answers.
	Dark bool
	// Update runs an incremental index update in the background at start
	// and reloads the list when it changed something.
	Update bool
	// User is who marks action items done.
	User string
	// Now is the clock for closings (time.Now when nil).
	Now func() time.Time
	// ReadOnly shows the archive without changing it (gavel serve): no
	// marking action items done, no index update. The keys that would
	// change something are disabled, so help does not offer them.
	ReadOnly bool
	// Plain draws without colour (NO_COLOR): bold and reverse remain.
	Plain bool
}

type screen uint8

const (
	screenList screen = iota
	screenSearch
	screenMeeting
	screenActions
)

type inputMode uint8

const (
	inputNone inputMode = iota
	inputFilter
	inputSearch
	inputWho
	inputAmend // an item's new text or change (amend.go)
	inputWhy   // the reason for an amendment
)

// Model is the root model.
type Model struct {
	opts   Options
	a      *archive.Archive
	w, h   int
	st     *Styles
	keys   *KeyMap
	help   help.Model
	full   bool
	screen screen
	back   screen // where esc goes from the meeting view

	mode  inputMode
	input textinput.Model

	list listPane
	srch searchPane
	meet meetPane
	acts actionsPane

	status  string
	err     string
	openSeq int
	pending meeting.Amendment // what the amendment prompts are building
}

// New builds the review model.
func New(opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := &Model{opts: opts, a: opts.Archive, keys: DefaultKeyMap(), help: help.New()}
	if opts.ReadOnly {
		m.opts.Update = false
		m.keys.MarkDone.SetEnabled(false)
		m.keys.Reopen.SetEnabled(false)
		m.keys.Amend.SetEnabled(false)
	}
	m.list.t = newListTable(m.keys)
	m.srch.t = newSearchTable(m.keys)
	m.acts.t = newActionsTable(m.keys)
	m.setDark(opts.Dark)
	m.input = textinput.New()
	m.input.CharLimit = 400
	m.input.SetStyles(m.st.Palette.TextInput()) // New's defaults are dark's colours
	m.meet.vp = viewport.New()
	m.meet.item = -1
	m.status = "loading meetings…"
	return m
}

func (m *Model) setDark(dark bool) {
	m.st = NewStyles(palette.For(dark, m.opts.Plain))
	m.help.Styles = m.st.Palette.Help()
	m.input.SetStyles(m.st.Palette.TextInput())
	// the lists' rows carry their colours: draw them again
	for _, t := range []*rowTable{&m.list.t, &m.srch.t, &m.acts.t} {
		t.setStyles(m.st)
	}
	m.list.set(m.st, m.list.rows, m.list.t.cursor())
	m.srch.set(m.st, m.srch.hits, m.srch.t.cursor())
	m.acts.set(m.st, m.acts.rows, m.acts.t.cursor())
}

// Init loads the meeting list and asks for the background colour.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.loadMeetings()}
	if m.opts.Update {
		cmds = append(cmds, m.updateIndex())
	}
	return tea.Batch(cmds...)
}
