package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/journal"
)

// botEnv is one recorder under test: its directories and how to reach it.
type botEnv struct {
	net                   *ircnet.Net
	archive, journal, log string
	nick, channel         string
	cmd                   *exec.Cmd
	stderr                *ircnet.Buffer
	env                   []string // more environment for the bot (GAVEL_CONFIG=…)
}

func newBotEnv(t *testing.T, n *ircnet.Net) *botEnv {
	dir := t.TempDir()
	return &botEnv{net: n, archive: filepath.Join(dir, "archive"), journal: filepath.Join(dir, "journal"),
		log: filepath.Join(dir, "bot.log"), nick: "gavelbot", channel: "#meeting"}
}

func (b *botEnv) args(extra ...string) []string {
	return append([]string{"bot", "--server", b.net.Addr(), "--nick", b.nick, "--channel", b.channel,
		"--archive", b.archive, "--journal-dir", b.journal, "--log", b.log, "--reconnect-min", "200ms",
		"--reconnect-max", "1s"}, extra...)
}

// start runs `gavel bot` as a child process (this test binary re-executed
// as main), so it can be killed like a real one.
func (b *botEnv) start(t *testing.T, extra ...string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], b.args(extra...)...)
	cmd.Env = append(append(os.Environ(), "GAVEL_TEST_AS_MAIN=1"), b.env...)
	b.stderr = &ircnet.Buffer{}
	cmd.Stderr = b.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	b.cmd = cmd
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if t.Failed() {
			t.Logf("bot stderr:\n%s", b.stderr.String())
			data, _ := os.ReadFile(b.log)
			t.Logf("bot log:\n%s", data)
		}
	})
}

// stop sends SIGTERM and waits for a clean exit.
func (b *botEnv) stop(t *testing.T) {
	t.Helper()
	b.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("bot did not exit cleanly: %v\n%s", err, b.stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("bot did not exit within 15 s of SIGTERM")
	}
}

func (b *botEnv) kill9(t *testing.T) {
	t.Helper()
	b.cmd.Process.Signal(syscall.SIGKILL)
	b.cmd.Wait()
}

// journaled returns the lines in the bot's live journal of its channel.
func (b *botEnv) journaled(t *testing.T) []meeting.Line { return b.journaledIn(t, b.channel) }

// journaledIn returns the lines in the bot's live journal of channel.
func (b *botEnv) journaledIn(t *testing.T, channel string) []meeting.Line {
	t.Helper()
	_, lines, err := journal.ReadFile(journal.PathFor(b.journal, "127.0.0.1", channel))
	if err != nil {
		return nil
	}
	return lines
}

// waitJournal waits until the journal of the bot's channel holds a line
// with text.
func (b *botEnv) waitJournal(t *testing.T, text string) {
	t.Helper()
	b.waitJournalIn(t, b.channel, text)
}

// waitJournalIn waits until channel's journal holds a line with text.
func (b *botEnv) waitJournalIn(t *testing.T, channel, text string) {
	t.Helper()
	b.waitJournalWithin(t, channel, text, 30*time.Second)
}

