package recorder

import (
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/journal"
)

type fakeSender struct {
	mu     sync.Mutex
	said   []string
	topics []string
}

func (f *fakeSender) Say(ch, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.said = append(f.said, ch+" "+text)
}

func (f *fakeSender) SetTopic(ch, t string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.topics = append(f.topics, ch+" "+t)
}

var t0 = time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)

func msg(sec int, nick, text string) meeting.Line {
	return meeting.Line{Time: t0.Add(time.Duration(sec) * time.Second), Nick: nick, Text: text}
}

type writes struct {
	mu  sync.Mutex
	got []*meeting.Minutes
	err error
}

func (w *writes) write(m *meeting.Minutes) ([]string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return nil, w.err
	}
	w.got = append(w.got, m)
	return []string{"/a/c/x.html", "/a/c/x.txt", "/a/c/x.log.html", "/a/c/x.log.txt", "/a/c/x.md"}, nil
}

func open(t *testing.T, dir string, s Sender, w *writes, quiet bool) *Recorder {
	t.Helper()
	r, err := Open(Config{Network: "test", Channel: "#c", BotNick: "gavel", JournalDir: dir, Quiet: quiet,
		SetTopic: true, Write: w.write, ArchiveDir: "/a", URLBase: "https://m.example/"}, s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRecordAnswersAndWrites(t *testing.T) {
	dir := t.TempDir()
	s, w := &fakeSender{}, &writes{}
	r := open(t, dir, s, w, false)
	if _, err := r.Record(msg(0, "alice", "#startmeeting sync"), msg(1, "alice", "#topic one"), msg(2, "bob", "#info x")); err != nil {
		t.Fatal(err)
	}
	ups, err := r.Record(msg(3, "alice", "#endmeeting"))
	if err != nil || len(ups) != 1 || len(ups[0].Written) != 5 {
		t.Fatalf("updates %+v err %v", ups, err)
	}
	if len(w.got) != 1 || !w.got[0].Finished || len(w.got[0].Topics) != 1 {
		t.Fatalf("written %+v", w.got)
	}
	joined := strings.Join(s.said, "\n")
	for _, want := range []string{"#c Meeting started", "#c Meeting ended", "#c Minutes:        https://m.example/c/x.html",
		"#c Minutes (text): https://m.example/c/x.txt", "#c Log:            https://m.example/c/x.log.html"} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %q in\n%s", want, joined)
		}
	}
	if len(s.topics) != 1 || s.topics[0] != "#c one (Meeting topic: sync)" {
		t.Fatalf("topics %q", s.topics)
	}
	// the finished meeting's journal moved to done/, a fresh one is live
	_, live, err := journal.ReadFile(r.JournalPath())
	if err != nil || len(live) != 0 {
		t.Fatalf("live journal after end: %d %v", len(live), err)
	}
	done, _ := os.ReadDir(dir + "/done")
	if len(done) != 1 {
		t.Fatalf("done journals: %v", done)
	}
	r.Close()
}

func TestResumeAfterCrash(t *testing.T) {
	dir := t.TempDir()
	s, w := &fakeSender{}, &writes{}
	r := open(t, dir, s, w, false)
	r.Record(msg(0, "alice", "#startmeeting"), msg(1, "bob", "#action bob fixes it"), msg(2, "carol", "+1"))
	// Close does nothing a kill would not (every line is already on disk);
	// it releases the journal lock, which a killed process loses anyway.
	r.Close()
	s2 := &fakeSender{}
	r2 := open(t, dir, s2, w, false)
	defer r2.Close()
	if r2.Resumed() != 3 {
		t.Fatalf("resumed %d lines", r2.Resumed())
	}
	if len(s2.said) != 0 {
		t.Fatalf("replay spoke: %q", s2.said)
	}
	r2.Record(msg(3, "alice", "#endmeeting"))
	m := w.got[0]
	if m.Log.Len() != 4 || len(m.Actions) != 1 || m.Actions[0].Owners[0] != "bob" || m.Owner != "alice" {
		t.Fatalf("resumed minutes: log %d actions %+v", m.Log.Len(), m.Actions)
	}
}

func TestQuietBesideAnotherBot(t *testing.T) {
	for name, lines := range map[string][]meeting.Line{
		"bot answers": {msg(0, "alice", "#startmeeting"), msg(0, "zodbot2", "Meeting started Mon Jun  1 15:00:00 2026 UTC.  The chair is alice. Information about MeetBot at x.")},
		"bot joins":   {{Time: t0, Nick: "zodbot", Kind: meeting.Join}, msg(0, "alice", "#startmeeting")},
	} {
		t.Run(name, func(t *testing.T) {
			s, w := &fakeSender{}, &writes{}
			r := open(t, t.TempDir(), s, w, false)
			defer r.Close()
			r.Record(lines...)
			s.said = nil
			r.Record(msg(5, "alice", "#chair bob"), msg(6, "alice", "#topic t"), msg(7, "alice", "#endmeeting"))
			if len(s.said) != 0 || len(s.topics) != 0 {
				t.Fatalf("spoke beside another bot: %q %q", s.said, s.topics)
			}
			if sp := r.Speaker(); sp.Self || sp.What != "meeting bot" || len(w.got) != 1 {
				t.Fatalf("speaker %+v writes=%d", sp, len(w.got))
			}
		})
	}
	s, w := &fakeSender{}, &writes{}
	r := open(t, t.TempDir(), s, w, false)
	defer r.Close()
	r.Roster([]Member{{Nick: "@ChanServ"}, {Nick: "+Zodbot"}, {Nick: "alice"}}, true)
	r.Record(msg(0, "alice", "#startmeeting"))
	if len(s.said) != 0 {
		t.Fatalf("spoke with zodbot in the roster: %q", s.said)
	}
}

func TestQuietFlagAndWriteFailure(t *testing.T) {
	s, w := &fakeSender{}, &writes{err: errors.New("disk full")}
	r := open(t, t.TempDir(), s, w, true)
	defer r.Close()
	ups, _ := r.Record(msg(0, "alice", "#startmeeting"), msg(1, "alice", "#save"))
	if len(s.said) != 0 || ups[1].Err == nil || !strings.Contains(ups[1].Err.Error(), "disk full") {
		t.Fatalf("said %q err %v", s.said, ups[1].Err)
	}
	// the journal still has everything
	lines, _ := r.History()
	if len(lines) != 2 {
		t.Fatalf("journal has %d lines", len(lines))
	}
}

func TestChairsOwnRepliesAreNotAnotherBot(t *testing.T) {
	s, w := &fakeSender{}, &writes{}
	r, err := Open(Config{Channel: "#c", Self: "alice", JournalDir: t.TempDir(), Write: w.write}, s)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.Record(msg(0, "alice", "#startmeeting"), msg(0, "alice", "Meeting started Mon … Information about MeetBot at x."), msg(1, "alice", "#topic T"))
	if sp := r.Speaker(); !sp.Self {
		t.Fatalf("went quiet because of our own reply: %+v", sp)
	}
	if got := r.Minutes().Topics; len(got) != 1 {
		t.Fatalf("the chair's own #topic was not recorded: %+v", got)
	}
}
