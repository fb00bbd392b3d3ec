package minutes

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
)

// reimport writes m's .log.txt, reads it back with meeting/importer,
// folds it with cfg and returns both minutes' JSON.
func reimport(t *testing.T, m *meeting.Minutes, cfg meeting.Config) (got, want []byte) {
	t.Helper()
	var logTxt bytes.Buffer
	if err := LogText(&logTxt, m); err != nil {
		t.Fatal(err)
	}
	s := meeting.NewSession(cfg)
	in := importer.New(bytes.NewReader(logTxt.Bytes()), importer.Options{Format: importer.MeetBotText, Date: m.Started})
	for in.Next() {
		s.Apply(in.Line())
	}
	if err := in.Err(); err != nil {
		t.Fatal(err)
	}
	ms := s.Meetings()
	if len(ms) != 1 {
		t.Fatalf("%d meetings after reimport", len(ms))
	}
	var again bytes.Buffer
	LogText(&again, ms[0].Minutes())
	if !bytes.Equal(again.Bytes(), logTxt.Bytes()) {
		t.Errorf("%s: .log.txt not reproduced", m.Channel)
	}
	var a, b bytes.Buffer
	JSON(&a, ms[0].Minutes())
	JSON(&b, m)
	return a.Bytes(), b.Bytes()
}

// TestLogTextRoundTrip: a .log.txt written by gavel, imported and folded
// again, gives the same minutes (compared as JSON) and the same .log.txt, for the fixtures and
// the seeds.
func TestLogTextRoundTrip(t *testing.T) {
	for name, m := range fixtures() {
		got, want := reimport(t, m, meeting.Config{Channel: "#c", BotNick: "gavel"})
		if !bytes.Equal(got, want) {
			t.Errorf("%s: round trip differs:\n%s\nwant\n%s", name, got, want)
		}
	}
	for _, seed := range []struct{ file, channel string }{{"heat-2012-04-02.log.txt", "#heat"}, {"cockpit-2017-05-08.log.txt", "#cockpit"}} {
		p := filepath.Join(seedDir, seed.file)
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		ms := importFold(t, f, p, seed.channel)
		f.Close()
		got, want := reimport(t, ms[0], meeting.Config{Channel: seed.channel})
		if !bytes.Equal(got, want) {
			t.Errorf("%s: round trip differs:\n%s\nwant\n%s", seed.file, got, want)
		}
	}
}

// TestLogHTMLReimport: the .log.html reads back through meeting/importer
// (format detected) as the same lines, so it folds to the same minutes.
func TestLogHTMLReimport(t *testing.T) {
	for name, m := range fixtures() {
		var page bytes.Buffer
		if err := LogHTML(&page, m); err != nil {
			t.Fatal(err)
		}
		s := meeting.NewSession(meeting.Config{Channel: "#c", BotNick: "gavel"})
		in := importer.New(bytes.NewReader(page.Bytes()), importer.Options{Date: m.Started})
		for in.Next() {
			s.Apply(in.Line())
		}
		if err := in.Err(); err != nil || in.Format() != importer.MeetBotHTML {
			t.Fatalf("%s: %v, format %v", name, err, in.Format())
		}
		var got, want bytes.Buffer
		JSON(&got, s.Meetings()[0].Minutes())
		JSON(&want, m)
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: .log.html reimport differs:\n%s\nwant\n%s", name, got.Bytes(), want.Bytes())
		}
	}
}
