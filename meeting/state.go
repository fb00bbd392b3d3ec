package meeting

import (
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

func (e *entry) snapshot() Item {
	it := e.Item
	it.Tally = e.tally.decided()
	it.Vote = e.vote.result()
	return it
}

// Running reports whether a meeting is in progress.
func (m *Meeting) Running() bool { return m.phase == running }

// Ended reports whether #endmeeting has been seen.
func (m *Meeting) Ended() bool { return m.phase == ended }

// Started is the time of #startmeeting (zero before it).
func (m *Meeting) Started() time.Time { return m.started }

// LastTime is the time of the last line folded into the meeting.
func (m *Meeting) LastTime() time.Time { return m.last }

// Owner is who started the meeting.
func (m *Meeting) Owner() string { return m.owner }

// Lurking reports whether #lurk has silenced the recorder.
func (m *Meeting) Lurking() bool { return m.lurking }

// ChannelTopic is the channel topic as last seen.
func (m *Meeting) ChannelTopic() string { return m.chanTopic }

// MeetingTopic is the #startmeeting / #meetingtopic text.
func (m *Meeting) MeetingTopic() string { return m.meetingTopic }

// Name is the meeting name for file names: Config.Name, else the last
// #meetingname (or, in zodbot and OpenStack, the #startmeeting argument,
// or the recording bot's "The meeting name has been set to" reply in a
// log), else the channel without its '#'.
func (m *Meeting) Name() string {
	if n := m.cfg.Flavour.NormalizeName(m.cfg.Name); n != "" {
		return n
	}
	if m.name != "" {
		return m.name
	}
	// MeetBot names files after the channel as it is, whatever its
	// #meetingname rules (OpenStack's "openstack-meeting" keeps its '-').
	return FlavourDarst.NormalizeName(strings.TrimLeft(m.cfg.Channel, "#&"))
}

// Chairs lists the chairs, owner included, sorted as MeetBot sorts them.
func (m *Meeting) Chairs() []string {
	out := make([]string, 0, len(m.chairs))
	for _, c := range m.chairs {
		out = append(out, c.nick)
	}
	sort.Strings(out)
	return out
}

// CurrentTopic is the latest #topic still in the minutes.
func (m *Meeting) CurrentTopic() (Item, bool) {
	for i := len(m.items) - 1; i >= 0; i-- {
		if m.items[i].Type == TypeTopic {
			return m.items[i].snapshot(), true
		}
	}
	return Item{}, false
}

// TopicItems lists the items recorded since the current topic began (all
// items when there is no topic yet).
func (m *Meeting) TopicItems() []Item {
	start := 0
	for i := len(m.items) - 1; i >= 0; i-- {
		if m.items[i].Type == TypeTopic {
			start = i + 1
			break
		}
	}
	out := make([]Item, 0, len(m.items)-start)
	for _, e := range m.items[start:] {
		out = append(out, e.snapshot())
	}
	return out
}

// Items lists every minutes item, topics included, in order.
func (m *Meeting) Items() []Item {
	out := make([]Item, 0, len(m.items))
	for _, e := range m.items {
		out = append(out, e.snapshot())
	}
	return out
}

// Log is a snapshot of the meeting log so far.
func (m *Meeting) Log() Log { return m.log }

// People lists who is present with their lines said: most lines first,
// ties in first-seen order.
func (m *Meeting) People() []Person {
	out := make([]Person, len(m.order))
	for i, p := range m.order {
		out[i] = Person{Nick: p.nick, Lines: p.lines}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Lines > out[j].Lines })
	return out
}

// Actions lists the action items with their owners, attributed against
// everyone present now.
func (m *Meeting) Actions() []ActionItem {
	owners := newOwnerFinder(m.attendeeNicks())
	var out []ActionItem
	for _, e := range m.items {
		if e.Type == TypeAction {
			out = append(out, e.actionItem(owners.of(e.Text)))
		}
	}
	return out
}

// actionItem is an #action entry as the action list shows it.
func (e *entry) actionItem(owners []string) ActionItem {
	return ActionItem{Text: e.Text, Nick: e.Nick, Time: e.Time, Line: e.Line, Owners: owners}
}

