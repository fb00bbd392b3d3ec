package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// Several gavels in one channel, on the real server: exactly one answers
// each command, every one writes the minutes. A plain participant
// (the watcher) counts the answers by what they say.

// replyKinds tells a command's answer by its text (TOPIC: the command).
var replyKinds = []struct{ kind, prefix string }{
	{"#startmeeting", "Meeting started"},
	{"#chair", "Current chairs:"},
	{"#meetingname", "The meeting name has been set to"},
	{"#endmeeting", "Meeting ended"},
	{"minutes announced", "Minutes:"},
}

// answers drains what the watcher saw and counts, per command, the answers
// each nick gave.
func answers(w *ircnet.Client, settle time.Duration) map[string]map[string]int {
	out := map[string]map[string]int{}
	count := func(kind, nick string) {
		if out[kind] == nil {
			out[kind] = map[string]int{}
		}
		out[kind][nick]++
	}
	last := map[string]string{} // each nick's previous message
	for _, m := range w.Collect(settle) {
		switch m.Command {
		case "TOPIC":
			count("#topic", m.Nick)
		case "PRIVMSG":
			prev := last[m.Nick]
			last[m.Nick] = m.Last()
			for _, k := range replyKinds {
				// zodbot (the default flavour) names the meeting at
				// #startmeeting too: that name reply, right after
				// "Useful Commands:", is part of the #startmeeting answer.
				if k.kind == "#meetingname" && strings.HasPrefix(prev, "Useful Commands:") {
					continue
				}
				if strings.HasPrefix(m.Last(), k.prefix) {
					count(k.kind, m.Nick)
				}
			}
		}
	}
	return out
}

// checkAnswers: every command answered exactly once, by speaker (before
// the takeover, by first where it is not empty).
func checkAnswers(t *testing.T, got map[string]map[string]int, want map[string]string) {
	t.Helper()
	for kind, nick := range want {
		if n := got[kind][nick]; n != 1 || len(got[kind]) != 1 {
			t.Errorf("%s answered %v, want once by %s", kind, got[kind], nick)
		}
	}
	t.Logf("answers per command: %v", got)
}

// waitLog waits until a recorder's log file holds text.
func waitLog(t *testing.T, path, text string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if data, _ := os.ReadFile(path); strings.Contains(string(data), text) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	data, _ := os.ReadFile(path)
	t.Fatalf("%s never logged %q:\n%s", path, text, data)
}

// minutesNamed checks the archive holds one meeting's minutes, named name.
func minutesNamed(t *testing.T, archive, name string) {
	t.Helper()
	var files []string
	filepath.WalkDir(archive, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".json") {
			files = append(files, filepath.Base(p))
		}
		return nil
	})
	if len(files) != 1 || !strings.HasPrefix(files[0], name+".") {
		t.Errorf("minutes in %s: %v, want one %s.*.json", archive, files, name)
	}
}

func anyBot(nicks []string, prefix string) func(ircnet.Msg) bool {
	return func(m ircnet.Msg) bool {
		return m.Command == "PRIVMSG" && slices.Contains(nicks, m.Nick) && strings.HasPrefix(m.Last(), prefix)
	}
}

func topicBy(nicks []string) func(ircnet.Msg) bool {
	return func(m ircnet.Msg) bool { return m.Command == "TOPIC" && slices.Contains(nicks, m.Nick) }
}

// topicChannel starts a network and joins people to #meeting; the first
// (channel op) lets anyone set the topic, as the speaker does at #topic.
func topicChannel(t *testing.T, nicks ...string) (*ircnet.Net, []*ircnet.Client) {
	n := ircnet.Start(t)
	ps := people(t, n, "#meeting", nicks...)
	ps[0].Send("MODE #meeting -t")
	return n, ps
}

// ask says a command as c and waits (10 s at most) for its answer.
func ask(t *testing.T, c *ircnet.Client, command string, answer func(ircnet.Msg) bool) {
	t.Helper()
	c.Privmsg("#meeting", command)
	c.Expect(t, 10*time.Second, answer)
}

// twoBots starts two `gavel bot`s, first then second, and waits until
// each knows who speaks.
func twoBots(t *testing.T, n *ircnet.Net, alice *ircnet.Client) (first, second *botEnv) {
	first, second = newBotEnv(t, n), newBotEnv(t, n)
	second.nick = "gavelbot2"
	t.Cleanup(func() {
		if t.Failed() {
			for _, b := range []*botEnv{first, second} {
				data, _ := os.ReadFile(b.log)
				t.Logf("%s log:\n%s", b.nick, data)
			}
		}
	})
	first.start(t)
	alice.Expect(t, 20*time.Second, joined(first.nick))
	second.start(t)
	alice.Expect(t, 20*time.Second, joined(second.nick))
	waitLog(t, second.log, `"speaker":"gavelbot (gavel bot)"`)
	waitLog(t, first.log, `"speaker":"me"`)
	return first, second
}

