package recorder

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

func TestIdentRoundTrip(t *testing.T) {
	since := time.Date(2026, 12, 1, 14, 0, 0, 123e6, time.UTC)
	for _, id := range []Ident{{Role: RoleBot, Since: since}, {Role: RoleChair, Quiet: true, Since: since}} {
		got, ok := ParseIdent(id.String())
		if !ok || got != id {
			t.Errorf("ParseIdent(%q) = %+v %v", id.String(), got, ok)
		}
	}
	for _, bad := range []string{"", "gavel meeting bot", "Alice Smith", "gavel/bot", "gavel/admin since 2026-12-01T14:00:00Z",
		"gavel/bot since yesterday", "gavel/bot loud since 2026-12-01T14:00:00Z", "gavel/bot since 2026-12-01T14:00:00Z extra",
		"gavel/chair quiet", "gavel/\x00bot since 2026-12-01T14:00:00Z"} {
		if id, ok := ParseIdent(bad); ok {
			t.Errorf("ParseIdent(%q) = %+v, want not a gavel", bad, id)
		}
	}
}

// TestFloorOrder: who speaks, from what one instance sees.
func TestFloorOrder(t *testing.T) {
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	bot := func(min int) string { return Ident{Role: RoleBot, Since: at(min)}.String() }
	chair := func(min int) string { return Ident{Role: RoleChair, Since: at(min)}.String() }
	quiet := func(min int) string { return Ident{Role: RoleBot, Quiet: true, Since: at(min)}.String() }
	for _, tc := range []struct {
		name   string
		me     Ident
		others []Member
		want   string
	}{
		{"alone", Ident{Role: RoleBot, Since: at(5)}, []Member{{"alice", "Alice"}}, "me"},
		{"earlier bot", Ident{Role: RoleBot, Since: at(5)}, []Member{{"b1", bot(1)}}, "b1 (gavel bot)"},
		{"later bot", Ident{Role: RoleBot, Since: at(5)}, []Member{{"b9", bot(9)}}, "me"},
		{"bot before an earlier chair", Ident{Role: RoleBot, Since: at(5)}, []Member{{"alice", chair(1)}}, "me"},
		{"chair after a later bot", Ident{Role: RoleChair, Since: at(1)}, []Member{{"gavelbot", bot(9)}}, "gavelbot (gavel bot)"},
		{"same time: nick order", Ident{Role: RoleChair, Since: at(1)}, []Member{{"aaron", chair(1)}}, "aaron (gavel chair)"},
		{"same time: nick order, us first", Ident{Role: RoleChair, Since: at(1)}, []Member{{"zed", chair(1)}}, "me"},
		{"a quiet gavel never speaks", Ident{Role: RoleChair, Since: at(5)}, []Member{{"qbot", quiet(1)}}, "me"},
		{"quiet us", Ident{Role: RoleBot, Quiet: true, Since: at(1)}, []Member{{"c", chair(9)}}, "c (gavel chair)"},
		{"nobody", Ident{Role: RoleBot, Quiet: true, Since: at(1)}, []Member{{"q", quiet(0)}}, "nobody"},
		{"zodbot always wins", Ident{Role: RoleBot, Since: at(1)}, []Member{{"@zodbot", "zodbot"}, {"b0", bot(0)}}, "zodbot (meeting bot)"},
		{"a gavel named like a meeting bot is a gavel", Ident{Role: RoleBot, Since: at(1)}, []Member{{"meetbot", bot(5)}}, "me"},
		{"a realname copying ours is us, not a rival", Ident{Role: RoleBot, Since: at(1)}, []Member{{"gavel", bot(1)}}, "me"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFloor(tc.me, false, "gavel")
			f.roster(append([]Member{{"gavel", tc.me.String()}}, tc.others...), true)
			if got := f.speaker().String(); got != tc.want {
				t.Fatalf("speaker %q, want %q", got, tc.want)
			}
		})
	}
}

