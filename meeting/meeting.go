package meeting

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Version is what the recorder reports in its end-of-meeting reply.
const Version = "gavel 0.1"

// DefaultInfoURL is the MeetBot information URL quoted in replies.
const DefaultInfoURL = "http://wiki.debian.org/MeetBot"

// Config describes where a meeting happens and who records it.
type Config struct {
	Channel string
	Network string
	// Name, when set, is the meeting name whatever #meetingname says (the
	// --name of `gavel minutes`). It is normalised as #meetingname is.
	Name string
	// BotNick is the recorder's own nick. Its lines are logged and counted,
	// as MeetBot counts its own, but never run as commands.
	BotNick string
	// InfoURL is quoted in the start and end replies.
	InfoURL string
	// TallyGrace is how long after a decision a vote still counts for it
	// (see late). Zero means 60 s.
	TallyGrace time.Duration
	// Flavour is the bot gavel behaves as (naming, replies, minutes
	// layout). The zero value is Darst's MeetBot.
	Flavour Flavour
	// Layout is the archive's file name pattern (MeetBot's
	// filenamePattern syntax, see minutes.ParseLayout), carried into the
	// minutes so their files link to each other; empty is zodbot's.
	Layout string
	// URLBase is where the archive is published, carried into the
	// minutes.
	URLBase string
	// ReadBack says the lines are a record read back (an import, a
	// minutes run), not a channel to answer: Apply returns no effects and
	// spends nothing making them. The meeting folds the same.
	ReadBack bool
}

type phase uint8

const (
	idle phase = iota
	running
	ended
)

// Meeting folds the lines of one channel into one meeting. Lines before
// #startmeeting only teach it the channel (topic, accounts); lines after
// #endmeeting are ignored. The zero value is not usable: call New.
type Meeting struct {
	cfg   Config
	phase phase

	owner  string
	chairs []*chair

	people   map[string]*person // by folded nick
	order    []*person          // first-seen order
	accounts map[string]string  // folded nick -> account

	items []*entry
	log   Log

	name, meetingTopic string
	logBot             string // the nick that answered #startmeeting with "Meeting started"
	chanTopic          string // channel topic as last seen
	oldTopic           string // channel topic when the meeting started
	haveOldTopic       bool
	lurking            bool
	restricted         bool
	started, ended     time.Time
	last               time.Time

	tally         *tally          // the open question
	late          *late           // the last decision, while it takes late votes
	voters        map[string]bool // #voters; nil means everyone
	votesRequired int
	vote          *formalVote
	shownVote     *formalVote // the vote #endvote just closed, until a new question
	effects       []Effect
	call          call // the command running (see Apply)
	lineNo        int
	gaps          []GapNote // see gap.go
}

type chair struct {
	nick, account string
	owner         bool
}

type person struct {
	nick  string
	lines int
}

// entry is a minutes item inside the engine; tally and vote stay live so a
// late vote still updates an agreed item during the grace period.
type entry struct {
	Item
	tally *tally
	vote  *formalVote
}

// New returns an idle meeting for a channel.
func New(cfg Config) *Meeting {
	if cfg.InfoURL == "" {
		cfg.InfoURL = DefaultInfoURL
	}
	if cfg.TallyGrace == 0 {
		cfg.TallyGrace = 60 * time.Second
	}
	return &Meeting{cfg: cfg, people: map[string]*person{}, accounts: map[string]string{}}
}

// Config returns the meeting's configuration.
func (m *Meeting) Config() Config { return m.cfg }

// Apply folds one line into the meeting and returns what the recorder
// should do about it. The returned slice is the caller's.
func (m *Meeting) Apply(l Line) []Effect { return m.apply(&l) }