// TestTwoBotsOneSpeaker: two `gavel bot`s; the one started first answers
// every command once, the other stays quiet; both write the minutes.
func TestTwoBotsOneSpeaker(t *testing.T) {
	t.Parallel() // own server, own directories
	n, ps := topicChannel(t, "alice", "bob", "watcher")
	alice, watcher := ps[0], ps[2]
	b1, b2 := twoBots(t, n, alice)
	bots := []string{b1.nick, b2.nick}

	ask(t, alice, "#startmeeting Sync", anyBot(bots, "Meeting started"))
	ask(t, alice, "#topic Budget", topicBy(bots))
	ask(t, alice, "#chair bob", anyBot(bots, "Current chairs"))
	ask(t, alice, "#meetingname weekly", anyBot(bots, "The meeting name"))
	ask(t, alice, "#endmeeting", anyBot(bots, "Minutes:"))

	checkAnswers(t, answers(watcher, 3*time.Second), everyAnswer(b1.nick))
	minutesNamed(t, b1.archive, "weekly")
	minutesNamed(t, b2.archive, "weekly")
	b1.stop(t)
	b2.stop(t)
}

// TestSpeakerKilled: the speaking bot is killed (-9) mid-meeting; the
// other answers within seconds — the next command, or (when the speaker
// hung first and the command reached it before it died) the command the
// dead speaker never answered. Started again, the killed one resumes its
// journal, stays quiet, and both write minutes.
func TestSpeakerKilled(t *testing.T) {
	t.Parallel() // own server, own directories
	for _, hung := range []bool{false, true} {
		name := map[bool]string{false: "killed", true: "hung, then killed"}[hung]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n, ps := topicChannel(t, "alice", "bob", "watcher")
			alice, watcher := ps[0], ps[2]
			b1, b2 := twoBots(t, n, alice)
			bots := []string{b1.nick, b2.nick}

			ask(t, alice, "#startmeeting Crash", anyBot(bots, "Meeting started"))
			before := answers(watcher, time.Second)

			if hung {
				b1.cmd.Process.Signal(syscall.SIGSTOP)
				alice.Privmsg("#meeting", "#chair bob")
				if m, err := alice.WaitFor(time.Second, anyBot(bots, "Current chairs")); err == nil {
					t.Fatalf("answered while the speaker was only hung: %s", m.Raw)
				}
			}
			b1.kill9(t)
			killed := time.Now()
			if !hung {
				alice.Privmsg("#meeting", "#chair bob")
			}
			alice.Expect(t, 10*time.Second, anyBot(bots, "Current chairs"))
			took := time.Since(killed)
			if took > 5*time.Second {
				t.Errorf("the takeover took %s", took)
			}
			t.Logf("speaker killed; #chair answered by the other %s later", took.Round(time.Millisecond))

			b1.start(t) // resumes from its journal, rejoins mid-meeting
			alice.Expect(t, 20*time.Second, joined(b1.nick))
			waitLog(t, b1.log, `"speaker":"gavelbot2 (gavel bot)"`)
			ask(t, alice, "#meetingname crash", anyBot(bots, "The meeting name"))
			ask(t, alice, "#endmeeting", anyBot(bots, "Minutes:"))

			checkAnswers(t, before, map[string]string{"#startmeeting": b1.nick})
			checkAnswers(t, answers(watcher, 3*time.Second), map[string]string{"#chair": b2.nick, "#meetingname": b2.nick,
				"#endmeeting": b2.nick, "minutes announced": b2.nick})
			minutesNamed(t, b1.archive, "crash")
			minutesNamed(t, b2.archive, "crash")
			b1.stop(t)
			b2.stop(t)
		})
	}
}

// chairTerm runs `gavel chair` as nick in tmux.
func chairTerm(t *testing.T, n *ircnet.Net, nick string) (*tmuxTerm, string) {
	dir := t.TempDir()
	archive := filepath.Join(dir, "archive")
	tt := startTmux(t, 120, 30, []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir + "/config"},
		"chair", "--server", n.Addr(), "--nick", nick, "--channel", "#meeting",
		"--archive", archive, "--journal-dir", filepath.Join(dir, "journal"), "--log", filepath.Join(dir, "chair.log"))
	tt.waitScreen(20*time.Second, "connected")
	return tt, archive
}

// keyCommand types a meeting command with the chair keys (Ctrl-X letter)
// and waits until the server delivered it.
func keyCommand(t *testing.T, tt *tmuxTerm, from string, seen *ircnet.Client, letter, text string) {
	t.Helper()
	prefix := map[string]string{"s": "#startmeeting ", "t": "#topic ", "c": "#chair "}
	tt.keys("C-x", letter)
	tt.typeText(text)
	tt.keys("Enter")
	want := prefix[letter] + text
	seen.Expect(t, 10*time.Second, func(m ircnet.Msg) bool {
		return m.Command == "PRIVMSG" && m.Nick == from && m.Last() == want
	})
}

