package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/plaintext"
	"github.com/gavel-irc/gavel/tui/palette"
)

// Sender is how the view speaks on IRC (ircconn's client in `gavel chair`).
// Its methods must not block; the model calls them only from tea.Cmds.
type Sender interface {
	Say(channel, text string)
	Action(channel, text string)
	SetTopic(channel, topic string)
	Nick(nick string)
}

// Messages that enter the model from outside: every IRC event comes in
// through these, on one path (Program.Send from the wiring).
type (
	// LineMsg is a channel line, already journaled by the recorder.
	LineMsg struct{ Line meeting.Line }
	// WrittenMsg reports minutes files written (or a failure).
	WrittenMsg struct {
		Paths []string
		Err   error
	}
	// RosterMsg lists who is in the channel now.
	RosterMsg struct{ Nicks []string }
	// StatusMsg shows a short message in the footer.
	StatusMsg string
	// SpeakerMsg says who speaks for the meeting when several gavels
	// record the channel ("me", "gavelbot (gavel bot)").
	SpeakerMsg string
	// JournalMsg is the journal's health: Trouble, while it cannot be
	// written, shows as a banner over the panes until a JournalMsg with
	// no Trouble (Status then goes to the footer).
	JournalMsg struct {
		Trouble string
		Status  string
	}
)

type clockMsg time.Time

type mode uint8

const (
	modeLive mode = iota
	modeMinutes
	modeHelp
	modeConfirmEnd
	modeConfirmQuit
	modeConfirmPaste
)

// Options configure the view.
type Options struct {
	Network, Channel, Nick string
	// Send is nil for a replay: the input line then only shows what the
	// chair typed.
	Send Sender
	// Agenda lists topics for the next-agenda-topic key.
	Agenda []string
	// Replay plays these lines instead of a live channel.
	Replay *Replay
	// Plain renders without colour (NO_COLOR).
	Plain bool
	// Dark is the initial background guess until the terminal answers.
	Dark bool
	// Clock gives the time for the elapsed counter of a live meeting.
	Clock func() time.Time
	// Carryover are the lines that bring the open action items of the
	// series' last meeting into this one (#info + #action lines); the
	// view offers them when the meeting starts.
	Carryover []string
	// LoadCarryover, when set, looks Carryover up (it reads the archive):
	// the view runs it as a command, so the first frame never waits for it.
	LoadCarryover func() []string
	// Style is the recorder's flavour, layout and URL base, so the view's
	// replica names the meeting and renders the minutes as the recorder
	// does (its other fields are ignored).
	Style meeting.Config
}

// Model is the root of the chair view: it owns the layout, the focus and a
// replica of the meeting folded from the same lines the recorder journals.
type Model struct {
	c    *Common
	opts Options

	session *meeting.Session
	present map[string]bool
	nicks   []string
	seen    map[string]bool

	channel channelPane
	chairs  chairsPane
	votes   votesPane
	actions actionsPane
	topic   topicPane
	input   inputPane
	minutes minutesPane
	help    help.Model

	w, h         int
	mode         mode
	focusChannel bool
	// narrow: below narrowWidth columns the side panes do not fit beside
	// the channel; showSide swaps them in, full width, for the channel.
	narrow, showSide bool
	leader           bool
	status           string
	conn             ConnMsg
	helpTop          int  // the help screen's first line shown
	connStatus       bool // the footer shows the connection's error
	speaker          string
	trouble          string // the journal banner (JournalMsg)
	now              time.Time
	agendaNext       int
	pasted           []string // a multi-line paste waiting for its answer (paste.go)
	ended            bool
	quitting         bool
	replay           *Replay
}

// New builds the view.
func New(o Options) *Model {
	c := &Common{Styles: NewStyles(palette.For(o.Dark, o.Plain)), Keys: DefaultKeyMap()}
	m := &Model{
		c: c, opts: o,
		session: meeting.NewSession(meeting.Config{Channel: o.Channel, Network: o.Network, BotNick: "",
			Flavour: o.Style.Flavour, Layout: o.Style.Layout, URLBase: o.Style.URLBase}),
		present: map[string]bool{}, seen: map[string]bool{},
		channel: channelPane{c: c, self: o.Nick, follow: true},
		chairs:  chairsPane{c: c}, votes: votesPane{c: c}, actions: actionsPane{c: c}, topic: topicPane{c: c},
		input: newInput(c), minutes: newMinutesPane(c), help: help.New(),
		replay: o.Replay,
	}
	m.help.Styles = c.Styles.Palette.Help()
	if o.Send == nil {
		m.input.readOnly = true
		m.focusChannel = true
		m.input.Blur()
		m.conn.State = ConnReplay
	}
	m.SetSize(80, 24)
	return m
}

