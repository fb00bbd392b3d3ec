package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/journal"
)

// talker says "said NNN" in the channel every interval until stopped.
type talker struct {
	stop chan struct{}
	done chan struct{}
	mu   sync.Mutex
	n    int
}

func talk(c *ircnet.Client, channel string, every time.Duration) *talker {
	tk := &talker{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(tk.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-tk.stop:
				return
			case <-t.C:
			}
			tk.mu.Lock()
			c.Privmsg(channel, fmt.Sprintf("said %03d", tk.n))
			tk.n++
			tk.mu.Unlock()
		}
	}()
	return tk
}

// count is how many lines it said so far.
func (tk *talker) count() int {
	tk.mu.Lock()
	defer tk.mu.Unlock()
	return tk.n
}

// said stops the talker and returns how many lines it said.
func (tk *talker) said() int {
	close(tk.stop)
	<-tk.done
	return tk.n
}

// recordCount is what a scenario's record holds of the lines said.
type recordCount struct{ said, once, lost, dup, recovered, outOfOrder int }

// countRecord reads the finished journal of the meeting and counts each
// "said NNN" line: recorded once, lost, duplicated, recovered, in order.
func countRecord(t *testing.T, b *botEnv, said int) (recordCount, []meeting.Line) {
	t.Helper()
	done, _ := filepath.Glob(filepath.Join(b.journal, "done", "*.jsonl"))
	if len(done) != 1 {
		t.Fatalf("want one finished journal, found %v\n%s", done, b.stderr.String())
	}
	_, lines, err := journal.ReadFile(done[0])
	if err != nil {
		t.Fatal(err)
	}
	seen := make([]int, said)
	c := recordCount{said: said}
	last := -1
	for _, l := range lines {
		var i int
		if l.Kind != meeting.Message || l.Nick != "bob" {
			continue
		}
		if _, err := fmt.Sscanf(l.Text, "said %d", &i); err != nil || i >= said {
			continue
		}
		seen[i]++
		if l.Recovered {
			c.recovered++
		}
		if i < last {
			c.outOfOrder++
		}
		last = i
	}
	for _, n := range seen {
		switch {
		case n == 0:
			c.lost++
		case n == 1:
			c.once++
		default:
			c.dup++
		}
	}
	return c, lines
}

func gapsOf(t *testing.T, b *botEnv) []any {
	g, _ := b.minutesJSON(t)["gaps"].([]any)
	return g
}