// chairAt is a chair's terminal and nick.
type chairAt struct {
	tt   *tmuxTerm
	nick string
}

// keyMeeting chairs a meeting with keys: start, topic, chair and end in
// main's terminal, #meetingname typed in other's; each step waits until
// one of speakers answered it (seen by seen).
func keyMeeting(t *testing.T, seen *ircnet.Client, speakers []string, main, other chairAt, name string) {
	t.Helper()
	keyCommand(t, main.tt, main.nick, seen, "s", "Chaired with keys")
	seen.Expect(t, 10*time.Second, anyBot(speakers, "Meeting started"))
	keyCommand(t, main.tt, main.nick, seen, "t", "Plans")
	seen.Expect(t, 10*time.Second, topicBy(speakers))
	keyCommand(t, main.tt, main.nick, seen, "c", "alice bob")
	seen.Expect(t, 10*time.Second, anyBot(speakers, "Current chairs"))
	typed(t, other.tt, other.nick, seen, "#meetingname "+name)
	seen.Expect(t, 10*time.Second, anyBot(speakers, "The meeting name"))
	main.tt.keys("C-x", "x")
	main.tt.waitScreen(5*time.Second, "End the meeting now?")
	main.tt.keys("y")
	seen.Expect(t, 10*time.Second, anyBot(speakers, "Minutes:"))
	main.tt.waitScreen(20*time.Second, "files written in")
}

// everyAnswer: every command of the meeting answered by nick.
func everyAnswer(nick string) map[string]string {
	out := map[string]string{}
	for _, k := range []string{"#startmeeting", "#topic", "#chair", "#meetingname", "#endmeeting", "minutes announced"} {
		out[k] = nick
	}
	return out
}

// typed sends a line typed in the chair's input.
func typed(t *testing.T, tt *tmuxTerm, from string, seen *ircnet.Client, text string) {
	t.Helper()
	tt.typeText(text)
	tt.keys("Enter")
	seen.Expect(t, 10*time.Second, func(m ircnet.Msg) bool {
		return m.Command == "PRIVMSG" && m.Nick == from && m.Last() == text
	})
}

// TestChairBesideBotInTmux: `gavel chair` started before the team's
// `gavel bot`: the bot speaks (a bot before a chair), the chair's header
// says so, both write the minutes.
func TestChairBesideBotInTmux(t *testing.T) {
	t.Parallel() // own server, own directories
	n, ps := topicChannel(t, "bob", "watcher")
	bob, watcher := ps[0], ps[1]
	tt, chairArchive := chairTerm(t, n, "alice")
	bob.Expect(t, 20*time.Second, joined("alice"))
	b := newBotEnv(t, n)
	b.start(t)
	bob.Expect(t, 20*time.Second, joined(b.nick))
	tt.waitScreen(20*time.Second, "speaking: gavelbot (gavel bot)")
	waitLog(t, b.log, `"speaker":"me"`)
	bots := []string{"alice", b.nick}

	keyMeeting(t, bob, bots, chairAt{tt, "alice"}, chairAt{tt, "alice"}, "beside")
	checkAnswers(t, answers(watcher, 3*time.Second), everyAnswer(b.nick))
	minutesNamed(t, chairArchive, "beside")
	minutesNamed(t, b.archive, "beside")
	tt.keys("C-c")
	tt.waitScreen(10*time.Second, "gavel-exited-0")
	b.stop(t)
}

// TestTwoChairsInTmux: co-chairs each run `gavel chair`; the one started
// first speaks (both see it in the header), whichever chair types the
// commands; both write the minutes.
func TestTwoChairsInTmux(t *testing.T) {
	t.Parallel() // own server, own directories
	n, ps := topicChannel(t, "bob", "watcher")
	bob, watcher := ps[0], ps[1]
	alice, aliceArchive := chairTerm(t, n, "alice")
	bob.Expect(t, 20*time.Second, joined("alice"))
	carol, carolArchive := chairTerm(t, n, "carol")
	bob.Expect(t, 20*time.Second, joined("carol"))
	alice.waitScreen(20*time.Second, "speaking: me")
	carol.waitScreen(20*time.Second, "speaking: alice (gavel chair)")
	chairs := []string{"alice", "carol"}

	// carol chairs with her keys, alice names the meeting; alice's gavel
	// answers
	keyMeeting(t, bob, chairs, chairAt{carol, "carol"}, chairAt{alice, "alice"}, "cochairs")
	alice.waitScreen(20*time.Second, "files written in")
	checkAnswers(t, answers(watcher, 3*time.Second), everyAnswer("alice"))
	minutesNamed(t, aliceArchive, "cochairs")
	minutesNamed(t, carolArchive, "cochairs")
	for _, tt := range []*tmuxTerm{alice, carol} {
		tt.keys("C-c")
		tt.waitScreen(10*time.Second, "gavel-exited-0")
	}
}

