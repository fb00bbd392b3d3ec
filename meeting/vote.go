package meeting

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// formalVote is an OpenStack-style #startvote with options, or a
// meetingology-style motion (#vote <motion>, then +1/-1/0).
type formalVote struct {
	motion   bool
	question string
	options  []string
	votes    map[string]string // folded nick -> option
	names    map[string]string
	order    []string
	required int
	nick     string
	line     Line
	lineNo   int
	outcome  string
	closed   bool
}

func newVote(l Line, lineNo int, question string, options []string, motion bool) *formalVote {
	return &formalVote{motion: motion, question: question, options: options, nick: l.Nick, line: l,
		lineNo: lineNo, votes: map[string]string{}, names: map[string]string{}}
}

// voteChoices parses "Question? a, b, c" as OpenStack does: the question
// runs to the last '?', options are split on anything but word characters,
// '+' and '-', and no options means Yes/No.
func voteChoices(arg string) (question string, options []string, ok bool) {
	i := strings.LastIndexByte(arg, '?')
	if i < 0 {
		return "", nil, false
	}
	question = strings.TrimSpace(arg[:i])
	seen := map[string]bool{}
	for _, o := range strings.FieldsFunc(arg[i+1:], func(r rune) bool {
		return !(r == '_' || r == '+' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r))
	}) {
		if !seen[strings.ToLower(o)] {
			seen[strings.ToLower(o)] = true
			options = append(options, o)
		}
	}
	if len(options) == 0 {
		options = []string{"Yes", "No"}
	}
	return question, options, question != ""
}

func (m *Meeting) cmdStartVote(c *call) {
	if !m.IsChair(c.line.Nick, c.line.Account) {
		m.say("Only the meeting chair may start a vote.")
		return
	}
	if m.vote != nil {
		m.say(fmt.Sprintf("Already voting on '%s'", m.vote.question))
		return
	}
	q, opts, ok := voteChoices(c.arg)
	if !ok {
		m.say("Unable to parse vote topic and options.")
		return
	}
	m.vote = newVote(c.line, m.lineNo, q, opts, false)
	m.vote.required = m.votesRequired
	m.say(fmt.Sprintf("Begin voting on: %s? Valid vote options are %s.", q, strings.Join(opts, ", ")))
	m.say("Vote using '#vote OPTION'. Only your last vote counts.")
	m.openTally(Line{Time: c.line.Time, Nick: c.line.Nick, Text: q + "?"})
}

func (m *Meeting) cmdVote(c *call) {
	v := m.vote
	switch {
	case v != nil && !v.motion:
		for _, o := range v.options {
			if strings.EqualFold(o, c.arg) {
				v.cast(c.line.Nick, o)
				return
			}
		}
		m.say(fmt.Sprintf("%s: %s is not a valid option. Valid options are %s.",
			c.line.Nick, c.arg, strings.Join(v.options, ", ")))
	case v != nil:
		if vote, ok := parseVoteLine(c.arg); ok {
			m.castMotion(c.line, vote)
		} else if m.IsChair(c.line.Nick, c.line.Account) {
			m.say("Voting still open on: " + v.question)
		}
	case c.arg != "" && m.IsChair(c.line.Nick, c.line.Account):
		m.vote = newVote(c.line, m.lineNo, c.arg, []string{"+1", "-1", "0"}, true)
		m.vote.required = m.votesRequired
		m.say("Please vote on: " + c.arg)
		m.say("Public votes can be registered by saying +1, -1 or +0 in channel")
		m.openTally(Line{Time: c.line.Time, Nick: c.line.Nick, Text: c.arg})
	}
}

func (m *Meeting) castMotion(l Line, vote string) {
	if m.voters != nil && !m.voters[FoldNick(l.Nick)] {
		return
	}
	m.vote.cast(l.Nick, vote)
	m.say(fmt.Sprintf("%s received from %s", vote, l.Nick))
}

func (v *formalVote) cast(nick, option string) {
	k := FoldNick(nick)
	if _, seen := v.votes[k]; !seen {
		v.order = append(v.order, k)
	}
	v.votes[k] = option
	v.names[k] = nick
}

func (v *formalVote) counts() []OptionCount {
	out := make([]OptionCount, len(v.options))
	for i, o := range v.options {
		out[i].Option = o
	}
	for _, k := range v.order {
		for i := range out {
			if out[i].Option == v.votes[k] {
				out[i].Count++
			}
		}
	}
	return out
}

// votersFor lists who voted for an option, in first-vote order.
func (v *formalVote) votersFor(option string) []string {
	var out []string
	for _, k := range v.order {
		if v.votes[k] == option {
			out = append(out, v.names[k])
		}
	}
	return out
}