// archiveFile reads the one archive file whose name ends in suffix.
func archiveFile(t *testing.T, b *botEnv, suffix string) string {
	t.Helper()
	var files []string
	filepath.WalkDir(b.archive, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, suffix) && !strings.HasSuffix(p, ".log"+suffix) {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 1 {
		t.Fatalf("want one %s in the archive, found %v", suffix, files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// endMeeting closes the meeting and waits for the minutes.
func endMeeting(t *testing.T, b *botEnv, alice *ircnet.Client) {
	t.Helper()
	alice.Privmsg(b.channel, "#endmeeting")
	alice.Expect(t, 20*time.Second, fromBot(b.nick, "Log:"))
}

// gapMeeting starts a network (InspIRCd with chanhistory when history),
// alice, bob and more in the channel, and gavel bot; alice opens a meeting.
// A failed test shows the bot's log and finished journals.
func gapMeeting(t *testing.T, history bool, topic string, more ...string) (*botEnv, []*ircnet.Client) {
	t.Helper()
	n := ircnet.StartWith(t, ircnet.Options{ChanHistory: history})
	b := newBotEnv(t, n)
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		data, _ := os.ReadFile(b.log)
		t.Logf("bot log:\n%s", data)
		done, _ := filepath.Glob(filepath.Join(b.journal, "done", "*.jsonl"))
		for _, d := range done {
			data, _ := os.ReadFile(d)
			t.Logf("%s:\n%s", d, data)
		}
	})
	ps := people(t, n, b.channel, append([]string{"alice", "bob"}, more...)...)
	b.start(t)
	b.rejoined(t, ps[0])
	ps[0].Privmsg(b.channel, "#startmeeting "+topic)
	ps[0].Expect(t, 10*time.Second, fromBot(b.nick, "Meeting started"))
	return b, ps
}

// rejoined waits until c sees the bot join.
func (b *botEnv) rejoined(t *testing.T, c *ircnet.Client) {
	t.Helper()
	c.Expect(t, 20*time.Second, joined(b.nick))
}

// TestGapKill9Recovered (a): gavel bot is killed -9 for 10 s while bob
// talks; started again, the server's history (chanhistory) replays what it
// missed. Every line is in the record once, in order, the missed ones
// marked recovered, and the gap is noted as filled; a #topic and an
// #action said while it was down apply, in time order.
func TestGapKill9Recovered(t *testing.T) {
	b, ps := gapMeeting(t, true, "gaps")
	alice, bob := ps[0], ps[1]
	alice.Privmsg(b.channel, "#topic before")
	tk := talk(bob, b.channel, 250*time.Millisecond)
	b.waitJournal(t, "said 005")
	b.kill9(t)
	time.Sleep(2 * time.Second)
	alice.Privmsg(b.channel, "#topic while down")
	alice.Privmsg(b.channel, "#action bob checks the gap")
	time.Sleep(8 * time.Second)
	b.start(t)
	b.rejoined(t, alice)
	b.waitJournal(t, fmt.Sprintf("said %03d", tk.count()+3))
	alice.Privmsg(b.channel, "#topic after")
	said := tk.said()
	b.waitJournal(t, fmt.Sprintf("said %03d", said-1))
	endMeeting(t, b, alice)
	// missed commands apply, in time order
	if got := strings.Join(items(b.minutesJSON(t)), "|"); got != "TOPIC:before|TOPIC:while down|ACTION:bob checks the gap|TOPIC:after" {
		t.Fatalf("items %q", got)
	}

	c, _ := countRecord(t, b, said)
	t.Logf("kill -9 for 10 s: said %d, recorded once %d, lost %d, duplicated %d, recovered from history %d", c.said, c.once, c.lost, c.dup, c.recovered)
	if c.once != said || c.outOfOrder != 0 || c.recovered < 30 {
		t.Fatalf("record %+v", c)
	}
	g := gapsOf(t, b)
	if len(g) != 1 || g[0].(map[string]any)["filled"] != true || int(g[0].(map[string]any)["recovered"].(float64)) != c.recovered+2 {
		t.Fatalf("gaps in the minutes %v", g)
	}
	if strings.Count(b.minutesJSON(t)["meeting_topic"].(string), "gaps") != 1 {
		t.Fatal("meeting topic changed")
	}
	if log := archiveFile(t, b, ".log.txt"); !strings.Contains(log, "nothing is missing") || strings.Count(log, "said 010") != 1 {
		t.Fatalf(".log.txt:\n%s", log)
	}
	b.stop(t)
}

// TestGapKill9Marked: on a server without history, what gavel bot missed
// while killed cannot be recovered: the gap is marked in the log and the
// minutes, and every line said outside it is recorded once.
func TestGapKill9Marked(t *testing.T) {
	b, ps := gapMeeting(t, false, "holes")
	alice, bob := ps[0], ps[1]
	tk := talk(bob, b.channel, 250*time.Millisecond)
	b.waitJournal(t, "said 005")
	b.kill9(t)
	down := tk.count()
	time.Sleep(3 * time.Second)
	b.start(t)
	b.rejoined(t, alice)
	up := tk.count()
	b.waitJournal(t, fmt.Sprintf("said %03d", up+2))
	said := tk.said()
	b.waitJournal(t, fmt.Sprintf("said %03d", said-1))
	endMeeting(t, b, alice)

	c, _ := countRecord(t, b, said)
	t.Logf("kill -9 for 3 s, no server history: said %d, recorded once %d, lost %d (all inside the marked gap), duplicated %d", c.said, c.once, c.lost, c.dup)
	// Lines said between the kill and the rejoin are lost, at most those.
	if c.dup != 0 || c.outOfOrder != 0 || c.lost == 0 || c.lost > up-down+2 {
		t.Fatalf("record %+v (talker at %d when killed, %d when back)", c, down, up)
	}
	g := gapsOf(t, b)
	if len(g) != 1 || g[0].(map[string]any)["filled"] != false {
		t.Fatalf("gaps %v", g)
	}
	for _, suffix := range []string{".log.txt", ".log.html", ".txt", ".html", ".md"} {
		if f := archiveFile(t, b, suffix); !strings.Contains(f, "lines said then may be missing") {
			t.Fatalf("%s does not mark the gap:\n%s", suffix, f)
		}
	}
	b.stop(t)
}

// TestGapServerKill (b): an oper KILLs the bot twice while bob talks; it
// reconnects, rejoins and the history replay records nothing twice.
func TestGapServerKill(t *testing.T) {
	b, ps := gapMeeting(t, true, "kills", "oper")
	alice, bob, oper := ps[0], ps[1], ps[2]
	oper.Send("OPER " + ircnet.OperName + " " + ircnet.OperPass)
	oper.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == "381" })
	tk := talk(bob, b.channel, 100*time.Millisecond)
	for range 2 {
		time.Sleep(2 * time.Second)
		oper.Send("KILL " + b.nick + " :gap test")
		b.rejoined(t, alice)
	}
	time.Sleep(2 * time.Second)
	said := tk.said()
	b.waitJournal(t, fmt.Sprintf("said %03d", said-1))
	endMeeting(t, b, alice)

	c, _ := countRecord(t, b, said)
	t.Logf("two KILLs: said %d, recorded once %d, lost %d, duplicated %d, recovered from history %d", c.said, c.once, c.lost, c.dup, c.recovered)
	if c.once != said || c.outOfOrder != 0 {
		t.Fatalf("record %+v", c)
	}
	if g := gapsOf(t, b); len(g) != 2 {
		t.Fatalf("gaps in the minutes %v", g)
	}
	b.stop(t)
}