// sim is a channel several recorders sit in, delivered in one order to
// everyone (like a server): what a recorder says becomes a line everyone
// gets, its own included (echo-message).
type sim struct {
	t     *testing.T
	clock time.Time
	queue []meeting.Line
	insts []*inst
	// replies counts every line a gavel said, by the command it followed.
	replies map[string]int
	lastCmd string
}

type inst struct {
	s      *sim
	nick   string
	ident  Ident
	rec    *Recorder
	w      *writes
	in     bool // in the channel: gets lines, may speak
	said   []string
	topics []string
}

func (i *inst) Say(_, text string) {
	i.said = append(i.said, text)
	i.s.post(i.nick, text)
}

func (i *inst) SetTopic(_, topic string) {
	i.topics = append(i.topics, topic)
	i.s.queue = append(i.s.queue, meeting.Line{Nick: i.nick, Kind: meeting.TopicChange, Text: topic})
}

func (s *sim) post(nick, text string) {
	s.queue = append(s.queue, meeting.Line{Nick: nick, Text: text})
}

// gavel adds an instance (not yet in the channel).
func (s *sim) gavel(nick string, role Role, sinceMin int) *inst {
	s.t.Helper()
	i := &inst{s: s, nick: nick, ident: Ident{Role: role, Since: t0.Add(time.Duration(sinceMin) * time.Minute)}, w: &writes{}}
	cfg := Config{Network: "sim", Channel: "#c", Self: nick, JournalDir: s.t.TempDir(), SetTopic: true, Write: i.w.write, Ident: i.ident}
	if role == RoleBot {
		cfg.BotNick = nick
	}
	r, err := Open(cfg, i)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { r.Close() })
	i.rec = r
	s.insts = append(s.insts, i)
	return i
}

// restart opens i's journal again as a new instance (started later).
func (s *sim) restart(i *inst) *inst {
	s.t.Helper()
	n := &inst{s: s, nick: i.nick, ident: Ident{Role: i.ident.Role, Since: s.clock}, w: &writes{}}
	cfg := i.rec.cfg
	cfg.Ident, cfg.Write = n.ident, n.w.write
	i.rec.Close()
	r, err := Open(cfg, n)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { r.Close() })
	n.rec = r
	for k, o := range s.insts {
		if o == i {
			s.insts[k] = n
		}
	}
	return n
}

// join puts i in the channel: its JOIN reaches everyone, then everyone
// learns its realname (extended-join) and i gets the whole roster
// (WHO). humans are the non-gavel nicks present.
func (s *sim) join(i *inst, humans ...string) {
	i.in = true
	s.queue = append(s.queue, meeting.Line{Nick: i.nick, Kind: meeting.Join})
	s.pump()
	var members []Member
	for _, h := range humans {
		members = append(members, Member{Nick: h, RealName: h})
	}
	for _, o := range s.insts {
		if o.in {
			members = append(members, Member{Nick: o.nick, RealName: o.ident.String()})
		}
	}
	for _, o := range s.insts {
		if o.in {
			o.rec.Roster(members, true)
		}
	}
	s.pump()
}

// leave takes i out: gone at once (killed), its QUIT reaches the others
// only after the lines in between.
func (s *sim) kill(i *inst) { i.in = false }

func (s *sim) quit(i *inst) {
	s.queue = append(s.queue, meeting.Line{Nick: i.nick, Kind: meeting.Quit, Text: "Read error"})
	s.pump()
}

// pump delivers queued lines, in order, to everyone in the channel.
func (s *sim) pump() {
	for len(s.queue) > 0 {
		l := s.queue[0]
		s.queue = s.queue[1:]
		s.clock = s.clock.Add(time.Second)
		l.Time = s.clock
		if strings.HasPrefix(l.Text, "#") {
			s.lastCmd = strings.Fields(l.Text)[0]
		} else if (l.Kind == meeting.Message || l.Kind == meeting.TopicChange) && s.isGavel(l.Nick) {
			s.replies[s.lastCmd]++
		}
		for _, i := range s.insts {
			if i.in {
				if _, err := i.rec.Record(l); err != nil {
					s.t.Fatal(err)
				}
			}
		}
	}
}

