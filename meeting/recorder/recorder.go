// Package recorder is gavel's live pipeline, shared by the headless bot and
// the chair's terminal: each channel line is journaled (fsync'd) first,
// then folded into the meeting, then the meeting's effects are carried out
// — replies sent, topic set, minutes written. Starting again on the same
// channel replays the journal and resumes an unfinished meeting.
//
// When the journal cannot be written (full disk, read-only file system)
// lines are held in memory, in order, and retried on every new line and
// every RetryEvery; they are folded only once they are on disk, so the
// meeting (and any view of it) lags while the disk is full, but what it
// shows is always what a restart would rebuild. See hold.go.
package recorder

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/ircconn/irctext"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/journal"
)

// Sender is the recorder's way out to the channel (ircconn's client). Its
// methods must not block.
type Sender interface {
	Say(channel, text string)
	SetTopic(channel, topic string)
}

// Config says what to record and where.
type Config struct {
	Network, Channel string
	// BotNick is the recorder's nick when it is a bot: its lines are
	// logged but never run as commands. Empty when a person chairs from
	// this connection (`gavel chair`): their commands count.
	BotNick string
	// Self is our own nick either way; our own replies never count as
	// "another meeting bot".
	Self string
	// JournalDir holds live journals (journal.Dir() by default).
	JournalDir string
	// Quiet keeps the recorder silent: it records but never speaks or sets
	// the topic. It also stays quiet while another meeting bot, or a gavel
	// ahead of it, speaks for the meeting (speaker.go).
	Quiet bool
	// Ident is how this instance shows itself (its realname, which the
	// connection must use). Its Role defaults to bot when BotNick is set,
	// else chair. A quiet Ident keeps the recorder quiet too; a channel
	// that is Quiet while the realname says otherwise (one connection,
	// several channels) never speaks, and the other gavels there pass it
	// over when it does not answer (speaker.go).
	Ident Ident
	// SetTopic allows changing the channel topic at #topic.
	SetTopic bool
	// Write writes the minutes files and returns their paths.
	Write func(*meeting.Minutes) ([]string, error)
	// URLBase, when set, replaces the local archive directory in the
	// announced file locations (e.g. https://meetings.example.org/);
	// without it only file names are announced.
	URLBase    string
	ArchiveDir string
	// Flavour and Layout go to the meeting (meeting.Config).
	Flavour meeting.Flavour
	Layout  string
	Logger  *slog.Logger
	// Observe, when set, sees every line folded — replayed from the
	// journal at Open as well as live — with the meeting it went to,
	// whether that meeting was running before, and the line's effects. It
	// runs after the line is journaled and before any effect is carried
	// out (the journal rotates at #endmeeting), so what it derives is
	// derived again from the journal after a crash. An error is logged:
	// the line stays recorded.
	Observe func(l meeting.Line, wasRunning bool, m *meeting.Meeting, effects []meeting.Effect) error

	// MaxHeld and MaxHeldBytes bound the lines held in memory while the
	// journal cannot be written (defaults 100,000 lines, 32 MiB). Lines
	// past the bound are lost, and a Gap record marks them in their place.
	MaxHeld, MaxHeldBytes int
	// RetryEvery is how often held lines are retried (default 1 s).
	RetryEvery time.Duration
	// OnJournal hears when the journal stops or starts taking lines
	// again. OnLate gets the updates of held lines the background retry
	// recorded (lines recorded by Record come back from Record). Both are
	// called with the recorder locked: they must not call it back.
	OnJournal func(JournalState)
	OnLate    func([]Update)
}

// Update is what a view learns after each recorded line.
type Update struct {
	Line    meeting.Line
	Effects []meeting.Effect
	// Written lists minutes files written because of this line.
	Written []string
	Err     error
}

// Recorder records one channel. Record is safe to call from one goroutine
// at a time (ircconn calls it from its event loop); other methods may be
// called concurrently.
type Recorder struct {
	cfg     Config
	send    Sender
	log     *slog.Logger
	mu      sync.Mutex
	journal *journal.Journal
	session *meeting.Session
	resumed int
	floor   *floor   // who speaks for the meeting (speaker.go)
	spoke   Speaker  // the speaker last logged
	seen    *seen    // recent lines, to know a replayed one (gaps.go)
	gap     gapState // continuity of what we recorded (gaps.go)
	hold    holding  // lines the journal could not take yet (hold.go)
	closed  bool
	stop    chan struct{}
	done    chan struct{}
}

