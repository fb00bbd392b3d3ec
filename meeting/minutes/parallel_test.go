package minutes

import (
	"bufio"
	"bytes"
	"errors"
	"html"
	"strings"
	"testing"
)

// TestEachMatchesSequential renders the full meeting in every format at
// once and one after the other: the bytes must be the same (and, under
// -race, renderers must only read the minutes).
func TestEachMatchesSequential(t *testing.T) {
	m := fullMeeting()
	got := make([]bytes.Buffer, len(AllFormats))
	for _, err := range Each(AllFormats, func(i int, f Format) error { return Render(&got[i], f, m) }) {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, f := range AllFormats {
		var want bytes.Buffer
		if err := Render(&want, f, m); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got[i].Bytes(), want.Bytes()) || want.Len() == 0 {
			t.Errorf("%s: concurrent render differs (%d vs %d bytes)", f, got[i].Len(), want.Len())
		}
	}
}

// TestEachErrorsByIndex checks that each format's error comes back at its
// own index, whatever order the formats ran in.
func TestEachErrorsByIndex(t *testing.T) {
	boom := errors.New("boom")
	errs := Each(AllFormats, func(i int, f Format) error {
		if f == FormatText || f == FormatJSON {
			return boom
		}
		return nil
	})
	for i, f := range AllFormats {
		if want := f == FormatText || f == FormatJSON; (errs[i] != nil) != want {
			t.Errorf("%s: error %v", f, errs[i])
		}
	}
}

func TestWriteEscaped(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">&'"</a>`, "&&&", "<<x>>", "tail&", "é<ü>"} {
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		writeEscaped(w, s)
		w.Flush()
		if want := html.EscapeString(s); buf.String() != want {
			t.Errorf("writeEscaped(%q) = %q, want %q", s, buf.String(), want)
		}
	}
}

// FuzzAppendEscaped holds the eight-bytes-at-a-time skip to
// html.EscapeString, specials at every offset included.
func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"", "plain text with no specials", `<a href="x">&'"</a>`, "12345678&", "1234567&", "&1234567", "é<ü>\x80\xff", "\x00\x7f&&&&&&&&&&"} {
		f.Add(s)
	}
	// Each special alone, at every offset of the words around it.
	for _, c := range `&'<>"` {
		for at := range 24 {
			b := []byte(strings.Repeat("a", 24))
			b[at] = byte(c)
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendEscaped(nil, s)), html.EscapeString(s); got != want {
			t.Fatalf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
	})
}