// attendeeNicks are the candidates for action owners, sorted by lower-case
// nick as MeetBot sorts them.
func (m *Meeting) attendeeNicks() []string {
	out := make([]string, 0, len(m.order))
	for _, p := range m.order {
		out = append(out, p.nick)
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
	return out
}

// Owners returns the nicks an action text names: a case-insensitive match
// of the whole nick, bounded by characters that cannot be part of a nick.
// Unlike MeetBot's \b regexp this credits nicks such as "x[m]" and
// non-ASCII nicks, and still does not credit "alice" for "alice_".
func Owners(text string, nicks []string) []string { return newOwnerFinder(nicks).of(text) }

// ownerFinder is Owners for many texts against one list of nicks, each
// nick lower-cased once.
type ownerFinder struct{ nicks, lower []string }

func newOwnerFinder(nicks []string) ownerFinder {
	f := ownerFinder{nicks: nicks, lower: make([]string, len(nicks))}
	for i, n := range nicks {
		f.lower[i] = strings.ToLower(n)
	}
	return f
}

func (f ownerFinder) of(text string) []string {
	lower := strings.ToLower(text)
	var out []string
	for i, n := range f.nicks {
		if n != "" && mentions(lower, f.lower[i]) {
			out = append(out, n)
		}
	}
	return out
}

func mentions(text, nick string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], nick)
		if i < 0 {
			return false
		}
		i += from
		j := i + len(nick)
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[j:])
		if (i == 0 || !isNickRune(before)) && (j == len(text) || !isNickRune(after)) {
			return true
		}
		from = i + 1
	}
}

// LogMinutes is the part of Minutes that the logs are rendered from —
// where and when the meeting was, who spoke, its gaps and its log — with
// no items (and no chairs). It is cheap to take, where gathering the items
// of a long meeting is not: the logs, the largest files, start rendering
// while Minutes runs (see store.RenderOptions.Full).
func (m *Meeting) LogMinutes() *Minutes {
	end := m.last
	if m.phase == ended {
		end = m.ended
	}
	return &Minutes{
		Channel: m.cfg.Channel, Network: m.cfg.Network, Name: m.Name(), MeetingTopic: m.meetingTopic,
		Owner: m.owner, Started: m.started, Ended: &end, Finished: m.phase == ended, Restricted: m.restricted,
		Prologue: []Item{}, Topics: []Topic{}, Actions: []ActionItem{},
		Votes: []Vote{}, People: m.People(), Log: m.log, Flavour: m.cfg.Flavour, Layout: m.cfg.Layout, URLBase: m.cfg.URLBase,
		Gaps: m.Gaps(),
	}
}

// Minutes is a snapshot of the meeting for renderers. Before #endmeeting it
// describes the meeting so far, marked unfinished.
func (m *Meeting) Minutes() *Minutes {
	min := m.LogMinutes()
	min.Chairs = m.Chairs()
	owners := newOwnerFinder(m.attendeeNicks())
	// Sizes first: one array holds every item, and the prologue and each
	// topic are windows of it (a long meeting has thousands).
	nTopics, nActions := 0, 0
	for _, e := range m.items {
		switch e.Type {
		case TypeTopic:
			nTopics++
		case TypeAction:
			nActions++
		}
	}
	min.Topics = make([]Topic, 0, nTopics)
	min.Actions = make([]ActionItem, 0, nActions)
	items := make([]Item, 0, len(m.items)-nTopics)
	start := 0 // where the prologue's or the current topic's items begin
	closeSection := func() {
		window := items[start:len(items):len(items)] // clipped: appends never spill into the next
		if n := len(min.Topics); n > 0 {
			min.Topics[n-1].Items = window
		} else {
			min.Prologue = window
		}
		start = len(items)
	}
	for _, e := range m.items {
		it := e.snapshot()
		if it.Vote != nil { // from the items, so an undone vote leaves the Votes section too
			min.Votes = append(min.Votes, *it.Vote)
		}
		if it.Type == TypeAction {
			// The owners are found once, for the item and the action list
			// (as Actions lists them).
			// (clipped: an append to one copy never shows in the other)
			it.Owners = slices.Clip(owners.of(it.Text))
			min.Actions = append(min.Actions, e.actionItem(it.Owners))
		}
		if it.Type == TypeTopic {
			closeSection()
			min.Topics = append(min.Topics, Topic{Title: it.Text, Nick: it.Nick, Time: it.Time, Line: it.Line})
			continue
		}
		items = append(items, it)
	}
	closeSection()
	if m.vote != nil {
		min.Votes = append(min.Votes, *m.vote.result())
	}
	return min
}