// knownBots are meeting bots gavel keeps quiet beside.
var knownBots = []string{"zodbot", "meetbot", "meetingology", "opendevmeet", "openstack", "ubottu", "gmeetbot", "hcoop-meetbot"}

// Open opens the channel's journal and replays it. Effects of replayed lines
// are not carried out again.
func Open(cfg Config, send Sender) (*Recorder, error) {
	if cfg.Channel == "" {
		return nil, errors.New("recorder: no channel")
	}
	if cfg.JournalDir == "" {
		d, err := journal.Dir()
		if err != nil {
			return nil, err
		}
		cfg.JournalDir = d
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	path := journal.PathFor(cfg.JournalDir, cfg.Network, cfg.Channel)
	j, lines, err := journal.Open(path, journal.Header{Network: cfg.Network, Channel: cfg.Channel, BotNick: cfg.BotNick})
	if err != nil {
		return nil, err
	}
	if cfg.MaxHeld <= 0 {
		cfg.MaxHeld = 100_000
	}
	if cfg.MaxHeldBytes <= 0 {
		cfg.MaxHeldBytes = 32 << 20
	}
	if cfg.RetryEvery <= 0 {
		cfg.RetryEvery = time.Second
	}
	if cfg.Ident.Role == "" {
		cfg.Ident.Role = RoleChair
		if cfg.BotNick != "" {
			cfg.Ident.Role = RoleBot
		}
	}
	self := cfg.Self
	if self == "" {
		self = cfg.BotNick
	}
	r := &Recorder{cfg: cfg, send: send, log: cfg.Logger, journal: j, session: meeting.NewSession(r0(cfg)), seen: newSeen(),
		floor: newFloor(cfg.Ident, cfg.Quiet, self), stop: make(chan struct{}), done: make(chan struct{})}
	if d := j.Damage(); d.Records > 0 {
		r.log.Error("damaged journal records set aside", "journal", path, "records", d.Records, "bytes", d.Bytes,
			"offsets", d.Offsets, "aside", d.Aside, "err", d.Err)
	}
	r.seen.seedFinished(cfg.JournalDir, path)
	for _, l := range lines {
		r.apply(l)
		r.floor.line(l)
		r.floor.meeting(r.session.Current().Running())
		r.seen.add(l)
		r.gap.saw(l)
	}
	// Who was here then is history: the live roster tells who is now.
	r.floor.ready, r.floor.selfLate = true, false
	clear(r.floor.gavels)
	clear(r.floor.late)
	r.spoke = r.floor.speaker()
	if m := r.session.Current(); m.Running() {
		r.resumed = len(lines)
		r.log.Info("resumed meeting from journal", "channel", cfg.Channel, "started", m.Started(), "lines", len(lines))
	}
	go r.retryLoop()
	return r, nil
}

func r0(cfg Config) meeting.Config {
	return meeting.Config{Channel: cfg.Channel, Network: cfg.Network, BotNick: cfg.BotNick, Flavour: cfg.Flavour, Layout: cfg.Layout,
		URLBase: cfg.URLBase}
}

// Resumed is the number of journal lines replayed into a running meeting
// at Open (0 when nothing was resumed).
func (r *Recorder) Resumed() int { return r.resumed }

// JournalPath is the live journal's file.
func (r *Recorder) JournalPath() string { return r.journal.Path() }

// Damage reports the damaged journal records set aside at Open.
func (r *Recorder) Damage() journal.Damage { return r.journal.Damage() }

// History returns every journaled line of the live journal (for a view that
// starts after the recorder).
func (r *Recorder) History() ([]meeting.Line, error) {
	_, lines, err := journal.ReadFile(r.journal.Path())
	return lines, err
}

// Record journals lines (one fsync for the batch), folds them and carries
// out their effects. It returns one Update per line journaled now: a
// replayed (Recovered) line we already have is not journaled again, and a
// GapFilled record may be added (see gaps.go). Lines held earlier come
// first; when the journal cannot be written there are none — the lines are
// then held (see hold.go and OnJournal), not lost.
func (r *Recorder) Record(lines ...meeting.Line) ([]Update, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, errors.New("recorder is closed")
	}
	return r.record(r.sift(lines)), nil
}

