package journal

import (
	"bytes"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// FuzzJournal: any bytes as a journal never panic the reader, every byte
// is accounted for (good records or bad spans tile the file), good records
// on both sides of the garbage are recovered, and the clean journal that
// Open would leave reads back as the same lines with no damage.
func FuzzJournal(f *testing.F) {
	in := sample()
	r0, r1 := rec(f, in[0]), rec(f, in[1])
	for _, s := range []string{"", hdr, hdr + r0, "not json\n", r0[:15], "\n\n\n", "{}\n{\"k\":\"message\"}\n", hdr + r0 + "\x00\x00" + r1[5:],
		`{"gavel_journal":1,"channel":"#c","future":{"x":1}}` + "\n" + `{"t":"2026-05-01T12:00:00+02:00","n":"a","k":"join","msgid":"abc","recovered":true}` + "\n"} {
		f.Add([]byte(s))
	}
	a := meeting.Line{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Nick: "before", Text: "first"}
	b := meeting.Line{Time: time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC), Nick: "after", Kind: meeting.Part, Text: "last"}
	ra, rb := rec(f, a), rec(f, b)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := check(t, data)
		// The same bytes between two good records: both come back.
		q := check(t, []byte(hdr+ra+string(data)+"\n"+rb))
		if q.header == nil || len(q.lines) < 2 || !same(q.lines[0], a) || !same(q.lines[len(q.lines)-1], b) {
			t.Fatalf("records around the garbage lost: %+v", q.lines)
		}
		if n := len(q.lines) - 2; n < len(p.lines)-1 {
			t.Fatalf("%d records between, %d alone", n, len(p.lines))
		}
	})
}

// check parses data and asserts the invariants that hold for any input.
func check(t *testing.T, data []byte) *parsed {
	t.Helper()
	p, err := parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if p.size != int64(len(data)) {
		t.Fatalf("size %d of %d bytes", p.size, len(data))
	}
	// Lines: every one is a good record, the header, or in a bad span.
	total := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		total++
	}
	bad, hdrLines := 0, 0
	if p.header != nil {
		hdrLines = 1
	}
	var at int64
	for _, s := range p.bad {
		if s.off < at || s.n <= 0 || s.off+s.n > p.size || s.lines < 1 {
			t.Fatalf("bad span %+v after %d in %d bytes", s, at, p.size)
		}
		if s.newline != (data[s.off+s.n-1] == '\n') {
			t.Fatalf("span %+v: newline flag wrong", s)
		}
		if s.off > 0 && data[s.off-1] != '\n' {
			t.Fatalf("span %+v does not start a line", s)
		}
		bad += s.lines
		at = s.off + s.n
	}
	if got := len(p.lines) + bad + hdrLines; got != total {
		t.Fatalf("%d records + %d bad + %d header != %d lines", len(p.lines), bad, hdrLines, total)
	}
	// What Open's rewrite keeps: a header, the good bytes, a final newline.
	var clean bytes.Buffer
	if p.header == nil {
		clean.WriteString(hdr)
	}
	at = 0
	for _, s := range append(p.bad, span{off: p.size}) {
		clean.Write(data[at:s.off])
		at = s.off + s.n
	}
	if p.tornGood {
		clean.WriteByte('\n')
	}
	c, err := parse(bytes.NewReader(clean.Bytes()))
	if err != nil || len(c.bad) != 0 || c.tornGood || c.header == nil || len(c.lines) != len(p.lines) {
		t.Fatalf("clean journal: %d bad spans, %d lines of %d, %v\n%q", len(c.bad), len(c.lines), len(p.lines), err, clean.Bytes())
	}
	for i := range c.lines {
		if !same(c.lines[i], p.lines[i]) {
			t.Fatalf("clean line %d: %+v != %+v", i, c.lines[i], p.lines[i])
		}
	}
	// Re-encoding a record gives a record that reads back the same.
	for _, l := range p.lines {
		var b bytes.Buffer
		if err := encode(&b, l); err != nil {
			t.Fatal(err)
		}
		r, ok := decode(bytes.TrimSuffix(b.Bytes(), []byte{'\n'}))
		if !ok || !same(r, l) {
			t.Fatalf("re-encoded %+v reads back as %+v", l, r)
		}
	}
	return p
}

func same(a, b meeting.Line) bool {
	return a.Time.Equal(b.Time) && a.Nick == b.Nick && a.Account == b.Account && a.Kind == b.Kind && a.Text == b.Text &&
		a.MsgID == b.MsgID && a.Recovered == b.Recovered && a.From.Equal(b.From)
}
