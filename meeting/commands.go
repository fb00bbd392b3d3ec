package meeting

import (
	"fmt"
	"sort"
	"strings"
)

// call is one command invocation.
type call struct {
	line Line
	name string // as typed, lower-cased (an alias stays an alias)
	arg  string
}

// command is one row of the command table. chairOnly commands from anyone
// else are ignored silently, as MeetBot does.
type command struct {
	chairOnly bool
	// closesTally marks #agreed and friends: they take the open informal
	// tally instead of opening one, even when their text proposes.
	closesTally bool
	run         func(m *Meeting, c *call)
}

var commands map[string]command

func init() {
	item := func(t ItemType) func(*Meeting, *call) {
		return func(m *Meeting, c *call) { m.addItem(c.line, t, c.arg) }
	}
	decision := func(t ItemType) func(*Meeting, *call) {
		return func(m *Meeting, c *call) {
			e := m.addItem(c.line, t, c.arg)
			m.decide(e, c.line)
		}
	}
	commands = map[string]command{
		"startmeeting": {run: (*Meeting).cmdStartAgain},
		"endmeeting":   {chairOnly: true, run: func(m *Meeting, c *call) { m.end(c.line) }},
		"topic":        {chairOnly: true, run: (*Meeting).cmdTopic},
		"meetingtopic": {chairOnly: true, run: (*Meeting).cmdMeetingTopic},
		"meetingname":  {run: (*Meeting).cmdMeetingName},
		"chair":        {chairOnly: true, run: (*Meeting).cmdChair},
		"unchair":      {chairOnly: true, run: (*Meeting).cmdUnchair},
		"info":         {run: item(TypeInfo)},
		"idea":         {run: item(TypeIdea)},
		"action":       {run: item(TypeAction)},
		"link":         {run: item(TypeLink)},
		"help":         {run: item(TypeHelp)},
		"halp":         {run: item(TypeHelp)},
		"agreed":       {chairOnly: true, closesTally: true, run: decision(TypeAgreed)},
		"agree":        {chairOnly: true, closesTally: true, run: decision(TypeAgreed)},
		"accepted":     {chairOnly: true, closesTally: true, run: decision(TypeAccepted)},
		"accept":       {chairOnly: true, closesTally: true, run: decision(TypeAccepted)},
		"rejected":     {chairOnly: true, closesTally: true, run: decision(TypeRejected)},
		"reject":       {chairOnly: true, closesTally: true, run: decision(TypeRejected)},
		"nick":         {run: (*Meeting).cmdNick},
		"undo":         {chairOnly: true, run: (*Meeting).cmdUndo},
		"save":         {chairOnly: true, run: func(m *Meeting, _ *call) { m.emit(WriteFiles{}) }},
		"lurk":         {chairOnly: true, run: func(m *Meeting, _ *call) { m.lurking = true }},
		"unlurk":       {chairOnly: true, run: func(m *Meeting, _ *call) { m.lurking = false }},
		"restrictlogs": {chairOnly: true, run: (*Meeting).cmdRestrictLogs},
		"commands":     {run: (*Meeting).cmdCommands},
		// votes: OpenStack's #startvote family and meetingology's motions
		"startvote":     {run: (*Meeting).cmdStartVote},
		"vote":          {run: (*Meeting).cmdVote},
		"showvote":      {run: (*Meeting).cmdShowVote},
		"endvote":       {chairOnly: true, run: func(m *Meeting, c *call) { m.cmdEndVote(c) }},
		"voters":        {chairOnly: true, run: (*Meeting).cmdVoters},
		"votesrequired": {chairOnly: true, run: (*Meeting).cmdVotesRequired},
	}
}

// CommandNames lists every command gavel understands, sorted, with '#'.
func CommandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, "#"+n)
	}
	sort.Strings(names)
	return names
}

func (m *Meeting) cmdStartAgain(c *call) { m.say("Can't start another meeting, one is in progress.") }

func (m *Meeting) cmdTopic(c *call) {
	e := m.addItem(c.line, TypeTopic, c.arg)
	m.setTopic(m.channelTopic(e.Text))
	m.openTally(c.line)
}

func (m *Meeting) cmdMeetingTopic(c *call) {
	switch strings.ToLower(c.arg) {
	case "", "none", "unset":
		m.meetingTopic = ""
	default:
		m.meetingTopic = c.arg
	}
	if t, ok := m.CurrentTopic(); ok {
		m.setTopic(m.channelTopic(t.Text))
	}
}

func (m *Meeting) cmdMeetingName(c *call) { m.setName(c.arg) }

func (m *Meeting) cmdChair(c *call) {
	for _, n := range splitNicks(c.arg) {
		if m.findChair(n) < 0 {
			m.chairs = append(m.chairs, &chair{nick: n, account: m.accounts[FoldNick(n)]})
		}
		m.count(n, 0)
	}
	m.say("Current chairs: " + m.chairList())
}

func (m *Meeting) cmdUnchair(c *call) {
	for _, n := range splitNicks(c.arg) {
		if i := m.findChair(n); i >= 0 && !m.chairs[i].owner {
			m.chairs = append(m.chairs[:i], m.chairs[i+1:]...)
		}
	}
	m.say("Current chairs: " + m.chairList())
}

func (m *Meeting) findChair(nick string) int {
	f := FoldNick(nick)
	for i, c := range m.chairs {
		if FoldNick(c.nick) == f {
			return i
		}
	}
	return -1
}

func (m *Meeting) cmdNick(c *call) {
	for _, n := range splitNicks(c.arg) {
		m.count(n, 0)
	}
}

func (m *Meeting) cmdUndo(c *call) {
	if len(m.items) == 0 {
		return
	}
	e := m.items[len(m.items)-1]
	m.items = m.items[:len(m.items)-1]
	m.reopen(e)
	if e.vote == m.shownVote {
		m.shownVote = nil
	}
	it := e.snapshot()
	m.say("Removing item from minutes: " + it.String())
	m.emit(Removed{Item: it})
}

func (m *Meeting) cmdRestrictLogs(c *call) {
	m.restricted = true
	m.say("Restricting permissions on minutes: -077 on next #save")
}

func (m *Meeting) cmdCommands(c *call) {
	m.say("Available commands: " + strings.Join(CommandNames(), " "))
}

// String describes an item the way Fedora's #undo reply does:
// "INFO by carol at 10:00:07 : some info".
func (it Item) String() string {
	return fmt.Sprintf("%s by %s at %s : %s", it.Type, it.Nick, it.Time.UTC().Format("15:04:05"), it.Text)
}
