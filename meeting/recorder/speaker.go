package recorder

import (
	"slices"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// Several gavels may record one channel (co-chairs each running `gavel
// chair`, a chair beside the team's `gavel bot`). All of them record and
// write their own minutes; exactly one speaks for the meeting (replies,
// channel topic, minutes announcements). Each decides alone, from what it
// sees in the channel, and all reach the same answer:
//
//   - A gavel shows itself in its IRC realname: "gavel/bot since <time>"
//     (Ident). Others learn it from extended-join or the WHO after every
//     join (ircconn), so a late joiner learns who is there before it
//     speaks, and a netsplit's rejoin is a join like any other.
//   - Another meeting bot (zodbot, any MeetBot: a known nick, or a nick
//     that answers like one and is not a gavel) always speaks; gavels stay
//     quiet beside it.
//   - Otherwise the speaker is the first non-quiet gavel present by: one
//     recording the meeting since it started before one that joined
//     after (a late joiner may not hold the meeting at all: it could not
//     answer; every instance saw the same JOIN come after #startmeeting,
//     and the late one knows it joined mid-meeting), then a `gavel bot`
//     before a `gavel chair`, then the earliest since (when it started),
//     then nick order.
//   - What a silent gavel would have said is held for a while (held);
//     the speaker's replies, as they arrive, cross off what they answer.
//     When the speaker leaves (part, quit, kick, netsplit, kill) the next
//     one takes the floor at once and says what was not answered — a
//     command said while the speaker was already gone is not left silent.
//   - A netsplit is not lateness: a gavel that QUIT with a split's reason
//     ("irc1.net irc2.net") and comes back with the netjoin still holds
//     the meeting, so both sides of the split see each other on time
//     again and agree on the one speaker. (A gavel that reconnects joins
//     late: it knows it rejoined, the others saw it rejoin.)
//   - A gavel that takes the floor but does not answer (it cannot send
//     to the channel, or it is a person whose realname only looks like a
//     gavel's) is passed over: when a reply we hold is answerWithin old
//     by a later line's time and the speaker said nothing since the
//     command, every gavel holding it counts the speaker as mute until it
//     leaves or the meeting ends, and the next one says what was held.
//     (Topics do not count: setting one needs rights nobody may have.)
//   - After our own join we stay silent (holding) until the channel's WHO
//     has told us who is there; two gavels may both answer only when they
//     join at the same moment.

// Role is the kind of gavel an instance is.
type Role string

// The roles, in the order they take the floor.
const (
	RoleBot   Role = "bot"
	RoleChair Role = "chair"
)

func (r Role) rank() int {
	if r == RoleBot {
		return 0
	}
	return 1
}

// Ident is how a gavel shows itself in the channel: its IRC realname.
type Ident struct {
	Role Role
	// Quiet gavels never speak (--quiet): the others know not to wait for
	// them.
	Quiet bool
	// Since is when the instance started recording (it started).
	Since time.Time
}

const identPrefix = "gavel/"

// sinceLayout has milliseconds: instances started in the same second
// still order by time.
const sinceLayout = "2006-01-02T15:04:05.000Z"

// String is the realname, e.g. "gavel/bot since 2026-12-01T14:00:00.000Z".
func (id Ident) String() string {
	s := identPrefix + string(id.Role)
	if id.Quiet {
		s += " quiet"
	}
	return s + " since " + id.Since.UTC().Format(sinceLayout)
}

// ParseIdent reads a realname written by Ident.String. Anything else —
// a person's name, an older gavel's "gavel meeting bot" — is not a gavel.
func ParseIdent(realname string) (Ident, bool) {
	rest, ok := strings.CutPrefix(realname, identPrefix)
	if !ok {
		return Ident{}, false
	}
	f := strings.Fields(rest)
	var id Ident
	if len(f) < 3 {
		return Ident{}, false
	}
	switch Role(f[0]) {
	case RoleBot, RoleChair:
		id.Role = Role(f[0])
	default:
		return Ident{}, false
	}
	f = f[1:]
	if f[0] == "quiet" {
		id.Quiet, f = true, f[1:]
	}
	if len(f) != 2 || f[0] != "since" {
		return Ident{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, f[1])
	if err != nil {
		return Ident{}, false
	}
	id.Since = t.UTC()
	return id, true
}

// Speaker says who speaks for the meeting, as this instance sees it.
type Speaker struct {
	// Nick is empty when nobody does (every gavel here is quiet).
	Nick string
	// Self is set when it is us.
	Self bool
	// What: "gavel bot", "gavel chair" or "meeting bot".
	What string
	// Waiting is set while we do not know yet who is in the channel
	// (just joined): we hold our replies until we do.
	Waiting bool
}

// String is the chair view's "speaking: …" text.
func (s Speaker) String() string {
	switch {
	case s.Waiting:
		return "learning who is here"
	case s.Self:
		return "me"
	case s.Nick == "":
		return "nobody"
	}
	return s.Nick + " (" + s.What + ")"
}

// Member is one nick in the channel and its realname (when known).
type Member struct{ Nick, RealName string }

type peer struct {
	nick  string
	ident Ident
}

// outMsg is one thing the speaker says: a channel message or a topic.
type outMsg struct {
	topic bool
	text  string
	// label is set for a minutes announcement ("Minutes:        "):
	// every instance has its own paths, so only the label is compared.
	label string
}

// heldGroup is what one line made us want to say while we did not speak.
type heldGroup struct {
	at  time.Time
	out []outMsg
}

// holdFor is how long a held reply stays worth saying once the speaker
// has left without saying it; maxHeld bounds what is held.
const (
	holdFor      = 5 * time.Minute
	maxHeld      = 64
	answerWithin = 10 * time.Second
	whoWithin    = 30 * time.Second
)

// floor decides who speaks. It is fed every line and roster; the
// recorder's lock guards it.
type floor struct {
	me     Ident           // as others see us (our realname)
	quiet  bool            // we never speak here (--quiet, or the channel's setting)
	self   string          // our nick now
	gavels map[string]peer // folded nick → other gavels present
	bots   map[string]string
	// late holds who joined while the meeting ran (selfLate: us), until
	// the next meeting starts.
	late     map[string]bool
	split    map[string]bool // left in a netsplit: on time when back
	mute     map[string]bool // gavels that left a reply unsaid
	saidAt   map[string]time.Time
	selfLate bool
	running  bool
	ready    bool      // we know who is here (the WHO after our join ended)
	joinedAt time.Time // our last join
	held     []heldGroup
	last     time.Time // latest line time: the floor's clock
}

func newFloor(me Ident, quiet bool, self string) *floor {
	return &floor{me: me, quiet: quiet || me.Quiet, self: self, gavels: map[string]peer{}, bots: map[string]string{}, late: map[string]bool{}, split: map[string]bool{},
		mute: map[string]bool{}, saidAt: map[string]time.Time{}, ready: true}
}

// foldNick is the engine's nick fold (meeting.FoldNick) after the channel
// mode prefixes a NAMES reply puts before a nick.
func foldNick(n string) string { return meeting.FoldNick(strings.TrimLeft(n, "~&@%+")) }

func (f *floor) isSelf(nick string) bool { return nick != "" && foldNick(nick) == foldNick(f.self) }

// speaker is who has the floor now.
func (f *floor) speaker() Speaker {
	if len(f.bots) > 0 {
		keys := make([]string, 0, len(f.bots))
		for k := range f.bots {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return Speaker{Nick: f.bots[keys[0]], What: "meeting bot"}
	}
	cands := make([]peer, 0, len(f.gavels)+1)
	for k, p := range f.gavels {
		if !p.ident.Quiet && !f.mute[k] && k != foldNick(f.self) {
			cands = append(cands, p)
		}
	}
	if !f.quiet {
		cands = append(cands, peer{nick: f.self, ident: f.me})
	}
	if len(cands) == 0 {
		return Speaker{Waiting: !f.ready}
	}
	lateness := func(p peer) int {
		if f.isSelf(p.nick) && f.selfLate || !f.isSelf(p.nick) && f.late[foldNick(p.nick)] {
			return 1
		}
		return 0
	}
	best := slices.MinFunc(cands, func(a, b peer) int {
		if d := lateness(a) - lateness(b); d != 0 {
			return d
		}
		if d := a.ident.Role.rank() - b.ident.Role.rank(); d != 0 {
			return d
		}
		if d := a.ident.Since.Compare(b.ident.Since); d != 0 {
			return d
		}
		return strings.Compare(foldNick(a.nick), foldNick(b.nick))
	})
	self := f.isSelf(best.nick)
	return Speaker{Nick: best.nick, Self: self, What: "gavel " + string(best.ident.Role), Waiting: self && !f.ready}
}

// speaking reports whether we say things now.
func (f *floor) speaking() bool {
	s := f.speaker()
	return s.Self && !s.Waiting
}

// line updates who is here from a channel line, and crosses off held
// replies the speaker just gave.
func (f *floor) line(l meeting.Line) {
	if l.Recovered {
		// History replayed to us tells who was here then, not now; an
		// answer in it still answers what we held.
		_, gavel := f.gavels[foldNick(l.Nick)]
		if _, bot := f.bots[foldNick(l.Nick)]; (gavel || bot) && (l.Kind == meeting.Message || l.Kind == meeting.TopicChange) {
			f.answered(l, gavel)
		}
		return
	}
	if l.Time.After(f.last) {
		f.last = l.Time
	}
	nick := foldNick(l.Nick)
	switch l.Kind {
	case meeting.Join:
		if f.isSelf(l.Nick) {
			// We (re)joined: who is here is for the WHO to tell.
			f.ready, f.joinedAt = false, l.Time
			f.selfLate = f.running
			clear(f.gavels)
			clear(f.late)
		} else {
			f.late[nick] = f.running && !f.split[nick]
			delete(f.split, nick)
			if isKnownBot(l.Nick) {
				f.bots[nick] = l.Nick
			}
		}
	case meeting.Part:
		f.leave(l.Nick)
	case meeting.Quit:
		late := f.late[nick]
		f.leave(l.Nick)
		if isNetsplit(l.Text) && !f.isSelf(l.Nick) {
			f.split[nick] = !late
		}
	case meeting.Kick:
		f.leave(l.Text)
	case meeting.NickChange:
		if f.isSelf(l.Nick) {
			f.self = l.Text
		}
		if p, ok := f.gavels[nick]; ok {
			delete(f.gavels, nick)
			p.nick = l.Text
			f.gavels[foldNick(l.Text)] = p
		}
		if _, ok := f.bots[nick]; ok {
			delete(f.bots, nick)
			f.bots[foldNick(l.Text)] = l.Text
		}
		if late := f.late[nick]; late {
			delete(f.late, nick)
			f.late[foldNick(l.Text)] = true
		}
	case meeting.Message, meeting.Notice, meeting.TopicChange:
		if f.isSelf(l.Nick) || l.Nick == "" {
			return
		}
		_, gavel := f.gavels[nick]
		if !gavel && l.Kind == meeting.Message && answersLikeMeetBot(l.Text) {
			f.bots[nick] = l.Nick
		}
		if _, bot := f.bots[nick]; gavel || bot {
			f.answered(l, gavel)
		}
		if gavel && l.Kind != meeting.TopicChange {
			f.saidAt[nick] = l.Time
		}
	}
	if !f.ready && !f.joinedAt.IsZero() && f.last.Sub(f.joinedAt) > whoWithin {
		// The WHO never ended (a server that does not answer it): going
		// on silent would leave the channel without answers.
		f.ready = true
	}
	f.checkMute()
}

// checkMute passes over a gavel speaker that left a held reply unsaid for
// answerWithin (by the time of the line just seen).
func (f *floor) checkMute() {
	s := f.speaker()
	k := foldNick(s.Nick)
	if _, gavel := f.gavels[k]; !gavel || s.Self {
		return
	}
	for _, g := range f.held {
		if f.last.Sub(g.at) < answerWithin || f.saidAt[k].After(g.at) {
			continue
		}
		for _, o := range g.out {
			if !o.topic {
				f.mute[k] = true
				return
			}
		}
	}
}

// gone reports whether nick left the floor without handing it over: it
// left the channel, or it went mute.
func (f *floor) gone(nick string) bool { return !f.present(nick) || f.mute[foldNick(nick)] }

func answersLikeMeetBot(text string) bool {
	return strings.HasPrefix(text, "Meeting started ") || strings.Contains(text, "Information about MeetBot")
}

// present reports whether nick is a gavel or meeting bot here.
func (f *floor) present(nick string) bool {
	_, gavel := f.gavels[foldNick(nick)]
	_, bot := f.bots[foldNick(nick)]
	return gavel || bot
}

// isNetsplit tells a netsplit's QUIT reason: the two servers' names
// ("irc1.example.net irc2.example.net", or "*.net *.split" where splits
// are hidden). A person's quit message is prefixed by the server
// ("Quit: …") on networks that care.
func isNetsplit(reason string) bool {
	f := strings.Fields(reason)
	if len(f) != 2 || reason != f[0]+" "+f[1] {
		return false
	}
	for _, s := range f {
		if !strings.Contains(strings.Trim(s, "."), ".") || strings.ContainsAny(s, ":/@!") {
			return false
		}
	}
	return true
}

func (f *floor) leave(nick string) {
	if f.isSelf(nick) {
		f.ready = false // we left or were kicked: silent until we are back
		return
	}
	delete(f.gavels, foldNick(nick))
	delete(f.bots, foldNick(nick))
	delete(f.late, foldNick(nick))
	delete(f.mute, foldNick(nick))
	delete(f.saidAt, foldNick(nick))
}

// meeting tells whether a meeting runs after the last line: everyone here
// when one starts or ends is on time for the next.
func (f *floor) meeting(running bool) {
	if running != f.running {
		clear(f.late)
		clear(f.split)
		clear(f.mute)
		f.selfLate = false
	}
	f.running = running
}

// roster replaces who is here. complete says every realname is known.
func (f *floor) roster(members []Member, complete bool) {
	present := map[string]bool{}
	for _, m := range members {
		present[foldNick(m.Nick)] = true
	}
	if !present[foldNick(f.self)] {
		// Not under the nick we think: the server gave us another one
		// (Nick_ while Nick was taken). Our realname tells which.
		for _, m := range members {
			if m.RealName == f.me.String() {
				f.self = strings.TrimLeft(m.Nick, "~&@%+")
			}
		}
	}
	clear(f.gavels)
	for _, m := range members {
		k := foldNick(m.Nick)
		id, ok := ParseIdent(m.RealName)
		switch {
		case k == foldNick(f.self):
		case ok:
			f.gavels[k] = peer{nick: strings.TrimLeft(m.Nick, "~&@%+"), ident: id}
		case isKnownBot(strings.TrimLeft(m.Nick, "~&@%+")) && !f.isSelf(m.Nick):
			f.bots[k] = strings.TrimLeft(m.Nick, "~&@%+")
		}
	}
	for k := range f.bots {
		if _, gavel := f.gavels[k]; gavel || !present[k] || k == foldNick(f.self) {
			delete(f.bots, k)
		}
	}
	if complete {
		f.ready = true
	}
}

// hold keeps what we would have said for a line, in case the speaker
// does not say it.
func (f *floor) hold(at time.Time, out []outMsg) {
	if f.quiet || len(out) == 0 {
		return
	}
	f.prune()
	f.held = append(f.held, heldGroup{at: at, out: out})
	if len(f.held) > maxHeld {
		f.held = f.held[len(f.held)-maxHeld:]
	}
}

func (f *floor) prune() {
	i := 0
	for i < len(f.held) && f.last.Sub(f.held[i].at) > holdFor {
		i++
	}
	f.held = f.held[i:]
}

// answered crosses off held replies another gavel's or bot's line gives
// (the speaker's, or the one before it, still answering). A gavel
// says what we would: its line answers the group it matches and every
// group before it. Another bot words things its own way: any line of it
// answers everything said before.
func (f *floor) answered(l meeting.Line, gavel bool) {
	if !gavel {
		f.held = f.held[:0]
		return
	}
	for i, g := range f.held {
		for _, o := range g.out {
			if o.matches(l) {
				f.held = f.held[i+1:]
				return
			}
		}
	}
}

func (o outMsg) matches(l meeting.Line) bool {
	if o.topic != (l.Kind == meeting.TopicChange) {
		return false
	}
	if o.label != "" {
		return strings.HasPrefix(l.Text, o.label)
	}
	// A long reply reaches the channel split, a long topic cut short.
	return l.Text == o.text || len(l.Text) >= 40 && strings.HasPrefix(o.text, l.Text)
}

// takeHeld returns what is still worth saying and forgets it.
func (f *floor) takeHeld() []outMsg {
	f.prune()
	var out []outMsg
	for _, g := range f.held {
		out = append(out, g.out...)
	}
	f.held = f.held[:0]
	return out
}