// record queues lines behind any held ones and writes what it can.
// Replay dedup and gap bookkeeping count held lines as had: they are in
// the record's queue, in order.
func (r *Recorder) record(lines []meeting.Line) []Update {
	for _, l := range lines {
		r.seen.add(l)
		r.gap.saw(l)
	}
	var ups []Update
	if r.hold.pending() {
		// Room first: held lines that go out now make room in the bound.
		ups = r.flush()
	}
	r.keep(lines)
	return append(ups, r.flush()...)
}

// fold folds journaled lines and carries out their effects.
func (r *Recorder) fold(lines []meeting.Line) []Update {
	ups := make([]Update, 0, len(lines))
	for _, l := range lines {
		r.floor.line(l)
		r.floorChanged() // a speaker that left says nothing more: what it left goes first
		u := Update{Line: l, Effects: r.apply(l)}
		r.act(&u, l.Recovered)
		ups = append(ups, u)
		// After acting: who was late for the meeting that just ended
		// still was when its #endmeeting was answered.
		r.floor.meeting(r.session.Current().Running())
		r.floorChanged()
	}
	return ups
}

// apply folds a line and shows it to Observe. r.mu is held (or r is not
// shared yet).
func (r *Recorder) apply(l meeting.Line) []meeting.Effect {
	was := r.session.Current().Running()
	effects := r.session.Apply(l)
	if r.cfg.Observe != nil {
		if err := r.cfg.Observe(l, was, r.session.Current(), effects); err != nil {
			r.log.Error("observing a line failed; a restart derives it again from the journal", "err", err, "channel", r.cfg.Channel)
		}
	}
	return effects
}

// Minutes is a snapshot of the current meeting.
func (r *Recorder) Minutes() *meeting.Minutes {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.session.Current().Minutes()
}

// Speaker is who speaks for the meeting, as this instance sees it.
func (r *Recorder) Speaker() Speaker {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.floor.speaker()
}

// Roster tells the recorder who is in the channel and their realnames
// (complete: every realname is known), so it knows who speaks for the
// meeting — a known meeting bot before it says anything, the gavels by
// their realname.
func (r *Recorder) Roster(members []Member, complete bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.floor.roster(members, complete)
	r.floorChanged()
}

func isKnownBot(nick string) bool {
	for _, b := range knownBots {
		if meeting.FoldNick(nick) == meeting.FoldNick(b) {
			return true
		}
	}
	return false
}

// floorChanged logs a new speaker; when the floor just came to us because
// the speaker left or went mute (or we just learned who is here), it says what was
// left unsaid. When it came to us at a meeting's end, the one before is
// still here and answers what it had to.
func (r *Recorder) floorChanged() {
	now, before := r.floor.speaker(), r.spoke
	if now == before {
		return
	}
	r.spoke = now
	r.log.Info("speaker for the meeting", "channel", r.cfg.Channel, "speaker", now.String())
	if now.Self && !now.Waiting && (before.Self || before.Nick == "" || r.floor.gone(before.Nick)) {
		r.say(r.floor.takeHeld())
	}
}

// say sends (we have the floor).
func (r *Recorder) say(out []outMsg) {
	if r.send == nil {
		return
	}
	for _, o := range out {
		if o.topic {
			r.send.SetTopic(r.cfg.Channel, o.text)
		} else {
			r.send.Say(r.cfg.Channel, o.text)
		}
	}
}

// speak says out when we have the floor, else holds it in case the
// speaker does not. A recovered line's replies, topic and minutes
// announcement are never said: they would come late, out of place (its
// minutes are written).
func (r *Recorder) speak(l meeting.Line, out []outMsg) {
	switch {
	case len(out) == 0 || l.Recovered:
	case r.floor.speaking():
		r.say(out)
	default:
		r.floor.hold(l.Time, out)
	}
}

