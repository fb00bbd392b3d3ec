package recorder

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/journal"
)

// How the recorder handles the time it did not have the channel (see
// meeting.GapNote for how the fold and the minutes show it):
//
//   - Every time we have the channel again (our JOIN, after a start with a
//     non-empty journal or after a lost connection) a Gap record is
//     journaled: from when we last had the channel (the last journaled line,
//     or the moment the connection was lost if later) to the JOIN.
//   - Lines the server replays (ircconn marks them Recovered: a chathistory
//     batch, bouncer playback older than our JOIN, a CHATHISTORY answer) are
//     journaled only when they are new: not the same msgid as a recent line,
//     not the same second+nick+text as one (for lines without msgid), and
//     not older than the last line said before the gap (older ones are
//     either in the journal already or predate it). Kept ones are journaled
//     marked Recovered, in the server's order, and folded like live lines —
//     a missed #topic or #endmeeting applies, in time order — but their
//     replies and topic changes are not sent (they would be late and out of
//     place); minutes are still written.
//   - A replayed line we already had, or an older one, proves the server's
//     history overlaps ours: every line said in the gap was replayed. Then
//     a GapFilled record is journaled once, and the minutes say "recovered N
//     lines" instead of "lines said then may be missing".
//   - History outside any gap (a first start on an empty journal) is not
//     ours to record: it is dropped.

// seenWindow is how many recent lines the dedup index remembers. A server
// replays at most its history length (100 lines on the test network), all
// newer than the last line said before the gap.
const seenWindow = 4096

type seenKey struct {
	sec        int64
	nick, text string
}

// seen indexes recent journaled lines by msgid and by second+nick+text.
// Counts, not sets: one person can say the same thing twice in a second.
type seen struct {
	ring     []meeting.Line
	next     int
	ids      map[string]int
	keys     map[seenKey]int // every line
	keysNoID map[seenKey]int // lines journaled without a msgid
	used     map[seenKey]int // matches used up by the current replay
}

func newSeen() *seen {
	return &seen{ids: map[string]int{}, keys: map[seenKey]int{}, keysNoID: map[seenKey]int{}, used: map[seenKey]int{}}
}

func keyOf(l meeting.Line) seenKey { return seenKey{l.Time.Unix(), l.Nick, l.Text} }

func said(l meeting.Line) bool { return l.Said() || l.Kind == meeting.Notice }

func (s *seen) add(l meeting.Line) {
	if !said(l) {
		return
	}
	if len(s.ring) < seenWindow {
		s.ring = append(s.ring, l)
	} else {
		s.forget(s.ring[s.next])
		s.ring[s.next] = l
		s.next = (s.next + 1) % seenWindow
	}
	k := keyOf(l)
	s.keys[k]++
	if l.MsgID != "" {
		s.ids[l.MsgID]++
	} else {
		s.keysNoID[k]++
	}
}

func (s *seen) forget(l meeting.Line) {
	dec := func(m map[seenKey]int, k seenKey) {
		if m[k]--; m[k] <= 0 {
			delete(m, k)
		}
	}
	k := keyOf(l)
	dec(s.keys, k)
	if l.MsgID != "" {
		if s.ids[l.MsgID]--; s.ids[l.MsgID] <= 0 {
			delete(s.ids, l.MsgID)
		}
	} else {
		dec(s.keysNoID, k)
	}
}

// dup reports whether a replayed line is one we already have. A msgid
// decides when both sides have one; otherwise second+nick+text, each
// recorded line matching at most one replayed line per replay. Our own
// lines without echo-message were stamped by our clock when sent, the
// replay by the server's: for them the neighbouring seconds match too.
func (s *seen) dup(l meeting.Line, own bool) bool {
	if l.MsgID != "" && s.ids[l.MsgID] > 0 {
		return true
	}
	pool := s.keys
	if l.MsgID != "" {
		pool = s.keysNoID
	}
	k := keyOf(l)
	try := []int64{k.sec}
	if own {
		try = append(try, k.sec-1, k.sec+1)
	}
	for _, sec := range try {
		k.sec = sec
		if s.used[k] < pool[k] {
			s.used[k]++
			return true
		}
	}
	return false
}

