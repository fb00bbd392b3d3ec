package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/gavel-irc/gavel/meeting"
)

// maxRecord bounds one record: IRC lines are a few KB, so anything longer
// is damage, and it is measured, never held in memory.
const maxRecord = 1 << 20

// span is a run of bad records: bytes [off, off+n) of the file, lines of
// them. Adjacent bad lines merge into one span, so a file of garbage costs
// one span, not one per line.
type span struct {
	off, n  int64
	lines   int
	newline bool // the span ends with '\n'
	reason  string
}

// parsed is what a journal file holds.
type parsed struct {
	header *Header
	lines  []meeting.Line
	bad    []span
	size   int64
	// tornGood: the last record parsed but has no '\n' yet (a crash right
	// before it); it counts, and the next write must start a new line.
	tornGood bool
}

// parse reads a journal from the start. Only a read error fails it; bad
// records become spans.
func parse(r io.Reader) (*parsed, error) {
	p := &parsed{}
	br := bufio.NewReaderSize(r, 64<<10)
	var long bytes.Buffer
	for {
		raw, n, newline, err := readLine(br, &long)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return p, nil
		}
		off := p.size
		p.size += n
		if raw == nil {
			p.badLine(off, n, newline, "longer than 1 MiB")
			continue
		}
		body := bytes.TrimSuffix(raw, []byte{'\n'})
		if p.header == nil && off == 0 {
			var h Header
			if json.Unmarshal(body, &h) == nil && h.Journal > 0 {
				p.header = &h
				p.tornGood = !newline
				continue
			}
			if _, ok := decode(body); !ok {
				p.badLine(off, n, newline, "bad header")
				continue
			}
		}
		l, ok := decode(body)
		if !ok {
			reason := "not a journal record"
			if !newline {
				reason = "torn last record"
			}
			p.badLine(off, n, newline, reason)
			continue
		}
		p.lines = append(p.lines, l)
		p.tornGood = !newline
	}
}

func (p *parsed) badLine(off, n int64, newline bool, reason string) {
	if k := len(p.bad) - 1; k >= 0 && p.bad[k].off+p.bad[k].n == off {
		p.bad[k].n += n
		p.bad[k].lines++
		p.bad[k].newline = newline
		return
	}
	p.bad = append(p.bad, span{off: off, n: n, lines: 1, newline: newline, reason: reason})
}

// decode parses one record; unknown fields are ignored.
func decode(body []byte) (meeting.Line, bool) {
	if len(body) == 0 || body[0] != '{' {
		return meeting.Line{}, false
	}
	var rec record
	if json.Unmarshal(body, &rec) != nil {
		return meeting.Line{}, false
	}
	k, ok := meeting.ParseKind(rec.K)
	if !ok {
		return meeting.Line{}, false
	}
	l := meeting.Line{Time: rec.T, Nick: rec.N, Account: rec.A, Kind: k, Text: rec.X, MsgID: rec.ID, Recovered: rec.R}
	if rec.F != nil {
		l.From = *rec.F
	}
	return l, true
}

// readLine returns the next line with its '\n' (none at the end of the
// file), its length and whether it ends with '\n'. A line longer than maxRecord is skipped to its end
// and returned as nil with its length. n == 0 means the end of the file.
func readLine(br *bufio.Reader, long *bytes.Buffer) (raw []byte, n int64, newline bool, err error) {
	long.Reset()
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		n += int64(len(chunk))
		if !tooLong {
			if long.Len()+len(chunk) > maxRecord {
				tooLong = true
				long.Reset()
			} else {
				long.Write(chunk)
			}
		}
		switch {
		case err == nil, errors.Is(err, io.EOF):
			newline = err == nil
			if tooLong {
				return nil, n, newline, nil
			}
			return long.Bytes(), n, newline, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return nil, 0, false, err
		}
	}
}