// act carries out a line's effects. Replies are kept as they will look on
// the wire (ircconn cleans them the same way), so another gavel's copy of
// one matches it (see floor.answered).
func (r *Recorder) act(u *Update, recovered bool) {
	var out []outMsg
	for _, e := range u.Effects {
		switch e := e.(type) {
		case meeting.Say:
			out = append(out, outMsg{text: irctext.Clean(e.Text)})
		case meeting.SetTopic:
			if r.cfg.SetTopic {
				out = append(out, outMsg{topic: true, text: irctext.Clean(e.Topic)})
			}
		case meeting.WriteFiles:
			out = append(out, r.writeFiles(u, e.Final)...)
		}
	}
	l := u.Line
	l.Recovered = recovered
	r.speak(l, out)
}

// writeFiles writes the minutes and returns the announcement to make.
func (r *Recorder) writeFiles(u *Update, final bool) []outMsg {
	ms := r.session.Meetings()
	if len(ms) == 0 || r.cfg.Write == nil {
		return nil
	}
	m := ms[len(ms)-1].Minutes()
	paths, err := r.cfg.Write(m)
	if err != nil {
		u.Err = fmt.Errorf("writing minutes: %w", err)
		r.log.Error("writing minutes failed", "err", err)
		return []outMsg{{text: "Could not write the minutes; the journal keeps every line."}}
	}
	u.Written = paths
	r.log.Info("minutes written", "files", paths, "final", final)
	out := r.announce(paths)
	if final {
		done := filepath.Join(r.cfg.JournalDir, "done", filepath.Base(strings.TrimSuffix(r.journal.Path(), ".jsonl"))+
			"."+m.Started.UTC().Format("2006-01-02-15.04.05")+".jsonl")
		name, err := r.journal.Rotate(done)
		if err != nil {
			// The finished meeting stays in the live journal; nothing
			// is lost, the next meeting follows it there.
			u.Err = fmt.Errorf("rotating journal: %w", err)
			r.log.Error("rotating journal failed", "err", err)
		} else {
			r.log.Info("finished journal filed", "journal", name)
		}
	}
	return out
}

// announce gives MeetBot's file lines after #save and #endmeeting (the
// three flavours word them alike): "Minutes:", "Minutes (text):", "Log:".
func (r *Recorder) announce(paths []string) []outMsg {
	find := func(ext string) string {
		for _, p := range paths {
			if strings.HasSuffix(p, ext) && !(ext == ".html" && strings.HasSuffix(p, ".log.html")) &&
				!(ext == ".txt" && strings.HasSuffix(p, ".log.txt")) {
				return r.where(p)
			}
		}
		return ""
	}
	var out []outMsg
	for _, row := range [][2]string{{"Minutes:        ", ".html"}, {"Minutes (text): ", ".txt"}, {"Log:            ", ".log.html"}} {
		if p := find(row[1]); p != "" {
			out = append(out, outMsg{text: irctext.Clean(row[0] + p), label: row[0]})
		}
	}
	return out
}

// where names a written file for the channel: its URL under URLBase when
// the file lies in the archive, else its file name alone. A local path —
// the archive directory, a home directory — never goes out to IRC; the
// chair view shows the paths to its own user (Update.Written).
func (r *Recorder) where(p string) string {
	if r.cfg.URLBase != "" && r.cfg.ArchiveDir != "" {
		if rel, err := filepath.Rel(r.cfg.ArchiveDir, p); err == nil && filepath.IsLocal(rel) {
			return strings.TrimRight(r.cfg.URLBase, "/") + "/" + filepath.ToSlash(rel)
		}
	}
	return filepath.Base(p)
}

// Close stops the retries, tries the held lines one last time and closes
// the journal. An unfinished meeting stays in it for the next start. Lines
// that still could not be written come back in an *UnwrittenError, for the
// caller to put somewhere (stderr) rather than lose them silently.
func (r *Recorder) Close() error {
	select {
	case <-r.stop:
	default:
		close(r.stop)
	}
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.flush()
	err := r.journal.Close()
	r.closed = true
	if left := r.hold.unwritten(); left != nil {
		return left
	}
	return err
}