// TestImpostorSpeaker: a person whose realname claims the first gavel bot
// never answers; the real bot says what was left unsaid once a line comes
// 10 s after the command, and answers at once from then on.
func TestImpostorSpeaker(t *testing.T) {
	t.Parallel() // own server, own directories
	n, ps := topicChannel(t, "alice", "bob", "watcher")
	alice, bob, watcher := ps[0], ps[1], ps[2]
	ghost := n.DialWith(t, "ghost", ircnet.DialOptions{RealName: "gavel/bot since 2000-01-01T00:00:00.000Z"})
	ghost.Join(t, "#meeting")
	b := newBotEnv(t, n)
	b.start(t)
	alice.Expect(t, 20*time.Second, joined(b.nick))
	waitLog(t, b.log, `"speaker":"ghost (gavel bot)"`)

	alice.Privmsg("#meeting", "#startmeeting Impostor")
	said := time.Now()
	if m, err := alice.WaitFor(9*time.Second, anyBot([]string{b.nick}, "Meeting started")); err == nil {
		t.Fatalf("answered before the impostor had 10 s: %s", m.Raw)
	}
	time.Sleep(time.Until(said.Add(10500 * time.Millisecond)))
	bob.Privmsg("#meeting", "anyone?")
	alice.Expect(t, 10*time.Second, anyBot([]string{b.nick}, "Meeting started"))
	alice.Privmsg("#meeting", "#chair bob")
	alice.Expect(t, 5*time.Second, anyBot([]string{b.nick}, "Current chairs"))
	checkAnswers(t, answers(watcher, 2*time.Second), map[string]string{"#startmeeting": b.nick, "#chair": b.nick})
	b.stop(t)
}

func TestQuietEverywhere(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		quiet bool
		per   map[string]channelSettings
		want  bool
	}{
		{false, nil, false},
		{true, nil, true},
		{true, map[string]channelSettings{"#a": {Quiet: &yes}, "#b": {URLBase: "x"}}, true},
		{true, map[string]channelSettings{"#a": {Quiet: &no}}, false},
		{false, map[string]channelSettings{"#a": {Quiet: &yes}}, false},
	} {
		if got := quietEverywhere(tc.quiet, tc.per); got != tc.want {
			t.Errorf("quietEverywhere(%v, %v) = %v", tc.quiet, tc.per, got)
		}
	}
}

// TestBotsStartTogether: two bots start at the same moment and the chair
// starts the meeting as soon as both are in the channel — before either
// may know the other. #startmeeting may be answered twice at most; every
// later command exactly once, by one of them.
func TestBotsStartTogether(t *testing.T) {
	t.Parallel() // own server, own directories
	n, ps := topicChannel(t, "alice", "bob", "watcher")
	alice, watcher := ps[0], ps[2]
	b1, b2 := newBotEnv(t, n), newBotEnv(t, n)
	b2.nick = "gavelbot2"
	b1.start(t)
	b2.start(t)
	bots := []string{b1.nick, b2.nick}
	in := map[string]bool{}
	alice.Expect(t, 20*time.Second, func(m ircnet.Msg) bool {
		if m.Command == "JOIN" {
			in[m.Nick] = true
		}
		return in[b1.nick] && in[b2.nick]
	})
	ask(t, alice, "#startmeeting Together", anyBot(bots, "Meeting started"))
	ask(t, alice, "#chair bob", anyBot(bots, "Current chairs"))
	ask(t, alice, "#meetingname together", anyBot(bots, "The meeting name"))
	ask(t, alice, "#endmeeting", anyBot(bots, "Minutes:"))

	got := answers(watcher, 3*time.Second)
	t.Logf("answers per command: %v", got)
	start := 0
	for _, c := range got["#startmeeting"] {
		start += c
	}
	if start < 1 || start > 2 {
		t.Errorf("#startmeeting answered %d times", start)
	}
	var speaker string
	for _, kind := range []string{"#chair", "#meetingname", "#endmeeting", "minutes announced"} {
		if len(got[kind]) != 1 {
			t.Errorf("%s answered by %v", kind, got[kind])
		}
		for nick, c := range got[kind] {
			if c != 1 || speaker != "" && nick != speaker {
				t.Errorf("%s answered %v (speaker %s)", kind, got[kind], speaker)
			}
			speaker = nick
		}
	}
	minutesNamed(t, b1.archive, "together")
	minutesNamed(t, b2.archive, "together")
	b1.stop(t)
	b2.stop(t)
}
