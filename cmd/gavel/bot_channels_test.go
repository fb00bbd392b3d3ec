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
	"github.com/gavel-irc/gavel/meeting/recorder"
)

// TestBotTwoMeetingsAtOnce: one connection, two channels (one --channel
// given twice, one as a comma list), two meetings running at once with
// interleaved lines; each channel's minutes hold only its own meeting.
func TestBotTwoMeetingsAtOnce(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	b.channel = "#ops"
	alice := people(t, n, "#ops", "alice")[0]
	bob := people(t, n, "#dev", "bob")[0]
	alice.Join(t, "#dev")
	b.start(t, "--channel", "#dev,#qa")
	alice.Expect(t, 20*time.Second, joined(b.nick))
	inChannel(t, bob, "#dev", b.nick)
	type said struct {
		c        *ircnet.Client
		ch, text string
	}
	for _, s := range []said{
		{alice, "#ops", "#startmeeting Ops"}, {bob, "#dev", "#startmeeting Dev"},
		{alice, "#ops", "#topic ops topic"}, {bob, "#dev", "#topic dev topic"},
		{alice, "#dev", "#info alice in dev"}, {alice, "#ops", "#info alice in ops"},
		{bob, "#dev", "#endmeeting"}, {alice, "#ops", "#endmeeting"},
	} {
		s.c.Privmsg(s.ch, s.text)
		if s.text != "#endmeeting" { // the journal rotates at the end
			b.waitJournalIn(t, s.ch, s.text)
		}
		time.Sleep(50 * time.Millisecond)
	}
	alice.Expect(t, 15*time.Second, fromBot(b.nick, "Meeting ended"))
	deadline := time.Now().Add(20 * time.Second)
	var got map[string]string
	for time.Now().Before(deadline) {
		got = map[string]string{}
		for _, m := range b.allMinutesJSON(t) {
			got[m["channel"].(string)] = m["meeting_topic"].(string) + ": " + strings.Join(items(m), "|")
		}
		if len(got) == 2 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	want := map[string]string{
		"#ops": "Ops: TOPIC:ops topic|INFO:alice in ops",
		"#dev": "Dev: TOPIC:dev topic|INFO:alice in dev",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("minutes\n got %v\nwant %v", got, want)
	}
	b.stop(t)
}

// TestBotJoinOnInvite: with --join-on-invite the bot joins a channel it is
// invited to, records there, and joins it again after a restart; without
// the flag an invitation is ignored.
func TestBotJoinOnInvite(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	op := people(t, n, "#invited", "op")[0]
	op.Join(t, "#other")
	b.start(t, "--join-on-invite")
	inChannel(t, op, b.channel, b.nick)
	op.Sendf("INVITE %s #invited", b.nick)
	op.Expect(t, 20*time.Second, joined(b.nick))
	op.Privmsg("#invited", "#startmeeting invited")
	b.waitJournalIn(t, "#invited", "#startmeeting invited")
	b.stop(t)
	path := recorder.InvitedPath(b.journal, "127.0.0.1")
	if got, err := recorder.LoadInvited(path); err != nil || strings.Join(got, ",") != "#invited" {
		t.Fatalf("remembered %v (%v), want #invited", got, err)
	}
	// a name spoilt by hand costs that entry only
	if err := recorder.SaveInvited(path, []string{"#invited", "not a channel"}); err != nil {
		t.Fatal(err)
	}

	b.start(t) // no flag: remembered invitations are still joined, new ones are not
	op.Expect(t, 20*time.Second, joined(b.nick))
	inChannel(t, op, "#invited", b.nick)
	op.Privmsg("#invited", "#info after the restart")
	b.waitJournalIn(t, "#invited", "#info after the restart")
	op.Sendf("INVITE %s #other", b.nick)
	time.Sleep(2 * time.Second)
	if strings.Contains(b.stderr.String(), "invited to #other") {
		t.Fatalf("joined #other on invitation without --join-on-invite\n%s", b.stderr.String())
	}
	b.stop(t)
}

// TestBotLoadChannels: 20 channels, each with its own speaker sending 10
// lines a second for a minute, through one bot connection. Every line is
// journaled once, in order, in its own channel's journal.
func TestBotLoadChannels(t *testing.T) {
	t.Parallel() // its own IRC server (and broker); mostly waiting
	const channels, perSecond, seconds = 20, 10, 60
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	var nicks, chans []string
	for i := range channels {
		nicks = append(nicks, fmt.Sprintf("s%02d", i))
		chans = append(chans, fmt.Sprintf("#load%02d", i))
	}
	b.channel = chans[0]
	speakers := make([]*ircnet.Client, channels)
	for i := range channels {
		speakers[i] = people(t, n, chans[i], nicks[i])[0]
	}
	b.start(t, "--channel", strings.Join(chans[1:], ","))
	for i, s := range speakers {
		inChannel(t, s, chans[i], b.nick)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for i, s := range speakers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(time.Second / perSecond)
			defer tick.Stop()
			for seq := range perSecond * seconds {
				s.Privmsg(chans[i], fmt.Sprintf("msg %d in %d", seq, i))
				<-tick.C
			}
			s.Privmsg(chans[i], "done")
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	// Each line is fsync'd before the next is read: on a busy disk the bot
	// may lag behind the senders, never drop a line.
	for _, ch := range chans {
		b.waitJournalWithin(t, ch, "done", 3*time.Minute)
	}
	lag := time.Since(start) - elapsed
	total := 0
	for i, ch := range chans {
		next := 0
		for _, l := range b.journaledIn(t, ch) {
			var seq, from int
			if _, err := fmt.Sscanf(l.Text, "msg %d in %d", &seq, &from); err != nil {
				continue
			}
			if from != i {
				t.Fatalf("%s journaled a line of channel %d", ch, from)
			}
			if seq != next {
				t.Fatalf("%s: got msg %d, want %d (lost, duplicated or reordered)", ch, seq, next)
			}
			next++
		}
		if next != perSecond*seconds {
			t.Fatalf("%s: journaled %d lines, said %d", ch, next, perSecond*seconds)
		}
		total += next
	}
	t.Logf("%d channels: %d lines said in %s, %d journaled once in order (the last %s after the last was said), 0 lost, 0 duplicated",
		channels, channels*perSecond*seconds, elapsed.Round(time.Millisecond), total, lag.Round(time.Millisecond))
	b.stop(t)
}

// TestBotPerChannelSettings: the config's channel tables give each channel
// its own settings — here #hush records quietly, #loud answers and
// announces its minutes under its own URL base — on one connection.
func TestBotPerChannelSettings(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	config := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(config, []byte(`url_base = "https://all.example.org/"
[networks.test.channels."#loud"]
url_base = "https://loud.example.org/m/"
[networks.test.channels."#hush"]
quiet = true
`), 0o600)
	b.env = []string{"GAVEL_CONFIG=" + config}
	b.channel = "#loud"
	alice := people(t, n, "#loud", "alice")[0]
	alice.Join(t, "#hush")
	b.start(t, "--channel", "#hush")
	inChannel(t, alice, "#hush", b.nick)
	inChannel(t, alice, "#loud", b.nick)
	alice.Privmsg("#hush", "#startmeeting hushed")
	b.waitJournalIn(t, "#hush", "#startmeeting hushed")
	alice.Privmsg("#loud", "#startmeeting loud")
	alice.Expect(t, 15*time.Second, func(m ircnet.Msg) bool {
		return m.Command == "PRIVMSG" && m.Nick == b.nick && m.Params[0] == "#loud" && strings.Contains(m.Last(), "Meeting started")
	})
	alice.Privmsg("#loud", "#endmeeting")
	alice.Expect(t, 15*time.Second, func(m ircnet.Msg) bool {
		return m.Command == "PRIVMSG" && m.Params[0] == "#loud" && strings.HasPrefix(m.Last(), "Minutes:") &&
			strings.Contains(m.Last(), "https://loud.example.org/m/loud/")
	})
	alice.Privmsg("#hush", "#endmeeting")
	deadline := time.Now().Add(15 * time.Second)
	for len(b.allMinutesJSON(t)) < 2 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if got := len(b.allMinutesJSON(t)); got != 2 {
		t.Fatalf("%d minutes written, want 2", got)
	}
	// The minutes count the bot's own lines: none in #hush, some in #loud.
	for _, m := range b.allMinutesJSON(t) {
		said := 0
		for _, p := range m["people"].([]any) {
			if pm := p.(map[string]any); pm["nick"] == b.nick {
				said = int(pm["lines"].(float64))
			}
		}
		if ch := m["channel"]; (ch == "#hush") != (said == 0) {
			t.Errorf("the bot said %d lines in %s", said, ch)
		}
	}
	b.stop(t)
}
