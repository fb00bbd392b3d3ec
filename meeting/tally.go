package meeting

import "time"

// tally is the informal +1/0/-1 count of one question. Exactly one question
// is open while a meeting runs: it opens at #startmeeting, #topic,
// #startvote, a motion, any proposal, and right after every decision. A
// decision (#agreed, #accepted, #rejected) takes the open question's tally
// and a new, empty question opens, so a vote counts toward one decision
// only.
type tally struct {
	subject, nick string
	time          time.Time
	votes         map[string]string // folded nick -> "+1" | "0" | "-1"
	names         map[string]string // folded nick -> nick as last seen
	order         []string          // folded nicks, first vote first
	open          bool
}

// late is the decision that votes said just after it still count for:
// people +1 right after the chair has typed #agreed. It lasts TallyGrace
// after the decision, while the question opened by the decision is still
// the open one (openTally ends it) and nobody has voted on it.
type late struct {
	tally *tally
	at    time.Time
}

// openTally opens a new question. A topic or a proposal ends the late
// window of the last decision, since votes after it are about the new
// subject.
func (m *Meeting) openTally(l Line) {
	// maps come with the first vote: most proposals get none
	m.tally = &tally{subject: l.Text, nick: l.Nick, time: l.Time, open: true}
	m.late = nil
	m.shownVote = nil
}

// lateTally is the decided tally a vote at time t counts for, or nil when
// the vote goes to the open question.
func (m *Meeting) lateTally(t time.Time) *tally {
	w := m.late
	if w == nil || len(m.tally.votes) > 0 || t.Sub(w.at) > m.cfg.TallyGrace {
		return nil
	}
	return w.tally
}

func (m *Meeting) castInformal(l Line, vote string) {
	if t := m.lateTally(l.Time); t != nil {
		t.cast(l.Nick, vote)
	} else {
		m.tally.cast(l.Nick, vote)
		m.shownVote = nil
	}
	if m.vote != nil && m.vote.motion {
		m.castMotion(l, vote)
	}
}

func (t *tally) cast(nick, vote string) {
	if t.votes == nil {
		t.votes, t.names = map[string]string{}, map[string]string{}
	}
	k := FoldNick(nick)
	if _, seen := t.votes[k]; !seen {
		t.order = append(t.order, k)
	}
	t.votes[k] = vote
	t.names[k] = nick
}

// decide gives a decision the open question's tally, closes it and opens
// a new empty question; votes in the next TallyGrace still count for the
// decision (see late).
func (m *Meeting) decide(e *entry, l Line) {
	e.tally = m.closeQuestion(l)
	if e.tally.subject == "" { // the question a decision opened: name it for late votes
		e.tally.subject, e.tally.nick, e.tally.time = e.Text, l.Nick, l.Time
	}
	m.late = &late{tally: e.tally, at: l.Time}
}

// closeQuestion closes the open question, opens a new empty one and
// returns the closed one.
func (m *Meeting) closeQuestion(l Line) *tally {
	t := m.tally
	t.open = false
	m.openTally(Line{Time: l.Time})
	return t
}

// reopen undoes a decision's hold on a tally: when #undo removes the last
// decision and nothing has been said on the question it opened, its votes
// go back to being the open question, so the corrected decision gets them.
func (m *Meeting) reopen(e *entry) {
	if m.late == nil || m.late.tally != e.tally || len(m.tally.votes) > 0 {
		return
	}
	e.tally.open = true
	m.tally, m.late = e.tally, nil
}

func (t *tally) result() *TallyResult {
	if t == nil {
		return nil
	}
	r := &TallyResult{Subject: t.subject, Nick: t.nick, Time: t.time, Open: t.open,
		Voters: make(map[string]string, len(t.votes))}
	for _, k := range t.order {
		v, n := t.votes[k], t.names[k]
		r.Voters[n] = v
		r.VoterOrder = append(r.VoterOrder, n)
		switch v {
		case "+1":
			r.Plus++
		case "-1":
			r.Minus++
		default:
			r.Zero++
		}
	}
	return r
}

// decided is the tally a decision carries in the minutes: none when nobody
// voted, so no "+1: 0, 0: 0, -1: 0" is ever shown.
func (t *tally) decided() *TallyResult {
	if t == nil || len(t.votes) == 0 {
		return nil
	}
	return t.result()
}

// Tally returns the informal tally that votes said now would count
// towards: the last decision's during its late window, else the open
// question. Nil when that is a decision nobody voted on or the empty
// question a decision opened.
func (m *Meeting) Tally() *TallyResult {
	if m.phase != running {
		return nil
	}
	if t := m.lateTally(m.last); t != nil {
		return t.decided()
	}
	if t := m.tally; t != nil && (len(t.votes) > 0 || t.subject != "") {
		return t.result()
	}
	return nil
}
