package meeting

import "time"

// tally is an informal +1/0/-1 count. One is open at a time; it opens at
// #startmeeting, #topic, #startvote, a motion and any proposal, and closes
// when a decision (#agreed, #accepted, #rejected) takes it. A closed tally
// still takes votes for a grace period, because people +1 right after the
// chair has typed #agreed.
type tally struct {
	subject, nick string
	time          time.Time
	votes         map[string]string // folded nick -> "+1" | "0" | "-1"
	names         map[string]string // folded nick -> nick as last seen
	order         []string          // folded nicks, first vote first
	open          bool
	closedAt      time.Time
}

func (m *Meeting) openTally(l Line) {
	// maps come with the first vote: most proposals get none
	m.tally = &tally{subject: l.Text, nick: l.Nick, time: l.Time, open: true}
}

// liveTally returns the tally that a vote at time t counts towards, if any.
func (m *Meeting) liveTally(t time.Time) *tally {
	if m.tally == nil {
		return nil
	}
	if m.tally.open || t.Sub(m.tally.closedAt) <= m.cfg.TallyGrace {
		return m.tally
	}
	return nil
}

func (m *Meeting) closeTally(t time.Time) {
	if m.tally != nil && m.tally.open {
		m.tally.open = false
		m.tally.closedAt = t
	}
}

func (m *Meeting) castInformal(l Line, vote string) {
	t := m.liveTally(l.Time)
	if t == nil {
		m.openTally(Line{Time: l.Time})
		t = m.tally
	}
	t.cast(l.Nick, vote)
	if m.vote != nil && m.vote.motion {
		m.castMotion(l, vote)
	}
}

func (t *tally) cast(nick, vote string) {
	if t.votes == nil {
		t.votes, t.names = map[string]string{}, map[string]string{}
	}
	k := foldNick(nick)
	if _, seen := t.votes[k]; !seen {
		t.order = append(t.order, k)
	}
	t.votes[k] = vote
	t.names[k] = nick
}

// attachTally gives a decision the live tally (a fresh, empty one when none
// is live) and closes it.
func (m *Meeting) attachTally(e *entry, l Line) {
	if m.liveTally(l.Time) == nil {
		m.openTally(Line{Time: l.Time, Nick: l.Nick, Text: e.Text})
	}
	e.tally = m.tally
	m.closeTally(l.Time)
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

// Tally returns the informal tally that votes said now would count towards:
// the open one, or the one closed less than the grace period before the
// last line. Nil when there is none.
func (m *Meeting) Tally() *TallyResult {
	if m.phase != running {
		return nil
	}
	return m.liveTally(m.last).result()
}