func (s *sim) isGavel(nick string) bool {
	for _, i := range s.insts {
		if i.nick == nick {
			return true
		}
	}
	return false
}

func (s *sim) say(nick, text string) {
	s.post(nick, text)
	s.pump()
}

func newSim(t *testing.T) *sim { return &sim{t: t, clock: t0, replies: map[string]int{}} }

// meeting runs the commands the issue lists, with alice chairing.
var meetingScript = []string{"#startmeeting sync", "#topic one", "#chair bob", "#meetingname weekly", "#info x", "#endmeeting"}

// TestOneSpeaker: two or three gavels in one channel; every command is
// answered exactly once, by the instance the rule picks, and every
// instance writes its own minutes.
func TestOneSpeaker(t *testing.T) {
	for _, tc := range []struct {
		name   string
		gavels []struct {
			nick, role string
			since      int
		}
		speaker string
	}{
		{"two bots", []struct {
			nick, role string
			since      int
		}{{"botb", "bot", 2}, {"bota", "bot", 1}}, "bota"},
		{"chair beside a bot", []struct {
			nick, role string
			since      int
		}{{"alice", "chair", 0}, {"gavelbot", "bot", 9}}, "gavelbot"},
		{"two chairs", []struct {
			nick, role string
			since      int
		}{{"alice", "chair", 3}, {"carol", "chair", 2}}, "carol"},
		{"two chairs started together", []struct {
			nick, role string
			since      int
		}{{"carol", "chair", 2}, {"alice", "chair", 2}}, "alice"},
		{"three bots", []struct {
			nick, role string
			since      int
		}{{"b3", "bot", 3}, {"b1", "bot", 1}, {"b2", "bot", 2}}, "b1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSim(t)
			var all []*inst
			for _, g := range tc.gavels {
				all = append(all, s.gavel(g.nick, Role(g.role), g.since))
			}
			humans := []string{"alice", "bob"}
			for _, i := range all {
				s.join(i, humans...)
			}
			for _, c := range meetingScript {
				s.say("alice", c)
			}
			for _, c := range meetingScript {
				if c == "#info x" {
					continue
				}
				cmd := strings.Fields(c)[0]
				if s.replies[cmd] == 0 {
					t.Errorf("%s: nobody answered", cmd)
				}
			}
			for _, i := range all {
				if i.nick == tc.speaker {
					if len(i.said) == 0 || len(i.topics) != 1 {
						t.Errorf("speaker %s said %d lines, set %d topics", i.nick, len(i.said), len(i.topics))
					}
				} else if len(i.said)+len(i.topics) != 0 {
					t.Errorf("%s spoke beside %s: %q %q", i.nick, tc.speaker, i.said, i.topics)
				}
				if n := len(i.w.got); n != 1 || !i.w.got[0].Finished || i.w.got[0].Name != "weekly" {
					t.Errorf("%s wrote %d minutes", i.nick, n)
				}
			}
			t.Logf("replies per command: %v", s.replies)
		})
	}
}