// Meeting is the meeting the view shows now.
func (m *Model) Meeting() *meeting.Meeting { return m.session.Current() }

// Init asks the terminal for its background and starts the clock or the
// replay.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if m.replay != nil {
		cmds = append(cmds, m.replay.start())
	} else if m.opts.Clock != nil {
		cmds = append(cmds, m.tick())
	}
	if load := m.opts.LoadCarryover; load != nil {
		cmds = append(cmds, func() tea.Msg { return carryoverMsg(load()) })
	}
	return tea.Batch(cmds...)
}

func (m *Model) tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return clockMsg(t) })
}

// Update handles one message. It never does I/O: sending and rendering
// the minutes happen in the tea.Cmds it returns.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
		if m.mode == modeMinutes {
			return m, m.renderMinutes(m.ended)
		}
	case tea.BackgroundColorMsg:
		*m.c.Styles = *NewStyles(palette.For(msg.IsDark(), m.opts.Plain))
		m.help.Styles = m.c.Styles.Palette.Help()
		m.input.ti.SetStyles(m.c.Styles.Palette.TextInput())
		for _, e := range m.channel.entries {
			e.width = 0
		}
	case LineMsg:
		return m, m.apply(msg.Line)
	case WrittenMsg:
		if msg.Err != nil {
			m.status = "minutes NOT written: " + msg.Err.Error()
		} else {
			m.minutes.written = msg.Paths
			m.status = "minutes written: " + strings.Join(msg.Paths, " ")
		}
	case ConnMsg:
		m.setConn(msg)
	case RosterMsg:
		m.present = map[string]bool{}
		for _, n := range msg.Nicks {
			n = strings.TrimLeft(n, "~&@%+")
			m.present[meeting.FoldNick(n)] = true
			m.learn(n)
		}
	case SpeakerMsg:
		m.speaker = string(msg)
	case StatusMsg:
		m.status = string(msg)
	case JournalMsg:
		m.trouble = msg.Trouble
		if msg.Status != "" {
			m.status = msg.Status
		}
		m.SetSize(m.w, m.h)
	case tea.PasteMsg:
		if !m.input.readOnly && m.mode == modeLive {
			return m, m.paste(msg.Content)
		}
	case carryoverMsg:
		m.opts.Carryover = msg
		if m.Meeting().Running() && m.status == "" {
			m.offerCarryover() // the meeting started (or resumed) before the lookup ended
		}
	case clockMsg:
		m.now = time.Time(msg)
		return m, m.tick()
	case replayMsg:
		return m, m.replay.step(m, msg)
	case minutesRenderedMsg:
		if msg.width == m.w || msg.final {
			m.minutes.set(msg.text)
		}
	case tea.MouseWheelMsg:
		if m.mode == modeMinutes {
			var cmd tea.Cmd
			m.minutes.vp, cmd = m.minutes.vp.Update(msg)
			return m, cmd
		}
		if msg.Button == tea.MouseWheelUp {
			m.channel.scroll(3)
		} else if msg.Button == tea.MouseWheelDown {
			m.channel.scroll(-3)
		}
	case tea.KeyPressMsg:
		return m, m.key(msg)
	default:
		return m, m.input.Update(msg)
	}
	return m, nil
}

// apply folds a line into the replica meeting and the channel pane.
func (m *Model) apply(l meeting.Line) tea.Cmd {
	if l.Kind == meeting.AccountSeen {
		// a fact for the replica (chair rights), nothing anyone said
		m.session.Apply(l)
		return nil
	}
	e := m.channel.add(l)
	m.learn(l.Nick)
	switch l.Kind {
	case meeting.Join:
		m.present[meeting.FoldNick(l.Nick)] = true
	case meeting.Part, meeting.Quit:
		delete(m.present, meeting.FoldNick(l.Nick))
	case meeting.Kick:
		delete(m.present, meeting.FoldNick(l.Text))
	case meeting.NickChange:
		delete(m.present, meeting.FoldNick(l.Nick))
		m.present[meeting.FoldNick(l.Text)] = true
		m.learn(l.Text)
	case meeting.Message, meeting.Action:
		m.present[meeting.FoldNick(l.Nick)] = true
	}
	before := len(m.Meeting().Chairs())
	wasRunning := m.Meeting().Running()
	var cmd tea.Cmd
	for _, eff := range m.session.Apply(l) {
		switch eff := eff.(type) {
		case meeting.Recorded:
			m.channel.mark(e, eff.Item.Type)
		case meeting.WriteFiles:
			if eff.Final {
				m.ended = true
				m.mode = modeMinutes
				m.minutes.title = "Minutes"
				m.minutes.ready = false
				cmd = m.renderMinutes(true)
			}
		}
	}
	if len(m.Meeting().Chairs()) != before {
		m.SetSize(m.w, m.h)
	}
	if !wasRunning && m.Meeting().Running() {
		m.offerCarryover()
	}
	return cmd
}

