package main

import (
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
	"github.com/gavel-irc/gavel/meeting"
)

// TestBotChairIsAnAccount runs `gavel bot` on the real network with Atheme
// accounts: alice (account alice) starts the meeting; once she has quit,
// her nick taken by someone logged in as nobody, then by mallory's
// account, gets no chair rights (#topic, #endmeeting refused); the real
// alice back on her nick chairs again.
func TestBotChairIsAnAccount(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	n.MustRegister(t, "alice", "pw-alice")
	n.MustRegister(t, "mallory", "pw-mallory")
	dial := func(nick, account, pass string) *ircnet.Client { return dialInto(t, n, b.channel, nick, account, pass) }
	alice := dial("alice", "alice", "pw-alice")
	bob := dial("bob", "", "")
	openTopic(t, alice, b.channel)
	b.start(t)
	bob.Expect(t, 20*time.Second, joined(b.nick))
	var said []string
	say := func(c *ircnet.Client, text string) {
		c.Privmsg(b.channel, text)
		b.waitJournal(t, text)
		said = append(said, text)
	}
	say(alice, "#startmeeting Accounts")
	bob.Expect(t, 10*time.Second, fromBot(b.nick, "Meeting started"))
	say(alice, "#topic by the real alice")
	bob.Expect(t, 10*time.Second, topicFromBot(b.nick, "by the real alice"))
	alice.Quit("bye")
	bob.Expect(t, 10*time.Second, func(m ircnet.Msg) bool { return m.Command == "QUIT" && m.Nick == "alice" })

	for _, who := range []struct{ account, pass string }{{"", ""}, {"mallory", "pw-mallory"}} {
		impostor := dial("alice", who.account, who.pass)
		say(impostor, "#topic hijacked by "+who.account+"?")
		say(impostor, "#endmeeting")
		impostor.Quit("bye")
		bob.Expect(t, 10*time.Second, func(m ircnet.Msg) bool { return m.Command == "QUIT" && m.Nick == "alice" })
	}
	alice = dial("alice", "alice", "pw-alice")
	say(alice, "#topic the real alice is back")
	recordedOnce(t, b, said)
	// the TOPIC the bot sets next is the real alice's: the impostors' set none
	m := bob.Expect(t, 10*time.Second, func(m ircnet.Msg) bool { return m.Command == "TOPIC" && m.Nick == b.nick })
	if !strings.Contains(m.Last(), "the real alice is back") {
		t.Fatalf("topic after the impostors: %q", m.Last())
	}
	say(alice, "#endmeeting")
	bob.Expect(t, 15*time.Second, fromBot(b.nick, "Minutes:"))
	got := strings.Join(items(b.minutesJSON(t)), "|")
	if want := "TOPIC:by the real alice|TOPIC:the real alice is back"; got != want {
		t.Fatalf("minutes items %q, want %q", got, want)
	}
	b.stop(t)
}

// TestBotChairAccountFromWho: carol, logged in as carol, was in the channel
// before the bot came and says nothing; the bot learns her account from
// the server's WHO replies and journals it, so when alice makes her chair
// and she leaves, someone not logged in on her nick gets nothing, and the
// real carol back chairs.
func TestBotChairAccountFromWho(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	n.MustRegister(t, "alice", "pw-alice")
	n.MustRegister(t, "carol", "pw-carol")
	dial := func(nick, account, pass string) *ircnet.Client { return dialInto(t, n, b.channel, nick, account, pass) }
	alice := dial("alice", "alice", "pw-alice")
	carol := dial("carol", "carol", "pw-carol")
	openTopic(t, alice, b.channel)
	b.start(t)
	alice.Expect(t, 20*time.Second, joined(b.nick))
	deadline := time.Now().Add(20 * time.Second)
	for !hasAccountSeen(b.journaled(t), "carol", "carol") {
		if time.Now().After(deadline) {
			t.Fatalf("the bot never journaled carol's account from WHO: %+v", b.journaled(t))
		}
		time.Sleep(50 * time.Millisecond)
	}
	var said []string
	say := func(c *ircnet.Client, text string) {
		c.Privmsg(b.channel, text)
		b.waitJournal(t, text)
		said = append(said, text)
	}
	say(alice, "#startmeeting Silent chair")
	say(alice, "#chair carol")
	carol.Quit("bye")
	alice.Expect(t, 10*time.Second, func(m ircnet.Msg) bool { return m.Command == "QUIT" && m.Nick == "carol" })
	impostor := dial("carol", "", "")
	say(impostor, "#topic hijacked")
	impostor.Quit("bye")
	alice.Expect(t, 10*time.Second, func(m ircnet.Msg) bool { return m.Command == "QUIT" && m.Nick == "carol" })
	carol = dial("carol", "carol", "pw-carol")
	say(carol, "#topic the real carol")
	recordedOnce(t, b, said)
	alice.Privmsg(b.channel, "#endmeeting")
	alice.Expect(t, 15*time.Second, fromBot(b.nick, "Minutes:"))
	if got := strings.Join(items(b.minutesJSON(t)), "|"); got != "TOPIC:the real carol" {
		t.Fatalf("minutes items %q, want only the real carol's topic", got)
	}
	b.stop(t)
}