// TestSpeakerLeaves: the speaker goes (quit, part, kick, or killed with
// commands said before the server noticed); the next takes over and
// answers exactly what was not answered.
func TestSpeakerLeaves(t *testing.T) {
	for _, tc := range []struct {
		name string
		// how the speaker goes, and the commands said while it is gone
		// but its leaving has not reached the channel yet
		leave     func(s *sim, i *inst)
		whileGone []string
	}{
		{"quit", func(s *sim, i *inst) { s.kill(i); s.quit(i) }, nil},
		{"part", func(s *sim, i *inst) {
			s.kill(i)
			s.queue = append(s.queue, meeting.Line{Nick: i.nick, Kind: meeting.Part})
			s.pump()
		}, nil},
		{"kick", func(s *sim, i *inst) {
			s.kill(i)
			s.queue = append(s.queue, meeting.Line{Nick: "alice", Kind: meeting.Kick, Text: i.nick})
			s.pump()
		}, nil},
		{"killed: two commands before the server noticed", func(s *sim, i *inst) {
			s.kill(i)
			s.say("alice", "#topic said to a dead speaker")
			s.say("alice", "#chair carol")
			s.quit(i)
		}, []string{"said to a dead speaker", "Current chairs: alice carol"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSim(t)
			b1, b2 := s.gavel("b1", RoleBot, 1), s.gavel("b2", RoleBot, 2)
			s.join(b1, "alice")
			s.join(b2, "alice")
			s.say("alice", "#startmeeting")
			s.say("alice", "#topic first")
			before := len(b2.said)
			tc.leave(s, b1)
			// what was said while b1 was gone is answered once, by b2, when
			// b1's leaving reaches it
			got := append(append([]string(nil), b2.topics...), b2.said[before:]...)
			if strings.Join(got, "|") != strings.Join(tc.whileGone, "|") {
				t.Fatalf("b2 said at the takeover %q, want %q", got, tc.whileGone)
			}
			if sp := b2.rec.Speaker(); !sp.Self {
				t.Fatalf("b2 sees speaker %v", sp)
			}
			said := len(b2.said)
			s.say("alice", "#meetingname after")
			if len(b2.said) != said+1 {
				t.Fatalf("b2 did not answer the next command: %q", b2.said[said:])
			}
			s.say("alice", "#endmeeting")
			if len(b1.said) != 2 || len(b2.w.got) != 1 {
				t.Fatalf("b1 said %q; b2 wrote %d minutes", b1.said, len(b2.w.got))
			}
			// nothing was answered twice (held replies follow the last
			// command: they count there)
			for _, cmd := range []string{"#topic", "#meetingname"} {
				if s.replies[cmd] != 1 {
					t.Errorf("%s answered %d times", cmd, s.replies[cmd])
				}
			}
			t.Logf("replies per command: %v", s.replies)
		})
	}
}

// TestLateJoiner: a gavel joining mid-meeting — even a gavel bot beside
// a speaking chair — learns who speaks from the roster and stays quiet:
// it may not hold the meeting at all (it missed #startmeeting).
func TestLateJoiner(t *testing.T) {
	s := newSim(t)
	chair := s.gavel("alice", RoleChair, 1)
	late := s.gavel("chair2", RoleChair, 0)
	bot := s.gavel("gavelbot", RoleBot, 9)
	s.join(chair, "bob")
	s.say("alice", "#startmeeting")
	s.join(late, "bob")
	s.say("alice", "#topic one")
	s.join(bot, "bob")
	s.say("alice", "#topic two")
	s.say("alice", "#endmeeting")
	if len(chair.said) < 4 || len(late.said)+len(bot.said) != 0 {
		t.Fatalf("chair %q late %q bot %q", chair.said, late.said, bot.said)
	}
	if len(chair.topics) != 2 || len(bot.topics)+len(late.topics) != 0 {
		t.Fatalf("topics: chair %q bot %q late %q", chair.topics, bot.topics, late.topics)
	}
	// The next meeting starts with everyone here: the bot speaks for it.
	n := len(chair.said)
	s.say("alice", "#startmeeting next")
	if len(bot.said) == 0 || len(chair.said) != n {
		t.Fatalf("next meeting: bot %q chair %q", bot.said, chair.said)
	}
	if sp := chair.rec.Speaker(); sp.Nick != "gavelbot" {
		t.Fatalf("chair sees %v for the next meeting", sp)
	}
}

// TestRestartedSpeaker: the speaker is killed, the next takes the floor;
// the killed one starts again, resumes the meeting from its journal and
// stays quiet (it rejoined mid-meeting) while the other goes on.
func TestRestartedSpeaker(t *testing.T) {
	s := newSim(t)
	b1, b2 := s.gavel("b1", RoleBot, 1), s.gavel("b2", RoleBot, 2)
	s.join(b1, "alice")
	s.join(b2, "alice")
	s.say("alice", "#startmeeting")
	s.kill(b1)
	s.say("alice", "#chair bob")
	s.quit(b1)
	again := s.restart(b1)
	s.join(again, "alice")
	s.say("alice", "#meetingname back")
	s.say("alice", "#endmeeting")
	if s.replies["#chair"] != 1 || s.replies["#meetingname"] != 1 || len(again.said) != 0 {
		t.Fatalf("replies %v; restarted b1 said %q", s.replies, again.said)
	}
	if len(again.w.got) != 1 || again.w.got[0].Name != "back" || len(b2.w.got) != 1 {
		t.Fatalf("minutes: restarted b1 %d, b2 %d", len(again.w.got), len(b2.w.got))
	}
}