// carryoverMsg brings the lines LoadCarryover found.
type carryoverMsg []string

// offerCarryover says in the footer that the last meeting's open action
// items can be pasted (when there are some and we can send).
func (m *Model) offerCarryover() {
	if n := len(m.opts.Carryover) - 1; n > 0 && m.opts.Send != nil {
		items := " open action items"
		if n == 1 {
			items = " open action item"
		}
		m.status = itoa(n) + items + " from the last meeting — ^X o pastes them"
	}
}

func (m *Model) learn(nick string) {
	if nick != "" && !m.seen[meeting.FoldNick(nick)] {
		m.seen[meeting.FoldNick(nick)] = true
		m.nicks = append(m.nicks, nick)
	}
}

func (m *Model) renderMinutes(final bool) tea.Cmd {
	return renderMinutes(m.Meeting().Minutes(), m.w, m.c.Styles.Dark, m.opts.Plain, final)
}

// key routes a key press: dialogs first, then the leader, then the
// focused pane.
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	keys := m.c.Keys
	switch m.mode {
	case modeConfirmPaste:
		return m.pasteKey(k)
	case modeConfirmEnd:
		m.mode = modeLive
		if key.Matches(k, keys.Yes) {
			return m.say("#endmeeting")
		}
		m.status = "the meeting goes on"
		return nil
	case modeConfirmQuit:
		if key.Matches(k, keys.Yes) {
			m.quitting = true
			return tea.Quit
		}
		m.mode = modeLive
		return nil
	case modeHelp:
		m.helpKey(func(b key.Binding) bool { return key.Matches(k, b) })
		return nil
	case modeMinutes:
		if key.Matches(k, keys.Back) {
			m.mode = modeLive
			return nil
		}
		if key.Matches(k, keys.Quit) || key.Matches(k, keys.Close) {
			return m.quit()
		}
		var cmd tea.Cmd
		m.minutes.vp, cmd = m.minutes.vp.Update(k)
		return cmd
	}
	if key.Matches(k, keys.Quit) {
		return m.quit()
	}
	if m.leader {
		m.leader = false
		m.status = ""
		return m.command(k)
	}
	switch {
	case key.Matches(k, keys.Leader):
		m.leader = true
		m.status = "^X: " + hintLine(keys.LeaderHints())
		return nil
	case key.Matches(k, keys.Panes) && m.narrow:
		m.showSide = !m.showSide
		return nil
	case key.Matches(k, keys.PageUp):
		m.channel.scroll(m.channel.h - 1)
		return nil
	case key.Matches(k, keys.PageDown):
		m.channel.scroll(-(m.channel.h - 1))
		return nil
	}
	if m.replay != nil {
		switch {
		case key.Matches(k, keys.Pause), key.Matches(k, keys.Step), key.Matches(k, keys.Faster), key.Matches(k, keys.Slower):
			return m.replay.key(m, k)
		}
	}
	if m.focusChannel {
		return m.channelKey(k)
	}
	return m.inputKey(k)
}

