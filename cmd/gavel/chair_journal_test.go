package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/tmpfs"
	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// TestChairJournalInTmux: the real chair view, its journal on a real tmpfs.
// Damage left in the journal is reported in the view and the chair starts.
// A second gavel on the same journal is refused, naming the chair's PID.
// When the disk fills, a banner says so and the lines wait; when it is
// freed, the banner goes, every line shows up, and the journal holds each
// line once, in order.
func TestChairJournalInTmux(t *testing.T) {
	n := ircnet.Start(t)
	bob := people(t, n, "#meeting", "bob")[0]
	dir := t.TempDir()
	jdir := tmpfs.Mount(t, "256k")
	// A journal left damaged by a crash: the chair starts anyway and says so.
	live := filepath.Join(jdir, "127.0.0.1", "#meeting.jsonl")
	os.MkdirAll(filepath.Dir(live), 0o700)
	os.WriteFile(live, []byte(`{"gavel_journal":1,"network":"127.0.0.1","channel":"#meeting"}`+"\n"+
		`{"t":"2026-05-01T12:00:00Z","n":"alice","k":"message","x":"from an earlier run"}`+"\n\x00\x00garbage\n"), 0o600)
	tt := startTmux(t, 120, 30, []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir + "/config"},
		"chair", "--server", n.Addr(), "--nick", "chair", "--channel", "#meeting",
		"--archive", filepath.Join(dir, "archive"), "--journal-dir", jdir, "--log", filepath.Join(dir, "chair.log"))
	tt.waitScreen(20*time.Second, "1 damaged journal record(s) (10 bytes, at byte 144) set aside, every other line kept", "from an earlier run")
	tt.waitScreen(20*time.Second, "connected")
	bob.Expect(t, 20*time.Second, joined("chair"))

	code, _, stderr := gavel(t, "bot", "--server", n.Addr(), "--nick", "second", "--channel", "#meeting",
		"--journal-dir", jdir, "--archive", filepath.Join(dir, "archive2"), "--log", filepath.Join(dir, "bot.log"))
	lock, _ := os.ReadFile(filepath.Join(jdir, "127.0.0.1", "#meeting.jsonl.lock"))
	if code == 0 || !strings.Contains(stderr, "--journal-dir") || !strings.Contains(stderr, "chair") ||
		!strings.Contains(stderr, "pid ") || !strings.Contains(string(lock), strconv.Quote("chair")[1:len("chair")+1]) {
		t.Fatalf("second gavel on the chair's journal: exit %d\n%s", code, stderr)
	}

	bob.Privmsg("#meeting", "before the disk filled")
	tt.waitScreen(10*time.Second, "before the disk filled")
	free := tmpfs.Fill(t, jdir)
	// Long lines: the journal's last page takes a few before writes fail.
	pad := " " + strings.Repeat("·", 150)
	for i := range 30 {
		bob.Privmsg("#meeting", fmt.Sprintf("said while full %02d", i)+pad)
	}
	s := tt.waitScreen(15*time.Second, "journal NOT writable (no space left on device)")
	if strings.Contains(s, "said while full 29") {
		t.Fatalf("a line not on disk was shown as recorded:\n%s", s)
	}
	free()
	s = tt.waitScreen(15*time.Second, "journal writable again", "said while full 29")
	if strings.Contains(s, "NOT writable") {
		t.Fatalf("banner still up:\n%s", s)
	}
	var texts []string
	for _, l := range (&botEnv{journal: jdir, channel: "#meeting"}).journaled(t) {
		if strings.HasPrefix(l.Text, "said while full") || l.Text == "before the disk filled" {
			texts = append(texts, l.Text)
		}
	}
	want := []string{"before the disk filled"}
	for i := range 30 {
		want = append(want, fmt.Sprintf("said while full %02d", i)+pad)
	}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Fatalf("journal:\n%q\nwant\n%q", texts, want)
	}
	tt.keys("C-c")
	tt.waitScreen(10*time.Second, "gavel-exited-0")
}
