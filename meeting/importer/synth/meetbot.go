// Package synth generates synthetic meeting logs for tests and benchmarks.
// It lives apart from the importer so the production binary never links
// it: only _test.go files may import it.
package synth

import (
	"bufio"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// MeetBotLog writes a realistic MeetBot .log.txt of exactly lines
// lines (at least minGenLines; smaller values are raised), for tests and
// benchmarks. The same seed always gives the same log.
//
// The meeting starts with #startmeeting and the bot's replies, names
// chairs, changes topic about every 200 lines, has 10–40 speakers who chat
// and use #info, #action, #idea, #link and /me, makes proposals answered
// by +1 (and the odd -1) votes and an #agreed, and ends with #endmeeting
// and the bot's minutes links. Like MeetBot's own file, the last line has
// no newline; times may cross midnight.
func MeetBotLog(w io.Writer, lines int, seed int64) error {
	g := &gen{
		rnd: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		bw:  bufio.NewWriterSize(w, 64<<10),
	}
	g.run(max(lines, minGenLines))
	return g.bw.Flush()
}

// minGenLines is the opening (6 lines) plus the closing (5 lines).
const minGenLines = 11

type gen struct {
	rnd     *rand.Rand
	bw      *bufio.Writer
	buf     []byte
	started bool

	day  time.Time
	secs int // since day's midnight; may pass 86400

	bot      string
	name     string
	chair    string
	speakers []string
	pending  [][2]string // queued (nick, text) lines
}

var genNicks = []string{
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
	"mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "zoe",
	"asalkeld", "sdake", "shadower", "jpeeler", "funzo", "mvollmer", "dperpeet", "stefw",
	"pitti", "larsu", "andreasn", "garrett", "mpitt", "kushal", "nirik", "smooge",
	"jflory7", "bcotton", "mattdm", "sgallagh", "decathorpe", "zbyszek", "adamw", "kparal",
	"tflink", "pwhalen", "coremodule", "lruzicka",
}

var genMeetings = []string{"infra", "heat", "cockpit", "docs", "release", "qa", "council", "packaging"}

var genWords = []string{
	"the", "a", "we", "should", "could", "maybe", "need", "to", "merge", "release",
	"branch", "patch", "review", "tests", "failing", "green", "CI", "build", "next", "week",
	"milestone", "blocker", "bug", "fix", "docs", "update", "deploy", "staging", "prod", "server",
	"I", "think", "agree", "not", "sure", "about", "that", "yet", "let's", "wait",
	"for", "upstream", "package", "version", "is", "was", "done", "pending", "on", "it",
	"and", "but", "so", "if", "then", "also", "after", "before", "today", "tomorrow",
	"meeting", "agenda", "item", "vote", "proposal", "plan", "schedule", "freeze", "beta", "final",
	"API", "config", "image", "cloud", "template", "stack", "engine", "python", "go", "ok",
}

var genTopics = []string{
	"Review meeting agenda", "Open action items", "Status of the current milestone",
	"Blocker bugs", "Release schedule", "CI and test infrastructure", "Documentation",
	"Packaging", "Security updates", "Open floor", "Future milestones", "Architecture",
}

var genActs = []string{
	"nods", "waves", "is back", "looks at the logs", "grabs coffee", "agrees",
	"pokes the robot", "can launch", "is reading the bug", "will be late next week",
}

func (g *gen) pick(s []string) string { return s[g.rnd.IntN(len(s))] }

// sentence appends n random words (n in [lo, hi]) to b.
func (g *gen) sentence(b []byte, lo, hi int) []byte {
	n := lo + g.rnd.IntN(hi-lo+1)
	for i := range n {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, g.pick(genWords)...)
	}
	return b
}

func (g *gen) line(nick, text string, action bool) {
	b := g.buf[:0]
	if g.started {
		b = append(b, '\n')
	}
	g.started = true
	s := g.secs % 86400
	b = append2(b, s/3600)
	b = append(b, ':')
	b = append2(b, s/60%60)
	b = append(b, ':')
	b = append2(b, s%60)
	if action {
		b = append(b, " * "...)
		b = append(b, nick...)
		b = append(b, ' ')
	} else {
		b = append(b, " <"...)
		b = append(b, nick...)
		b = append(b, "> "...)
	}
	b = append(b, text...)
	g.buf = b
	g.bw.Write(b) // errors surface from Flush
}

func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}

func (g *gen) tick(max int) { g.secs += g.rnd.IntN(max + 1) }