// waitJournalWithin is waitJournalIn with its own time limit.
func (b *botEnv) waitJournalWithin(t *testing.T, channel, text string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		for _, l := range b.journaledIn(t, channel) {
			if l.Text == text {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("journal of %s never got %q\n%s", channel, text, b.stderr.String())
}

// minutesJSON reads the single meeting's JSON minutes from the archive.
func (b *botEnv) minutesJSON(t *testing.T) map[string]any {
	t.Helper()
	ms := b.allMinutesJSON(t)
	if len(ms) != 1 {
		t.Fatalf("want one .json in the archive, found %d", len(ms))
	}
	return ms[0]
}

// allMinutesJSON reads every meeting's JSON minutes from the archive.
func (b *botEnv) allMinutesJSON(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	filepath.WalkDir(b.archive, func(p string, d os.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".json") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out = append(out, m)
		return nil
	})
	return out
}

// inChannel waits until nick is in the channel, as c sees it (NAMES).
func inChannel(t *testing.T, c *ircnet.Client, channel, nick string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		c.Send("NAMES " + channel)
		m, err := c.WaitFor(2*time.Second, func(m ircnet.Msg) bool { return m.Command == "353" || m.Command == "366" })
		if err == nil && m.Command == "353" {
			for _, n := range strings.Fields(m.Last()) {
				if strings.TrimLeft(n, "~&@%+") == nick {
					return
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s never joined %s", nick, channel)
}

func fromBot(nick, contains string) func(ircnet.Msg) bool {
	return func(m ircnet.Msg) bool {
		return m.Command == "PRIVMSG" && m.Nick == nick && strings.Contains(m.Last(), contains)
	}
}

func joined(nick string) func(ircnet.Msg) bool {
	return func(m ircnet.Msg) bool { return m.Command == "JOIN" && m.Nick == nick }
}

// people joins participants to the channel.
func people(t *testing.T, n *ircnet.Net, channel string, nicks ...string) []*ircnet.Client {
	out := make([]*ircnet.Client, len(nicks))
	var wg sync.WaitGroup
	for i, nick := range nicks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := n.Connect(context.Background(), nick, ircnet.DialOptions{})
			if err != nil {
				t.Errorf("dial %s: %v", nick, err)
				return
			}
			out[i] = c
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for _, c := range out {
		t.Cleanup(c.Close)
		c.Join(t, channel)
	}
	return out
}

func items(m map[string]any) (out []string) {
	for _, tp := range m["topics"].([]any) {
		tm := tp.(map[string]any)
		out = append(out, "TOPIC:"+tm["title"].(string))
		for _, it := range tm["items"].([]any) {
			im := it.(map[string]any)
			s := im["type"].(string) + ":" + im["text"].(string)
			if tl, ok := im["tally"].(map[string]any); ok {
				s += fmt.Sprintf(" (+1:%v 0:%v -1:%v)", tl["+1"], tl["0"], tl["-1"])
			}
			out = append(out, s)
		}
	}
	return out
}

// TestBotScriptedMeeting runs a whole meeting through the real server:
// several participants, the recorder answering as MeetBot, and minutes
// that match the script.
func TestBotScriptedMeeting(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	ps := people(t, n, b.channel, "alice", "bob", "carol", "mallory")
	alice, bob, carol, mallory := ps[0], ps[1], ps[2], ps[3]
	b.start(t)
	alice.Expect(t, 20*time.Second, joined(b.nick))

	// Lines from different connections may reach the server in any order;
	// waiting for each in the journal keeps the script's order.
	say := func(c *ircnet.Client, text string) {
		c.Privmsg(b.channel, text)
		b.waitJournal(t, text)
	}
	say(alice, "#startmeeting Release planning")
	alice.Expect(t, 10*time.Second, fromBot(b.nick, "Meeting started"))
	say(alice, "#chair bob")
	alice.Expect(t, 10*time.Second, fromBot(b.nick, "Current chairs: alice bob"))
	say(bob, "#topic Schedule")
	say(carol, "#info beta is ready")
	say(carol, "I propose we ship on Friday")
	say(bob, "+1")
	say(carol, "+1 sure")
	say(mallory, "-1")
	say(mallory, "#topic hijacked")
	say(alice, "#agreed ship on Friday")
	say(bob, "#action carol writes the release notes")
	say(alice, "#startvote Codename? fox, owl")
	alice.Expect(t, 10*time.Second, fromBot(b.nick, "Begin voting on: Codename?"))
	say(bob, "#vote fox")
	say(carol, "#vote owl")
	say(alice, "#vote FOX")
	say(alice, "#endvote")
	alice.Expect(t, 10*time.Second, fromBot(b.nick, "fox (2): bob, alice"))
	alice.Privmsg(b.channel, "#endmeeting") // the journal rotates at the end
	alice.Expect(t, 10*time.Second, fromBot(b.nick, "Meeting ended"))
	alice.Expect(t, 10*time.Second, fromBot(b.nick, "Log:"))

	m := b.minutesJSON(t)
	got := strings.Join(items(m), "\n")
	want := strings.Join([]string{
		"TOPIC:Schedule",
		"INFO:beta is ready",
		"AGREED:ship on Friday (+1:2 0:0 -1:1)",
		"ACTION:carol writes the release notes",
		`VOTE:Voted on "Codename?" Results are, fox: 2, owl: 1`,
	}, "\n")
	if got != want {
		t.Fatalf("minutes items:\n%s\nwant:\n%s", got, want)
	}
	if m["owner"] != "alice" || m["meeting_topic"] != "Release planning" || m["finished"] != true {
		t.Fatalf("minutes header: %v %v %v", m["owner"], m["meeting_topic"], m["finished"])
	}
	// The bot indexed what it wrote (archive.Written, in the background):
	// the decision is found without any walk of the archive.
	deadline := time.Now().Add(10 * time.Second)
	for {
		a, err := archive.Open(b.archive)
		if err != nil {
			t.Fatal(err)
		}
		res, err := a.SearchMeetings(t.Context(), "friday", archive.SearchOptions{})
		a.Close()
		if err == nil && len(res.Meetings) == 1 && res.Meetings[0].Decisions == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the bot's meeting is not in the index: %+v %v", res, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	acts := m["actions"].([]any)
	if len(acts) != 1 || fmt.Sprint(acts[0].(map[string]any)["owners"]) != "[carol]" {
		t.Fatalf("actions %v", acts)
	}
	lines := map[string]float64{}
	for _, p := range m["people"].([]any) {
		pm := p.(map[string]any)
		lines[pm["nick"].(string)] = pm["lines"].(float64)
	}
	if lines["alice"] != 7 || lines["bob"] != 4 || lines["carol"] != 4 || lines["mallory"] != 2 || lines[b.nick] < 6 {
		t.Fatalf("people %v", lines)
	}
	b.stop(t)
}

// TestBotSurvivesServerRestart stops the IRC server mid-meeting and starts
// it again: the recorder reconnects, rejoins and the meeting goes on, with
// every line the server delivered in the journal.
func TestBotSurvivesServerRestart(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	alice := people(t, n, b.channel, "alice")[0]
	b.start(t)
	alice.Expect(t, 20*time.Second, joined(b.nick))
	alice.Privmsg(b.channel, "#startmeeting")
	alice.Privmsg(b.channel, "#info before the restart")
	b.waitJournal(t, "#info before the restart")

	n.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := n.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	alice = people(t, n, b.channel, "alice")[0]
	inChannel(t, alice, b.channel, b.nick)
	alice.Privmsg(b.channel, "#info after the restart")
	alice.Privmsg(b.channel, "#endmeeting")
	alice.Expect(t, 15*time.Second, fromBot(b.nick, "Log:"))
	got := strings.Join(items(b.minutesJSON(t)), "|")
	m := b.minutesJSON(t)
	var prologue []string
	for _, it := range m["prologue"].([]any) {
		prologue = append(prologue, it.(map[string]any)["text"].(string))
	}
	if strings.Join(prologue, "|") != "before the restart|after the restart" {
		t.Fatalf("items after restart: %q %q", prologue, got)
	}
	if !strings.Contains(b.stderr.String(), "disconnected") {
		t.Fatalf("no disconnect was reported:\n%s", b.stderr.String())
	}
	b.stop(t)
}

// TestBotResumesAfterKill9 kills the recorder mid-meeting; started again it
// resumes from its journal and the minutes are complete.
func TestBotResumesAfterKill9(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	ps := people(t, n, b.channel, "alice", "bob")
	alice, bob := ps[0], ps[1]
	b.start(t)
	alice.Expect(t, 20*time.Second, joined(b.nick))
	alice.Privmsg(b.channel, "#startmeeting Crash test")
	alice.Privmsg(b.channel, "#topic Before")
	for i := range 20 {
		bob.Privmsg(b.channel, "line "+strconv.Itoa(i))
	}
	bob.Privmsg(b.channel, "#action bob checks the journal")
	b.waitJournal(t, "#action bob checks the journal")
	b.kill9(t)

	b.start(t)
	alice.Expect(t, 20*time.Second, joined(b.nick))
	alice.Privmsg(b.channel, "#topic After")
	alice.Privmsg(b.channel, "#endmeeting")
	alice.Expect(t, 15*time.Second, fromBot(b.nick, "Log:"))
	m := b.minutesJSON(t)
	if got := strings.Join(items(m), "|"); got != "TOPIC:Before|ACTION:bob checks the journal|TOPIC:After" {
		t.Fatalf("items %q", got)
	}
	bobLines := 0
	for _, p := range m["people"].([]any) {
		if pm := p.(map[string]any); pm["nick"] == "bob" {
			bobLines = int(pm["lines"].(float64))
		}
	}
	if bobLines != 21 || m["meeting_topic"] != "Crash test" {
		t.Fatalf("bob said %d lines (want 21), topic %v", bobLines, m["meeting_topic"])
	}
	if !strings.Contains(b.stderr.String(), "resuming the meeting") {
		t.Fatalf("no resume message:\n%s", b.stderr.String())
	}
	b.stop(t)
}

// TestBotHostileInput: what participants can throw at the recorder does
// not crash it, does not let a non-chair chair, and stays data.
func TestBotHostileInput(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	ps := people(t, n, b.channel, "alice", "mallory")
	alice, mallory := ps[0], ps[1]
	b.start(t)
	alice.Expect(t, 20*time.Second, joined(b.nick))
	alice.Privmsg(b.channel, "#startmeeting")
	b.waitJournal(t, "#startmeeting")
	mallory.Send("PRIVMSG " + b.channel + " :#info " + strings.Repeat("A", 8192))
	mallory.Send("PRIVMSG " + b.channel + " :#info nul\x00byte and \xff\xfe invalid utf-8 \x1b[2J\x1b]52;c;cHduZWQ=\x07")
	mallory.Privmsg(b.channel, "#chair mallory")
	mallory.Privmsg(b.channel, "#endmeeting")
	mallory.Privmsg(b.channel, "#meetingname ../../../../etc/passwd")
	mallory.Privmsg(b.channel, "#info <script>alert(1)</script>")
	b.waitJournal(t, "#info <script>alert(1)</script>")
	alice.Privmsg(b.channel, "#endmeeting")
	alice.Expect(t, 15*time.Second, fromBot(b.nick, "Log:"))
	m := b.minutesJSON(t)
	if fmt.Sprint(m["chairs"]) != "[alice]" {
		t.Fatalf("chairs %v", m["chairs"])
	}
	var texts []string
	for _, it := range m["prologue"].([]any) {
		texts = append(texts, it.(map[string]any)["text"].(string))
	}
	if len(texts) != 3 || !strings.HasPrefix(texts[0], "AAAA") || texts[2] != "<script>alert(1)</script>" {
		t.Fatalf("items %q", texts)
	}
	// every file stayed inside the archive
	filepath.WalkDir(filepath.Dir(b.archive), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(p, b.archive) && !strings.HasPrefix(p, b.journal) && p != b.log {
			t.Errorf("file outside the archive: %s", p)
		}
		return nil
	})
	b.stop(t)
}

// TestBotLoad: 20 participants send 200 lines a second between them for
// 30 s. Every line is journaled once, in order, and the recorder's memory
// stays flat.
func TestBotLoad(t *testing.T) {
	const senders, perSecond, seconds = 20, 200, 30
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	nicks := []string{"chair"}
	for i := range senders {
		nicks = append(nicks, fmt.Sprintf("p%02d", i))
	}
	ps := people(t, n, b.channel, nicks...)
	b.start(t)
	ps[0].Expect(t, 20*time.Second, joined(b.nick))
	ps[0].Privmsg(b.channel, "#startmeeting load")
	b.waitJournal(t, "#startmeeting load")

	rss := func() int {
		data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", b.cmd.Process.Pid))
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) > 1 && f[0] == "VmRSS:" {
				kb, _ := strconv.Atoi(f[1])
				return kb
			}
		}
		return 0
	}
	interval := time.Second * senders / perSecond // each sender's pace
	var wg sync.WaitGroup
	var early int
	start := time.Now()
	for i, p := range ps[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(interval)
			defer tick.Stop()
			for seq := 0; seq < seconds*perSecond/senders; seq++ {
				p.Privmsg(b.channel, fmt.Sprintf("msg %d from %d", seq, i))
				<-tick.C
			}
		}()
	}
	time.Sleep(10 * time.Second)
	early = rss()
	wg.Wait()
	elapsed := time.Since(start)
	ps[0].Privmsg(b.channel, "done sending")
	b.waitJournal(t, "done sending")
	late := rss()

	count := inSenderOrder(t, b.journaled(t), senders)
	if count != seconds*perSecond {
		t.Fatalf("journaled %d lines, sent %d", count, seconds*perSecond)
	}
	t.Logf("%d lines in %s; bot RSS %d KB after 10 s, %d KB at the end", count, elapsed.Round(time.Millisecond), early, late)
	if late > early+30*1024 {
		t.Fatalf("memory grew from %d KB to %d KB", early, late)
	}
	b.stop(t)
}

// inSenderOrder counts the journaled "msg SEQ from SENDER" lines of the
// load tests, failing when any sender's lines are lost, duplicated or
// reordered.
func inSenderOrder(t *testing.T, lines []meeting.Line, senders int) int {
	t.Helper()
	next := make([]int, senders)
	n := 0
	for _, l := range lines {
		var seq, from int
		if _, err := fmt.Sscanf(l.Text, "msg %d from %d", &seq, &from); err != nil {
			continue
		}
		if seq != next[from] {
			t.Fatalf("sender %d: got msg %d, want %d (lost, duplicated or reordered)", from, seq, next[from])
		}
		next[from]++
		n++
	}
	return n
}