// TestMeetBotComesAndGoes: a MeetBot that answers takes the floor from
// every gavel; when it leaves, the first gavel answers the next command.
func TestMeetBotComesAndGoes(t *testing.T) {
	s := newSim(t)
	b := s.gavel("gavelbot", RoleBot, 1)
	s.join(b, "alice", "fedbot")
	s.say("alice", "#startmeeting")
	s.say("fedbot", "Meeting started Mon Jun  1 15:00:00 2026 UTC.  The chair is alice. Information about MeetBot at x.")
	s.say("alice", "#chair bob")
	n := len(b.said)
	if sp := b.rec.Speaker(); sp.Nick != "fedbot" {
		t.Fatalf("speaker %v", sp)
	}
	s.say("fedbot", "Current chairs: alice bob")
	s.queue = append(s.queue, meeting.Line{Nick: "fedbot", Kind: meeting.Quit, Text: "bye"})
	s.pump()
	if len(b.said) != n {
		t.Fatalf("took over with replies fedbot had given: %q", b.said[n:])
	}
	s.say("alice", "#meetingname x")
	if len(b.said) != n+1 {
		t.Fatalf("did not answer after fedbot left: %q", b.said)
	}
}

// TestJoinWaitsForWho: right after our join we hold replies until we know
// who is here; then the one that should speak says them.
func TestJoinWaitsForWho(t *testing.T) {
	for _, tc := range []struct {
		name   string
		others []Member
		speaks bool
	}{
		{"alone", nil, true},
		{"beside an earlier bot", []Member{{"b0", Ident{Role: RoleBot, Since: t0}.String()}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := &fakeSender{}
			r, err := Open(Config{Channel: "#c", BotNick: "b1", Self: "b1", JournalDir: t.TempDir(),
				Ident: Ident{Role: RoleBot, Since: t0.Add(time.Hour)}}, fs)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			r.Record(meeting.Line{Time: t0, Nick: "b1", Kind: meeting.Join}, msg(1, "alice", "#startmeeting"))
			r.Roster(append([]Member{{"b1", ""}, {"alice", ""}}, tc.others...), false) // NAMES: realnames unknown
			if sp := r.Speaker(); len(fs.said) != 0 || sp.Self != sp.Waiting {
				t.Fatalf("spoke before the WHO: %q %+v", fs.said, r.Speaker())
			}
			r.Roster(append([]Member{{"b1", r.cfg.Ident.String()}, {"alice", "A"}}, tc.others...), true)
			if spoke := len(fs.said) > 0; spoke != tc.speaks {
				t.Fatalf("said %q after the WHO, want speaking %v", fs.said, tc.speaks)
			}
		})
	}
}

func TestIsNetsplit(t *testing.T) {
	for reason, want := range map[string]bool{
		"irc1.example.net irc2.example.net":       true,
		"*.net *.split":                           true,
		"Quit: irc1.example.net irc2.example.net": false,
		"Read error: Connection reset by peer":    false,
		"Ping timeout: 120 seconds":               false,
		"gavel: meeting recorder stopping":        false,
		"a.b":                                     false,
		"irc1.example.net  irc2.example.net":      false,
		"http://x.y a.b":                          false,
		"":                                        false,
	} {
		if got := isNetsplit(reason); got != want {
			t.Errorf("isNetsplit(%q) = %v", reason, got)
		}
	}
}