func (g *gen) clock() string {
	return g.day.Add(time.Duration(g.secs) * time.Second).Format("Mon Jan _2 15:04:05 2006")
}

func (g *gen) run(total int) {
	r := g.rnd
	g.day = time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(5000))
	g.secs = (13+r.IntN(8))*3600 + r.IntN(60)
	g.bot = g.pick([]string{"zodbot", "meetbot", "openstack", "ubottu"})
	g.name = g.pick(genMeetings)
	nicks := slices.Clone(genNicks)
	r.Shuffle(len(nicks), func(i, j int) { nicks[i], nicks[j] = nicks[j], nicks[i] })
	g.speakers = nicks[:10+r.IntN(31)]
	g.chair = g.speakers[0]
	chairs := slices.Clone(g.speakers[:2+r.IntN(4)])

	start := g.day.Add(time.Duration(g.secs) * time.Second)
	g.line(g.chair, "#startmeeting "+g.name, false)
	g.line(g.bot, "Meeting started "+g.clock()+" UTC.  The chair is "+g.chair+
		". Information about MeetBot at http://wiki.debian.org/MeetBot.", false)
	g.line(g.bot, "Useful Commands: #action #agreed #halp #info #idea #link #topic.", false)
	g.line(g.bot, "The meeting name has been set to '"+g.name+"'", false)
	g.tick(20)
	chairCmd := "#chair"
	for _, c := range chairs[1:] {
		chairCmd += " " + c
	}
	g.line(g.chair, chairCmd, false)
	slices.Sort(chairs)
	cur := "Current chairs:"
	for _, c := range chairs {
		cur += " " + c
	}
	g.line(g.bot, cur, false)

	body := total - minGenLines
	untilTopic := 0
	var b []byte
	for i := 0; i < body; i++ {
		g.tick(6)
		if len(g.pending) > 0 {
			p := g.pending[0]
			g.pending = g.pending[1:]
			g.line(p[0], p[1], false)
			continue
		}
		if untilTopic <= 0 {
			untilTopic = 150 + r.IntN(101)
			g.line(g.pick(chairs), "#topic "+g.pick(genTopics), false)
			continue
		}
		untilTopic--
		who := g.pick(g.speakers)
		b = b[:0]
		switch x := r.IntN(1000); {
		case x < 30:
			b = g.sentence(append(b, "#info "...), 4, 12)
		case x < 45:
			b = append(b, "#action "...)
			b = append(b, g.pick(g.speakers)...)
			b = append(b, ' ')
			b = g.sentence(b, 3, 9)
			who = g.pick(chairs)
		case x < 55:
			b = g.sentence(append(b, "#idea "...), 4, 10)
		case x < 65:
			b = append(b, "#link https://example.org/"...)
			b = strconv.AppendInt(b, int64(r.IntN(100000)), 10)
			b = g.sentence(append(b, ' '), 1, 5)
		case x < 80:
			// A proposal, +1 votes from others, then #agreed.
			b = g.sentence(append(b, "proposal: "...), 5, 12)
			prop := string(b[len("proposal: "):])
			votes := 2 + r.IntN(7)
			for k, p := range r.Perm(len(g.speakers)) {
				if k == votes {
					break
				}
				voter := g.speakers[p]
				if voter == who {
					continue // the proposer does not vote on it
				}
				v := "+1"
				switch r.IntN(12) {
				case 0:
					v = "-1"
				case 1:
					v = "0"
				case 2:
					v = "+1 sounds good"
				}
				g.pending = append(g.pending, [2]string{voter, v})
			}
			g.pending = append(g.pending, [2]string{g.pick(chairs), "#agreed " + prop})
		case x < 90:
			g.line(who, g.pick(genActs), true)
			continue
		case x < 150:
			b = append(b, g.pick(g.speakers)...)
			b = g.sentence(append(b, ": "...), 2, 12)
		default:
			b = g.sentence(b, 1, 14)
		}
		g.line(who, string(b), false)
	}
	g.pending = nil

	g.tick(30)
	g.line(g.chair, "#endmeeting", false)
	g.line(g.bot, "Meeting ended "+g.clock()+" UTC.  Information about MeetBot at http://wiki.debian.org/MeetBot . (v 0.1.4)", false)
	base := "https://meetbot.example.org/" + g.name + "/" + start.Format("2006") + "/" + g.name + "." + start.Format("2006-01-02-15.04")
	g.line(g.bot, "Minutes:        "+base+".html", false)
	g.line(g.bot, "Minutes (text): "+base+".txt", false)
	g.line(g.bot, "Log:            "+base+".log.html", false)
}