// TestGapWholeMeetingReplay (c): restarted with nothing missed, the bot gets
// the whole meeting replayed on join; nothing is recorded twice, the
// replayed #startmeeting restarts nothing, and after #endmeeting another
// restart's replay of the finished meeting writes no second minutes.
func TestGapWholeMeetingReplay(t *testing.T) {
	b, ps := gapMeeting(t, true, "replay")
	alice, bob := ps[0], ps[1]
	alice.Privmsg(b.channel, "#topic one")
	const said = 30
	for i := range said {
		bob.Privmsg(b.channel, fmt.Sprintf("said %03d", i))
	}
	b.waitJournal(t, fmt.Sprintf("said %03d", said-1))
	b.stop(t) // a clean restart: nothing is said while it is down
	b.start(t)
	b.rejoined(t, alice)
	alice.Privmsg(b.channel, "#topic two")
	b.waitJournal(t, "#topic two")
	if got := strings.Count(b.stderr.String(), "Meeting started"); got != 0 {
		t.Fatalf("the replay restarted the meeting")
	}
	endMeeting(t, b, alice)
	c, lines := countRecord(t, b, said)
	starts := 0
	for _, l := range lines {
		if strings.HasPrefix(l.Text, "#startmeeting") || strings.HasPrefix(l.Text, "Meeting started") {
			starts++
		}
	}
	t.Logf("restart with the whole meeting replayed: said %d, recorded once %d, lost %d, duplicated %d", c.said, c.once, c.lost, c.dup)
	if c.once != said || starts != 2 || c.recovered != 0 {
		t.Fatalf("record %+v, %d start lines (want #startmeeting and the reply once each)", c, starts)
	}
	m := b.minutesJSON(t)
	if got := strings.Join(items(m), "|"); got != "TOPIC:one|TOPIC:two" {
		t.Fatalf("items %q", got)
	}
	if g, _ := m["gaps"].([]any); len(g) != 1 || g[0].(map[string]any)["filled"] != true {
		t.Fatalf("gaps %v", g)
	}

	// The finished meeting is replayed again on the next start: no second
	// meeting, no second minutes.
	b.stop(t)
	b.start(t)
	b.rejoined(t, alice)
	alice.Privmsg(b.channel, "after the meeting")
	b.waitJournal(t, "after the meeting")
	b.minutesJSON(t) // exactly one .json in the archive
	for _, l := range b.journaled(t) {
		if l.Recovered {
			t.Fatalf("finished meeting recorded again: %+v", l)
		}
	}
	b.stop(t)
}
