package meeting

// Session folds one channel's lines into successive meetings: a log (or a
// live channel) can hold several #startmeeting … #endmeeting runs. Channel
// facts learned before or between meetings (topic, accounts) carry over.
type Session struct {
	cfg  Config
	cur  *Meeting
	done []*Meeting
}

// NewSession starts folding a channel.
func NewSession(cfg Config) *Session { return &Session{cfg: cfg, cur: New(cfg)} }

// Apply folds a line into the current meeting, starting a new one when a
// #startmeeting follows an ended meeting.
func (s *Session) Apply(l Line) []Effect {
	if s.cur.phase == ended {
		s.done = append(s.done, s.cur)
		next := New(s.cfg)
		next.chanTopic = s.cur.chanTopic
		for k, v := range s.cur.accounts {
			next.accounts[k] = v
		}
		s.cur = next
	}
	return s.cur.apply(&l)
}

// Current is the meeting lines go to now (possibly idle or ended).
func (s *Session) Current() *Meeting { return s.cur }

// Meetings lists every meeting that has started, oldest first.
func (s *Session) Meetings() []*Meeting {
	out := append([]*Meeting(nil), s.done...)
	if s.cur.phase != idle {
		out = append(out, s.cur)
	}
	return out
}