// apply is Apply. The line goes by pointer from here on: a Line is 120
// bytes, and a long log's fold copied each several times over.
func (m *Meeting) apply(l *Line) []Effect {
	m.effects = nil
	if m.noteGap(l) {
		return nil
	}
	m.observe(l)
	switch m.phase {
	case idle:
		if l.Kind == Message && !m.isBot(l.Nick) {
			if name, arg, ok := parseCommand(l.Text, m.cfg.Channel); ok && name == "startmeeting" {
				m.logLine(l)
				m.start(*l, arg)
			}
		}
		return m.effects
	case ended:
		return nil
	}
	m.last = l.Time
	if !l.Said() {
		return m.effects
	}
	m.logLine(l)
	m.noteBotReply(l)
	if l.Kind != Message || m.isBot(l.Nick) {
		return m.effects
	}
	if name, arg, ok := parseCommand(l.Text, m.cfg.Channel); ok {
		if c, found := commands[name]; found {
			if !c.chairOnly || m.IsChair(l.Nick, l.Account) {
				// One call per meeting, reused: a command run through
				// the table would otherwise cost an allocation each.
				m.call = call{line: *l, name: name, arg: arg}
				c.run(m, &m.call)
			}
			if m.phase == ended {
				return m.effects
			}
			if !c.closesTally && name != "startvote" && mentionsProposal(l.Text) {
				m.openTally(*l)
			}
			return m.effects
		}
	}
	if v, ok := parseVoteLine(l.Text); ok {
		m.castInformal(*l, v)
		return m.effects
	}
	if startsWithURL(l.Text) {
		m.addItem(*l, TypeLink, l.Text)
	}
	if mentionsProposal(l.Text) {
		m.openTally(*l)
	}
	return m.effects
}

// observe learns channel facts from every line, in or out of a meeting.
func (m *Meeting) observe(l *Line) {
	if l.Account != "" && l.Nick != "" {
		m.accounts[FoldNick(l.Nick)] = l.Account
	}
	switch l.Kind {
	case NickChange:
		m.renameNick(l.Nick, l.Text)
	case TopicChange:
		m.chanTopic = l.Text
	case Join:
		if l.Account == "" {
			// whoever holds the nick now is not known to be logged in
			delete(m.accounts, FoldNick(l.Nick))
		}
	case Quit, Part:
		// a nick that left may come back as someone else
		delete(m.accounts, FoldNick(l.Nick))
	case Kick:
		delete(m.accounts, FoldNick(l.Text))
	}
}

func (m *Meeting) isBot(nick string) bool {
	return m.cfg.BotNick != "" && FoldNick(nick) == FoldNick(m.cfg.BotNick)
}

func (m *Meeting) logLine(l *Line) {
	m.log.append(l)
	m.countRecovered(l)
	m.lineNo = m.log.n
	m.count(l.Nick, 1)
}

// count adds lines said to a person, creating them (with 0) if new.
func (m *Meeting) count(nick string, n int) {
	k := FoldNick(nick)
	p := m.people[k]
	if p == nil {
		p = &person{nick: nick}
		m.people[k] = p
		m.order = append(m.order, p)
	}
	p.lines += n
}

func (m *Meeting) renameNick(from, to string) {
	if to == "" {
		return
	}
	f := FoldNick(from)
	for _, c := range m.chairs {
		if FoldNick(c.nick) == f {
			c.nick = to
		}
	}
	if FoldNick(m.owner) == f {
		m.owner = to
	}
	if a, ok := m.accounts[f]; ok {
		delete(m.accounts, f)
		m.accounts[FoldNick(to)] = a
	}
}

func (m *Meeting) start(l Line, topic string) {
	m.phase = running
	m.owner = l.Nick
	m.chairs = []*chair{{nick: l.Nick, account: m.accountOf(l), owner: true}}
	m.started, m.last = l.Time, l.Time
	m.meetingTopic = topic
	m.oldTopic, m.haveOldTopic = m.chanTopic, m.chanTopic != ""
	for _, s := range m.cfg.Flavour.startReplies(asctime(l.Time), l.Nick, m.cfg.InfoURL) {
		m.say(s)
	}
	if m.cfg.Flavour.NamesFromStart() {
		m.setName(topic)
	}
	m.openTally(l)
}

// setName is #meetingname: the flavour's normalisation, then the bot's
// reply. An argument that normalises to nothing changes nothing.
func (m *Meeting) setName(arg string) {
	n := m.cfg.Flavour.NormalizeName(arg)
	if n == "" {
		return
	}
	m.name = n
	m.say(nameReply(n))
}