// TestNetsplit: a split puts the two gavels on two sides; each side's
// gavel answers its side; after the netjoin they agree again on one
// speaker (neither counts the other as late).
func TestNetsplit(t *testing.T) {
	for _, tc := range []struct {
		name   string
		reason string
		// after the netjoin, b1 (started first) speaks again; a plain
		// reconnect makes it late instead
		speaker string
	}{
		{"netsplit", "irc1.example.net irc2.example.net", "b1"},
		{"hidden netsplit", "*.net *.split", "b1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSim(t)
			b1, b2 := s.gavel("b1", RoleBot, 1), s.gavel("b2", RoleBot, 2)
			s.join(b1, "alice", "bob")
			s.join(b2, "alice", "bob")
			s.say("alice", "#startmeeting")
			// the split: each side sees the other quit
			only := func(i *inst, l meeting.Line) {
				other := b1
				if i == b1 {
					other = b2
				}
				other.in = false
				s.queue = append(s.queue, l)
				s.pump()
				other.in = true
			}
			only(b1, meeting.Line{Nick: "b2", Kind: meeting.Quit, Text: tc.reason})
			only(b2, meeting.Line{Nick: "b1", Kind: meeting.Quit, Text: tc.reason})
			n2 := len(b2.said)
			only(b2, meeting.Line{Nick: "alice", Text: "#chair carol"})
			if len(b2.said) != n2+1 {
				t.Fatalf("b2 did not answer its side of the split: %q", b2.said[n2:])
			}
			// the netjoin: each side sees the other join, with its realname
			only(b1, meeting.Line{Nick: "b2", Kind: meeting.Join})
			only(b2, meeting.Line{Nick: "b1", Kind: meeting.Join})
			all := []Member{{"alice", ""}, {"bob", ""}, {"b1", b1.ident.String()}, {"b2", b2.ident.String()}}
			b1.rec.Roster(all, true)
			b2.rec.Roster(all, true)
			for _, i := range []*inst{b1, b2} {
				if sp := i.rec.Speaker(); sp.Nick != tc.speaker {
					t.Errorf("%s sees %v after the netjoin", i.nick, sp)
				}
			}
			n1, n2 := len(b1.said), len(b2.said)
			s.say("alice", "#meetingname joined")
			if got := len(b1.said) - n1 + len(b2.said) - n2; got != 1 {
				t.Fatalf("after the netjoin #meetingname was answered %d times", got)
			}
		})
	}
}

// TestMuteSpeaker: a member whose realname claims to be the first gavel
// but who never answers is passed over: the real gavel says what it held
// once a line comes answerWithin after the command, and answers from then
// on.
func TestMuteSpeaker(t *testing.T) {
	s := newSim(t)
	b := s.gavel("gavelbot", RoleBot, 5)
	s.join(b, "alice")
	s.queue = append(s.queue, meeting.Line{Nick: "ghost", Kind: meeting.Join})
	s.pump()
	b.rec.Roster([]Member{{"alice", ""}, {"gavelbot", b.ident.String()}, {"ghost", Ident{Role: RoleBot, Since: t0}.String()}}, true)
	s.say("alice", "#startmeeting")
	for i := range 9 { // lines within answerWithin: still waiting
		s.say("bob", fmt.Sprintf("chat %d", i))
	}
	if len(b.said) != 0 {
		t.Fatalf("spoke before answerWithin: %q", b.said)
	}
	s.say("bob", "anyone?")
	if len(b.said) == 0 || !strings.HasPrefix(b.said[0], "Meeting started") || !b.rec.Speaker().Self {
		t.Fatalf("did not take over from a mute speaker: %q %v", b.said, b.rec.Speaker())
	}
	m := len(b.said)
	s.say("alice", "#chair bob")
	if len(b.said) != m+1 {
		t.Fatalf("did not answer the next command at once: %q", b.said[m:])
	}
}