// gapState is what the recorder knows about the channel's continuity.
type gapState struct {
	lastAny  time.Time // last journaled line of any kind but gap records
	lastSaid time.Time // last journaled line said (message, action, notice)
	lost     time.Time // when the connection was lost, if after lastAny
	open     bool      // a gap was journaled at our latest JOIN
	filled   bool      // … and the server's history proved it covered
	dropped  int       // replayed lines not recorded (duplicates, older)
}

func (g *gapState) saw(l meeting.Line) {
	switch l.Kind {
	case meeting.Gap, meeting.GapFilled:
		return
	}
	if l.Time.After(g.lastAny) {
		g.lastAny = l.Time
	}
	if said(l) && l.Time.After(g.lastSaid) {
		g.lastSaid = l.Time
	}
}

// HistorySince is from when the channel's history is wanted after a JOIN
// (ircconn.Config.HistorySince): a second before the last line said that we
// have, so the answer starts with a line we have and proves itself
// continuous. Zero when the journal has no line said: then the history is
// not ours.
func (r *Recorder) HistorySince() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gap.lastSaid.IsZero() {
		return time.Time{}
	}
	return r.gap.lastSaid.Add(-time.Second)
}

// Lost tells the recorder the connection dropped at t (ircconn's
// disconnect): the next gap starts there if nothing was journaled since.
func (r *Recorder) Lost(t time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gap.lost = t
	r.gap.open = false
}

// Joined tells the recorder we (re)joined the channel at t (the server time
// of our JOIN). Unless the journal is empty (nothing to be continuous
// with), it journals the gap since we last had the channel and returns its
// update; replayed lines that follow are checked against it.
func (r *Recorder) Joined(t time.Time) ([]Update, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	g := &r.gap
	g.open, g.filled = false, false
	r.seen.used = map[seenKey]int{}
	from := g.lastAny
	if g.lost.After(from) {
		from = g.lost
	}
	g.lost = time.Time{}
	if from.IsZero() {
		return nil, nil
	}
	if t.Before(from) {
		t = from
	}
	gl := meeting.Line{Time: t, Kind: meeting.Gap, From: from}
	g.open = true
	r.log.Info("gap in the channel recorded", "from", from, "to", t)
	return r.record([]meeting.Line{gl}), nil
}

// sift decides which of lines are journaled: live lines all; replayed
// lines only when new and inside the open gap, with a GapFilled record
// where the history first proves the gap covered. r.mu is held.
func (r *Recorder) sift(lines []meeting.Line) []meeting.Line {
	g := &r.gap
	out := lines[:0:0]
	for _, l := range lines {
		if !l.Recovered {
			out = append(out, l)
			continue
		}
		if !g.open {
			g.dropped++
			continue
		}
		floor := g.lastSaid.Unix()
		own := l.Nick != "" && (meeting.FoldNick(l.Nick) == meeting.FoldNick(r.cfg.Self) || meeting.FoldNick(l.Nick) == meeting.FoldNick(r.cfg.BotNick))
		if r.seen.dup(l, own) || l.Time.Unix() < floor {
			if !g.filled {
				g.filled = true
				out = append(out, meeting.Line{Time: l.Time, Kind: meeting.GapFilled})
			}
			g.dropped++
			continue
		}
		out = append(out, l)
	}
	return out
}

// seedFinished adds the end of the channel's newest finished journal to
// the dedup index. After #endmeeting the live journal starts afresh, and a
// restart's history replay can hold the finished meeting's last lines in
// the very second of the first line the fresh journal has — the index
// must know them or they would be recorded again.
func (s *seen) seedFinished(journalDir, livePath string) {
	prefix := strings.TrimSuffix(filepath.Base(livePath), ".jsonl") + "."
	dir := filepath.Join(journalDir, "done")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var newest string
	var at time.Time
	for _, e := range ents {
		name := e.Name()
		// <channel>.<YYYY-MM-DD…>.jsonl: a digit after the prefix keeps
		// "#meeting.dev" out of "#meeting"'s journals.
		if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".jsonl") || len(name) <= len(prefix) ||
			name[len(prefix)] < '0' || name[len(prefix)] > '9' {
			continue
		}
		if info, err := e.Info(); err == nil && info.ModTime().After(at) {
			newest, at = e.Name(), info.ModTime()
		}
	}
	if newest == "" {
		return
	}
	_, lines, err := journal.ReadFile(filepath.Join(dir, newest))
	if err != nil {
		return
	}
	for _, l := range lines[max(0, len(lines)-seenWindow):] {
		s.add(l)
	}
}
