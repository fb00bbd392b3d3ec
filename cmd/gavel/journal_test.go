package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/tmpfs"
	"github.com/gavel-irc/gavel/ircconn/ircnet"
	"github.com/gavel-irc/gavel/meeting/journal"
)

// waitExit waits for the bot process to end by itself.
func (b *botEnv) waitExit(t *testing.T, within time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(within):
		t.Fatalf("gavel bot still running after %s\n%s", within, b.stderr.String())
		return nil
	}
}

// TestBotRefusesSecondWriter: a second gavel bot on the same journal is
// refused at start, with the first one's PID and the way out, and the
// first goes on recording.
func TestBotRefusesSecondWriter(t *testing.T) {
	n := ircnet.Start(t)
	first := newBotEnv(t, n)
	alice := people(t, n, first.channel, "alice")[0]
	first.start(t)
	alice.Expect(t, 20*time.Second, joined(first.nick))

	second := *first
	second.nick = "gavelbot2"
	second.start(t)
	err := second.waitExit(t, 10*time.Second)
	msg := second.stderr.String()
	if err == nil || !strings.Contains(msg, "pid "+strconv.Itoa(first.cmd.Process.Pid)) ||
		!strings.Contains(msg, "--journal-dir") || !strings.Contains(msg, "bot") {
		t.Fatalf("second bot: exit %v\n%s", err, msg)
	}
	alice.Privmsg(first.channel, "still recorded by the first")
	first.waitJournal(t, "still recorded by the first")
	first.stop(t)
}

// TestBotSetsDamageAside: a journal with garbage in the middle of a
// running meeting no longer stops the bot: it reports the damage, keeps
// the bad bytes in .corrupt, resumes the meeting from every good line and
// records on.
func TestBotSetsDamageAside(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	p := journal.PathFor(b.journal, "127.0.0.1", b.channel)
	os.MkdirAll(filepath.Dir(p), 0o700)
	garbage := "\x00\x00{\"t\":\"2026-05-01T12:0 torn by a crash\n"
	os.WriteFile(p, []byte(`{"gavel_journal":1,"network":"127.0.0.1","channel":"#meeting","bot_nick":"gavelbot"}`+"\n"+
		`{"t":"2026-05-01T12:00:00Z","n":"alice","k":"message","x":"#startmeeting Damage"}`+"\n"+
		garbage+
		`{"t":"2026-05-01T12:00:05Z","n":"alice","k":"message","x":"#info before the damage"}`+"\n"), 0o600)
	alice := people(t, n, b.channel, "alice")[0]
	b.start(t)
	alice.Expect(t, 20*time.Second, joined(b.nick))
	alice.Privmsg(b.channel, "#info after the damage")
	alice.Privmsg(b.channel, "#endmeeting")
	alice.Expect(t, 15*time.Second, fromBot(b.nick, "Meeting ended"))
	var texts []string
	for range 100 {
		if _, err := os.Stat(b.archive); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	m := b.minutesJSON(t)
	for _, it := range m["prologue"].([]any) {
		texts = append(texts, it.(map[string]any)["text"].(string))
	}
	if strings.Join(texts, "|") != "before the damage|after the damage" || m["meeting_topic"] != "Damage" {
		t.Fatalf("items %q, topic %v", texts, m["meeting_topic"])
	}
	aside, _ := os.ReadFile(p + ".corrupt")
	if !strings.Contains(string(aside), "byte 167,") || !strings.Contains(string(aside), garbage) {
		t.Fatalf(".corrupt:\n%q", aside)
	}
	if msg := b.stderr.String(); !strings.Contains(msg, "1 damaged journal record(s)") || !strings.Contains(msg, ".corrupt") {
		t.Fatalf("damage not reported:\n%s", msg)
	}
	b.stop(t)
}

// TestBotFullDisk: 1,500 lines from ten people; the journal's disk (a real
// tmpfs) fills after 500 and is freed after 1,000 more were said. Every
// line ends up journaled once, in order, and the channel hears about it
// once.
func TestBotFullDisk(t *testing.T) {
	const senders, each = 10, 150
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	b.journal = tmpfs.Mount(t, "1m")
	nicks := []string{"watcher"}
	for i := range senders {
		nicks = append(nicks, fmt.Sprintf("p%02d", i))
	}
	ps := people(t, n, b.channel, nicks...)
	watcher := ps[0]
	b.start(t)
	watcher.Expect(t, 20*time.Second, joined(b.nick))
	inChannel(t, watcher, b.channel, b.nick)

	// The watcher counts the bot's notices for the whole test.
	var notices atomic.Int32
	stopWatch := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for {
			select {
			case <-stopWatch:
				return
			default:
			}
			if m, err := watcher.Next(200 * time.Millisecond); err == nil && fromBot(b.nick, "cannot write my journal")(m) {
				notices.Add(1)
			}
		}
	}()

	var sent atomic.Int32
	var wg sync.WaitGroup
	for i, p := range ps[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for seq := range each {
				p.Privmsg(b.channel, fmt.Sprintf("msg %d from %d", seq, i))
				sent.Add(1)
				<-tick.C
			}
		}()
	}
	count := func() int {
		c := 0
		for _, l := range b.journaled(t) {
			if strings.HasPrefix(l.Text, "msg ") {
				c++
			}
		}
		return c
	}
	waitUntil := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("never: %s\n%s", what, b.stderr.String())
			}
		}
	}
	waitUntil("500 lines journaled", func() bool { return count() >= 500 })
	free := tmpfs.Fill(t, b.journal)
	full := count()
	waitUntil("1,000 more lines said", func() bool { return int(sent.Load()) >= full+1000 })
	stuck := count()
	free()
	wg.Wait()
	waitUntil("every line journaled", func() bool { return count() >= senders*each })
	time.Sleep(time.Second) // a duplicate would show up now
	close(stopWatch)
	<-watched

	total := inSenderOrder(t, b.journaled(t), senders)
	t.Logf("said %d; journaled %d once each, in order; %d before the disk filled, %d while it was full (held), notices %d",
		senders*each, total, full, stuck, notices.Load())
	if total != senders*each || stuck-full > 200 {
		t.Fatalf("journaled %d of %d; %d went in while the disk was full", total, senders*each, stuck-full)
	}
	if notices.Load() != 1 {
		t.Fatalf("the channel heard %d notices, want 1", notices.Load())
	}
	for _, want := range []string{"journal NOT writable (", "no space left on device", "journal writable again"} {
		if !strings.Contains(b.stderr.String(), want) {
			t.Fatalf("stderr lacks %q:\n%s", want, b.stderr.String())
		}
	}
	b.stop(t)
}