// TestMuteNotForTopics: a speaker that could not set a topic (no rights)
// is not passed over for it; one that answered in time is not either.
func TestMuteNotForTopics(t *testing.T) {
	ghost := Ident{Role: RoleBot, Since: t0}
	for _, tc := range []struct {
		name string
		out  []outMsg
		said bool // the speaker said something after the command
		mute bool
	}{
		{"topic only", []outMsg{{topic: true, text: "t"}}, false, false},
		{"reply unsaid", []outMsg{{text: "Current chairs: a"}}, false, true},
		{"speaker talked since", []outMsg{{text: "Current chairs: a"}}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFloor(Ident{Role: RoleBot, Since: t0.Add(time.Hour)}, false, "me")
			f.roster([]Member{{"me", ""}, {"ghost", ghost.String()}}, true)
			f.line(msg(0, "alice", "#cmd"))
			f.hold(t0, tc.out)
			if tc.said {
				f.line(msg(2, "ghost", "something else"))
			}
			f.line(msg(11, "bob", "later"))
			if got := f.mute["ghost"]; got != tc.mute {
				t.Fatalf("mute %v, want %v", got, tc.mute)
			}
		})
	}
}

// FuzzParseIdent: any realname (remote text) parses without panicking, and
// what parses as a gavel writes back to the same identity.
func FuzzParseIdent(f *testing.F) {
	for _, s := range []string{"gavel/bot since 2026-12-01T14:00:00.123Z", "gavel/chair quiet since 2026-12-01T14:00:00Z",
		"gavel meeting bot", "gavel/bot since 9999-99-99T99:99:99Z", "gavel/bot  since \x00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, realname string) {
		id, ok := ParseIdent(realname)
		if !ok {
			return
		}
		again, ok := ParseIdent(id.String())
		if !ok || !again.Since.Equal(id.Since.Truncate(time.Millisecond)) || again.Role != id.Role || again.Quiet != id.Quiet {
			t.Fatalf("%q → %+v → %q → %+v %v", realname, id, id.String(), again, ok)
		}
	})
}

// TestWhoNeverEnds: a server that never ends the WHO after our join does
// not keep us silent for good: a line 30 s after the join says what was
// held.
func TestWhoNeverEnds(t *testing.T) {
	fs := &fakeSender{}
	r, err := Open(Config{Channel: "#c", BotNick: "b1", Self: "b1", JournalDir: t.TempDir(),
		Ident: Ident{Role: RoleBot, Since: t0}}, fs)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.Record(meeting.Line{Time: t0, Nick: "b1", Kind: meeting.Join}, msg(1, "alice", "#startmeeting"))
	r.Roster([]Member{{"b1", ""}, {"alice", ""}}, false)
	r.Record(msg(30, "alice", "hello?"))
	if len(fs.said) != 0 {
		t.Fatalf("spoke before 30 s: %q", fs.said)
	}
	r.Record(msg(31, "alice", "anyone?"))
	if len(fs.said) == 0 || !strings.HasPrefix(fs.said[0], "#c Meeting started") {
		t.Fatalf("still silent 31 s after the join: %q", fs.said)
	}
}

// TestReplayedHistoryIsNotPresence: lines the server replays after our
// join (history) tell who was here then: the speaker quitting in them is
// not the speaker leaving now.
func TestReplayedHistoryIsNotPresence(t *testing.T) {
	f := newFloor(Ident{Role: RoleBot, Since: t0.Add(time.Hour)}, false, "me")
	f.roster([]Member{{"me", ""}, {"b0", Ident{Role: RoleBot, Since: t0}.String()}}, true)
	f.line(meeting.Line{Time: t0, Nick: "b0", Kind: meeting.Quit, Text: "old quit", Recovered: true})
	f.line(meeting.Line{Time: t0, Nick: "zodbot", Text: "Meeting started long ago", Recovered: true})
	if sp := f.speaker(); sp.Nick != "b0" {
		t.Fatalf("speaker %v after replayed history", sp)
	}
	// b0's answer replayed to us still crosses off what we held
	f.hold(t0, []outMsg{{text: "Current chairs: alice bob"}})
	f.line(meeting.Line{Time: t0, Nick: "b0", Text: "Current chairs: alice bob", Recovered: true})
	if len(f.held) != 0 {
		t.Fatalf("held after the replayed answer: %+v", f.held)
	}
}