func (m *Meeting) cmdShowVote(c *call) {
	if m.vote == nil {
		return
	}
	for _, s := range m.vote.summary() {
		m.say(s)
	}
}

// summary is the reply lines for #showvote and #endvote.
func (v *formalVote) summary() []string {
	if v.motion {
		f, a, z := v.motionCounts()
		return []string{fmt.Sprintf("Votes for: %d, Votes against: %d, Abstentions: %d", f, a, z)}
	}
	var out []string
	for _, oc := range v.counts() {
		if oc.Count > 0 {
			out = append(out, fmt.Sprintf("%s (%d): %s", oc.Option, oc.Count, strings.Join(v.votersFor(oc.Option), ", ")))
		}
	}
	if len(out) == 0 {
		out = append(out, "No votes yet.")
	}
	return out
}

func (v *formalVote) motionCounts() (yes, no, abstain int) {
	for _, oc := range v.counts() {
		switch oc.Option {
		case "+1":
			yes = oc.Count
		case "-1":
			no = oc.Count
		default:
			abstain = oc.Count
		}
	}
	return
}

func (m *Meeting) cmdEndVote(c *call) {
	if m.vote != nil {
		m.closeVote(c.line)
	}
}

// closeVote announces the result and records it as a VOTE item.
func (m *Meeting) closeVote(l Line) {
	v := m.vote
	m.vote = nil
	v.closed = true
	var text string
	if v.motion {
		yes, no, _ := v.motionCounts()
		need := max(v.required, 1)
		v.outcome = "Denied"
		if yes-no >= need {
			v.outcome = "Carried"
		}
		m.say("Voting ended on: " + v.question)
		m.say(v.summary()[0])
		m.say("Motion " + strings.ToLower(v.outcome))
		text = fmt.Sprintf("%s (%s)", v.question, v.outcome)
	} else {
		v.outcome = v.optionOutcome()
		m.say(fmt.Sprintf("Voted on \"%s?\" Results are", v.question))
		for _, s := range v.summary() {
			m.say(s)
		}
		parts := []string{}
		for _, oc := range v.counts() {
			parts = append(parts, fmt.Sprintf("%s: %d", oc.Option, oc.Count))
		}
		text = fmt.Sprintf("Voted on \"%s?\" Results are, %s", v.question, strings.Join(parts, ", "))
	}
	e := m.addItem(l, TypeVote, text)
	e.vote = v
	// the vote's informal tally is done with: votes after it are about
	// something new, and the Votes pane shows the result until then
	m.closeQuestion(l)
	m.shownVote = v
}

func (v *formalVote) optionOutcome() string {
	best, top := 0, []string{}
	for _, oc := range v.counts() {
		switch {
		case oc.Count > best:
			best, top = oc.Count, []string{oc.Option}
		case oc.Count == best && best > 0:
			top = append(top, oc.Option)
		}
	}
	switch {
	case best == 0:
		return "No votes"
	case len(top) > 1:
		return "Tied: " + strings.Join(top, ", ")
	}
	return top[0]
}

func (m *Meeting) cmdVoters(c *call) {
	names := splitNicks(c.arg)
	if len(names) == 0 {
		return
	}
	if len(names) == 1 && strings.EqualFold(names[0], "everyone") {
		m.voters = nil
		m.say("Current voters: everyone")
		return
	}
	m.voters = map[string]bool{}
	for _, n := range names {
		m.voters[FoldNick(n)] = true
	}
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	m.say("Current voters: " + strings.Join(sorted, ", "))
}

func (m *Meeting) cmdVotesRequired(c *call) {
	n, err := strconv.Atoi(strings.TrimSpace(c.arg))
	if err != nil || n < 0 {
		return
	}
	m.votesRequired = n
	if m.vote != nil {
		m.vote.required = n
	}
	m.say(fmt.Sprintf("Votes now need %d to be passed", n))
}

func (v *formalVote) result() *Vote {
	if v == nil {
		return nil
	}
	out := &Vote{Question: v.question, Options: append([]string(nil), v.options...), Results: v.counts(),
		Voters: make(map[string]string, len(v.votes)), Outcome: v.outcome, Nick: v.nick,
		Time: v.line.Time, Line: v.lineNo, Closed: v.closed}
	for k, o := range v.votes {
		out.Voters[v.names[k]] = o
	}
	return out
}

// Vote returns the formal vote in progress, else the one #endvote just
// closed (Closed, with its Outcome) until a new question opens, or nil.
func (m *Meeting) Vote() *Vote {
	if m.vote != nil {
		return m.vote.result()
	}
	return m.shownVote.result()
}