// noteBotReply learns the meeting name from the recording bot's own reply
// "The meeting name has been set to 'x'" (an imported log, or a bot
// chaired beside): the bot applied its own rules, so its name is the one
// its files got. The recording bot is the nick that announced "Meeting
// started", first; nobody else's words rename the meeting.
func (m *Meeting) noteBotReply(l *Line) {
	if l.Kind != Message {
		return
	}
	if m.logBot == "" {
		if strings.HasPrefix(l.Text, "Meeting started ") {
			m.logBot = l.Nick
		}
		return
	}
	if FoldNick(l.Nick) != FoldNick(m.logBot) {
		return
	}
	if n, ok := parseNameReply(l.Text); ok {
		m.name = n
	}
}

// AccountOf is the services account the meeting knows nick to be logged in
// to ("" when unknown).
func (m *Meeting) AccountOf(nick string) string { return m.accounts[FoldNick(nick)] }

func (m *Meeting) accountOf(l Line) string {
	if l.Account != "" {
		return l.Account
	}
	return m.accounts[FoldNick(l.Nick)]
}

// asctime formats a time as Python's time.asctime, which MeetBot quotes.
func asctime(t time.Time) string { return t.UTC().Format("Mon Jan _2 15:04:05 2006") }

// IsChair reports whether a sender is a chair. A chair whose IRCv3
// account is known belongs to that account: the account chairs under any
// nick, and the chair's nick used by another account or by nobody logged
// in grants nothing. A chair without a known account (networks without
// accounts) is a nick, as in MeetBot; it is bound to the account of its
// first line that carries one.
func (m *Meeting) IsChair(nick, account string) bool {
	f := FoldNick(nick)
	for _, c := range m.chairs {
		if c.account != "" {
			if account != "" && strings.EqualFold(c.account, account) {
				return true
			}
			continue
		}
		if FoldNick(c.nick) == f {
			if account != "" {
				c.account = account // bind on first sight
			}
			return true
		}
	}
	return false
}

func (m *Meeting) say(s string) {
	if !m.lurking && !m.cfg.ReadBack {
		m.effects = append(m.effects, Say{Text: s})
	}
}

func (m *Meeting) setTopic(s string) {
	if !m.lurking && !m.cfg.ReadBack {
		m.effects = append(m.effects, SetTopic{Topic: s})
	}
}

func (m *Meeting) emit(e Effect) {
	if !m.cfg.ReadBack {
		m.effects = append(m.effects, e)
	}
}

func (m *Meeting) addItem(l Line, t ItemType, text string) *entry {
	e := &entry{Item: Item{Type: t, Text: text, Nick: l.Nick, Time: l.Time, Line: m.lineNo}}
	m.items = append(m.items, e)
	if !m.cfg.ReadBack { // the snapshot is a long import's most costly effect
		m.emit(Recorded{Item: e.snapshot()})
	}
	return e
}

func (m *Meeting) end(l Line) {
	if m.vote != nil {
		m.closeVote(l)
	}
	m.phase = ended
	m.ended = l.Time
	m.tally.open = false
	if m.haveOldTopic {
		m.setTopic(m.oldTopic)
	}
	m.say(fmt.Sprintf("Meeting ended %s UTC.  Information about MeetBot at %s . (v %s)",
		asctime(l.Time), m.cfg.InfoURL, Version))
	m.emit(WriteFiles{Final: true})
}

func (m *Meeting) chairList() string {
	names := make([]string, 0, len(m.chairs))
	for _, c := range m.chairs {
		names = append(names, c.nick)
	}
	sort.Strings(names)
	return strings.Join(names, " ")
}

// channelTopic is what MeetBot puts in the channel topic for a #topic.
func (m *Meeting) channelTopic(topic string) string {
	if m.meetingTopic != "" {
		return fmt.Sprintf("%s (Meeting topic: %s)", topic, m.meetingTopic)
	}
	return topic
}
