package meeting

import (
	"iter"
	"slices"
	"time"
)

// logChunk is how many lines a Log stores per chunk. Full chunks never
// move, so a growing log is never copied whole and snapshots can share it.
// The first chunk starts at firstChunk lines and grows like a slice: most
// meetings are a few hundred lines, and a whole chunk (a quarter of a
// megabyte) for each would be most of what a bulk import allocates.
const (
	logChunk   = 4096
	firstChunk = 256
)

// Log is the meeting log: every line said, in order, append-only. Lines
// are numbered from 1 in minutes (Item.Line); At takes a 0-based index.
// A copy of a Log is a snapshot: later appends do not show in it.
type Log struct {
	chunks [][]logLine
	n      int
	// accounts holds the account of each line sent with one, in line
	// order. Only live lines carry accounts (an imported log has none),
	// so a field in every logLine would be a quarter of a long log's
	// memory for nothing.
	accounts []lineAccount
}

// lineAccount is the services account line i was sent from.
type lineAccount struct {
	i       int
	account string
}

// logLine is a said line as the Log keeps it: what minutes, views and the
// archive read of it, in 48 bytes where a Line takes 120 (the log of a
// long meeting is most of what a fold keeps). The time is kept in UTC,
// which is how every reader shows it; a said line has no From (gaps are
// kept apart, see gap.go), its MsgID mattered only on arrival, and its
// account is kept apart (Log.accounts).
type logLine struct {
	sec       int64
	nsec      int32
	kind      Kind
	recovered bool
	nick      string
	text      string
}

func (e *logLine) line(account string) Line {
	return Line{Time: time.Unix(e.sec, int64(e.nsec)).UTC(), Nick: e.nick, Account: account,
		Text: e.text, Kind: e.kind, Recovered: e.recovered}
}

// append adds a line. A snapshot (a copy of g) keeps its own length of
// each chunk, so appending into, or growing, the last chunk never changes
// what a snapshot reads.
func (g *Log) append(l *Line) {
	if g.n%logChunk == 0 {
		c := logChunk
		if g.n == 0 {
			c = firstChunk
		}
		g.chunks = append(g.chunks, make([]logLine, 0, c))
	}
	c := &g.chunks[len(g.chunks)-1]
	*c = append(*c, logLine{sec: l.Time.Unix(), nsec: int32(l.Time.Nanosecond()), kind: l.Kind,
		recovered: l.Recovered, nick: l.Nick, text: l.Text})
	if l.Account != "" {
		g.accounts = append(g.accounts, lineAccount{g.n, l.Account})
	}
	g.n++
}

// Len is the number of lines.
func (g Log) Len() int { return g.n }

// At returns line i (0-based).
func (g Log) At(i int) Line {
	account := ""
	if k, ok := slices.BinarySearchFunc(g.accounts, i, func(a lineAccount, i int) int { return a.i - i }); ok {
		account = g.accounts[k].account
	}
	return g.chunks[i/logChunk][i%logChunk].line(account)
}

// All yields each line with its 1-based number, as minutes anchors use it.
func (g Log) All() iter.Seq2[int, Line] {
	return func(yield func(int, Line) bool) {
		accounts := g.accounts
		for i := 0; i < g.n; i++ {
			account := ""
			if len(accounts) > 0 && accounts[0].i == i {
				account, accounts = accounts[0].account, accounts[1:]
			}
			if !yield(i+1, g.chunks[i/logChunk][i%logChunk].line(account)) {
				return
			}
		}
	}
}

// Lines copies the log into one slice.
func (g Log) Lines() []Line {
	out := make([]Line, 0, g.n)
	for _, l := range g.All() {
		out = append(out, l)
	}
	return out
}

// NewLog builds a log from lines read back from a file, for minutes
// loaded from an archive.
func NewLog(lines []Line) Log {
	var g Log
	for _, l := range lines {
		g.append(&l)
	}
	return g
}

// set replaces the text of line i (0-based). The chunk list and the chunk
// are copied first: snapshots share both, and another snapshot must not
// change with this one.
func (g *Log) set(i int, text string) {
	c := i / logChunk
	g.chunks = append([][]logLine(nil), g.chunks...)
	g.chunks[c] = append([]logLine(nil), g.chunks[c]...)
	g.chunks[c][i%logChunk].text = text
}