// command runs a meeting command letter (after the leader, or with the
// channel focused).
func (m *Model) command(k tea.KeyPressMsg) tea.Cmd {
	keys := m.c.Keys
	for _, ck := range keys.commandKeys() {
		if key.Matches(k, ck.binding) {
			if ck.send {
				return m.say(ck.text)
			}
			if m.input.readOnly {
				m.status = "replay: nothing is sent"
				return nil
			}
			m.input.SetValue(ck.text)
			m.focusChannel = false
			return m.input.Focus()
		}
	}
	switch {
	case key.Matches(k, keys.EndMeeting):
		if m.input.readOnly {
			m.status = "replay: nothing is sent"
			return nil
		}
		m.mode = modeConfirmEnd
	case key.Matches(k, keys.NextAgenda):
		if m.agendaNext >= len(m.opts.Agenda) {
			m.status = "no more agenda topics"
			return nil
		}
		t := m.opts.Agenda[m.agendaNext]
		m.agendaNext++
		return m.say("#topic " + t)
	case key.Matches(k, keys.Carry):
		if len(m.opts.Carryover) == 0 {
			m.status = "no open action items from the last meeting"
			return nil
		}
		lines := m.opts.Carryover
		m.opts.Carryover = nil
		m.status = "pasted " + itoa(len(lines)) + " lines from the last meeting"
		return m.send(func(s Sender) {
			for _, l := range lines {
				s.Say(m.opts.Channel, l)
			}
		})
	case key.Matches(k, keys.Minutes):
		m.mode = modeMinutes
		m.minutes.title = "Minutes so far"
		if m.ended {
			m.minutes.title = "Minutes"
		}
		m.minutes.ready = false
		return m.renderMinutes(m.ended)
	case key.Matches(k, keys.Help):
		m.mode = modeHelp
	}
	return nil
}

func (m *Model) channelKey(k tea.KeyPressMsg) tea.Cmd {
	keys := m.c.Keys
	switch {
	case key.Matches(k, keys.LineUp):
		m.channel.scroll(1)
	case key.Matches(k, keys.LineDown):
		m.channel.scroll(-1)
	case key.Matches(k, keys.Top):
		m.channel.toTop()
	case key.Matches(k, keys.Bottom):
		m.channel.toBottom()
	case key.Matches(k, keys.Close):
		return m.quit()
	case !m.input.readOnly && key.Matches(k, keys.FocusInput):
		m.focusChannel = false
		return m.input.Focus()
	default:
		return m.command(k)
	}
	return nil
}

func (m *Model) inputKey(k tea.KeyPressMsg) tea.Cmd {
	keys := m.c.Keys
	switch {
	case key.Matches(k, keys.FocusChannel):
		m.focusChannel = true
		m.input.Blur()
		return nil
	case key.Matches(k, keys.Send):
		return m.submit(m.input.take())
	case key.Matches(k, keys.HistoryUp):
		m.input.historyUp()
		return nil
	case key.Matches(k, keys.HistoryDown):
		m.input.historyDown()
		return nil
	case key.Matches(k, keys.Complete):
		m.input.complete(m.nicks)
		return nil
	case key.Matches(k, keys.Help) && m.input.Value() == "":
		m.mode = modeHelp
		return nil
	}
	return m.input.Update(k)
}

// submit sends what the chair typed, IRC-client style.
func (m *Model) submit(text string) tea.Cmd {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if strings.HasPrefix(text, "/") && !strings.HasPrefix(text, "//") {
		cmd, arg, _ := strings.Cut(text[1:], " ")
		switch strings.ToLower(cmd) {
		case "me":
			return m.send(func(s Sender) { s.Action(m.opts.Channel, arg) })
		case "nick":
			return m.send(func(s Sender) { s.Nick(strings.TrimSpace(arg)) })
		case "topic":
			return m.send(func(s Sender) { s.SetTopic(m.opts.Channel, arg) })
		case "quit", "exit":
			return m.quit()
		case "help":
			m.mode = modeHelp
			return nil
		}
		m.status = "unknown command /" + cmd + " (known: /me /nick /topic /quit /help)"
		return nil
	}
	return m.say(strings.TrimPrefix(text, "/"))
}

func (m *Model) say(text string) tea.Cmd {
	return m.send(func(s Sender) { s.Say(m.opts.Channel, text) })
}

// send runs an IRC send in a tea.Cmd, off the Update path.
func (m *Model) send(f func(Sender)) tea.Cmd {
	s := m.opts.Send
	if s == nil {
		m.status = "replay: nothing is sent"
		return nil
	}
	return func() tea.Msg {
		f(s)
		return nil
	}
}

func (m *Model) quit() tea.Cmd {
	if m.opts.Send != nil && m.Meeting().Running() {
		m.mode = modeConfirmQuit
		return nil
	}
	m.quitting = true
	return tea.Quit
}

// agendaLines splits pasted text into topics: one per non-empty line, list
// bullets and numbers dropped.
func agendaLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimLeft(strings.TrimSpace(l), "-*• ")
		if i := strings.IndexAny(l, ".)"); i > 0 && i < 4 && strings.Trim(l[:i], "0123456789") == "" {
			l = strings.TrimSpace(l[i+1:])
		}
		if l != "" {
			out = append(out, plaintext.Plain(l))
		}
	}
	return out
}