func hasAccountSeen(lines []meeting.Line, nick, account string) bool {
	for _, l := range lines {
		if l.Kind == meeting.AccountSeen && l.Nick == nick && l.Account == account {
			return true
		}
	}
	return false
}

// TestBotSendsNoControls: a participant's #topic with ESC and BEL reaches
// the channel TOPIC and the replies without them; the journal keeps the
// line as it was said.
func TestBotSendsNoControls(t *testing.T) {
	n := ircnet.Start(t)
	b := newBotEnv(t, n)
	ps := people(t, n, b.channel, "alice", "bob")
	alice, bob := ps[0], ps[1]
	openTopic(t, alice, b.channel)
	b.start(t)
	bob.Expect(t, 20*time.Second, joined(b.nick))
	evil := "\x1b[31mevil\x07 \x0304red\x03"
	said := []string{"#startmeeting", "#topic " + evil, "#undo"}
	for _, text := range said {
		alice.Privmsg(b.channel, text)
		b.waitJournal(t, text) // raw bytes in the journal
	}
	recordedOnce(t, b, said)
	var topic, undo string
	deadline := time.Now().Add(15 * time.Second)
	for (topic == "" || undo == "") && time.Now().Before(deadline) {
		m, err := bob.Next(time.Second)
		switch {
		case err != nil || m.Nick != b.nick:
		case m.Command == "TOPIC" && strings.Contains(m.Last(), "evil"):
			topic = m.Last()
		case m.Command == "PRIVMSG" && strings.HasPrefix(m.Last(), "Removing item from minutes"):
			undo = m.Last()
		}
	}
	if topic != "[31mevil \x0304red\x03" || !strings.HasSuffix(undo, ": [31mevil \x0304red\x03") {
		t.Fatalf("topic %q, #undo reply %q", topic, undo)
	}
	b.stop(t)
}

// dialInto connects nick (logged in to account with pass, when given) and
// joins channel.
func dialInto(t *testing.T, n *ircnet.Net, channel, nick, account, pass string) *ircnet.Client {
	t.Helper()
	c := n.DialWith(t, nick, ircnet.DialOptions{Account: account, Password: pass})
	c.Join(t, channel)
	return c
}

// openTopic lets anyone set the channel's topic (-t), so the bot can
// without being an operator; c is the channel's first member (an op).
func openTopic(t *testing.T, c *ircnet.Client, channel string) {
	t.Helper()
	c.Send("MODE " + channel + " -t")
	c.Expect(t, 10*time.Second, func(m ircnet.Msg) bool { return m.Command == "MODE" && m.Param(1) == "-t" })
}

// recordedOnce checks that the journal holds the lines said, each once
// and in the order said (participants' lines; joins, quits and the bot's
// replies aside).
func recordedOnce(t *testing.T, b *botEnv, said []string) {
	t.Helper()
	isSaid := map[string]bool{}
	for _, s := range said {
		isSaid[s] = true
	}
	var got []string
	for _, l := range b.journaled(t) {
		if isSaid[l.Text] && l.Nick != b.nick {
			got = append(got, l.Text)
		}
	}
	if strings.Join(got, "\n") != strings.Join(said, "\n") {
		t.Fatalf("journal has %q\nsaid %q", got, said)
	}
	t.Logf("%d lines said, %d recorded once, 0 lost, 0 duplicated", len(said), len(got))
}

func topicFromBot(nick, contains string) func(ircnet.Msg) bool {
	return func(m ircnet.Msg) bool {
		return m.Command == "TOPIC" && m.Nick == nick && strings.Contains(m.Last(), contains)
	}
}
