package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/bus"
	"github.com/gavel-irc/gavel/ircconn"
	"github.com/gavel-irc/gavel/ircconn/irctext"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/recorder"
)

// channelSettings are what may differ between a bot's channels (the
// config's [networks.NAME.channels."#c"] tables).
type channelSettings struct {
	Quiet   *bool
	URLBase string
	Flavour string
	Layout  string
}

// botRun is `gavel bot` at work: one connection, one recorder per channel.
// Each channel has its own journal, meeting, minutes and events; lines are
// routed by channel name, so two meetings at once never mix.
type botRun struct {
	client *ircconn.Client
	base   recorder.Config // every channel's settings before its own
	per    map[string]channelSettings
	events *bus.Bus
	log    *slog.Logger
	// invited is where invitations are remembered (--join-on-invite);
	// empty when the bot does not join on invitation.
	invited string

	mu   sync.Mutex
	recs map[string]*recorder.Recorder // by folded channel name
	inv  []string
}

func foldChannel(ch string) string { return strings.ToLower(ch) }

// open starts recording a channel (idempotent).
func (b *botRun) open(ch string) (*recorder.Recorder, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if r := b.recs[foldChannel(ch)]; r != nil {
		return r, nil
	}
	cfg := b.base
	cfg.Channel = ch
	s := b.per[foldChannel(ch)]
	if s.Quiet != nil {
		cfg.Quiet = *s.Quiet
	}
	if s.URLBase != "" {
		cfg.URLBase = s.URLBase
	}
	if s.Flavour != "" {
		cfg.Flavour = meeting.Flavour(s.Flavour)
	}
	if s.Layout != "" {
		cfg.Layout = s.Layout
	}
	if b.events != nil {
		src := bus.Source{Network: cfg.Network, Channel: ch}
		cfg.Observe = func(l meeting.Line, was bool, m *meeting.Meeting, eff []meeting.Effect) error {
			return b.events.Publish(bus.Derive(src, bus.Fold{Line: l, WasRunning: was, Meeting: m, Effects: eff}))
		}
	}
	var send recorder.Sender
	if b.client != nil {
		send = b.client
	}
	gate := &noticeGate{}
	lossTold := false // later reports of an outage: only when lines start to be lost
	cfg.OnJournal = func(st recorder.JournalState) {
		if st.Err == nil {
			lossTold = false
			fmt.Fprintln(os.Stderr, "gavel bot: "+ch+": "+recoveredText(st))
			return
		}
		if st.Again {
			if st.Dropped > 0 && !lossTold {
				lossTold = true
				fmt.Fprintln(os.Stderr, "gavel bot: "+ch+": "+troubleText(st))
			}
			return
		}
		fmt.Fprintln(os.Stderr, "gavel bot: "+ch+": "+troubleText(st))
		if !st.Silent && gate.ok(time.Now()) && b.client != nil {
			b.client.Say(ch, channelNotice(st))
		}
	}
	r, err := recorder.Open(cfg, send)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ch, err)
	}
	b.recs[foldChannel(ch)] = r
	if d := damageText(r); d != "" {
		fmt.Fprintln(os.Stderr, "gavel bot: "+ch+": "+d)
	}
	if n := r.Resumed(); n > 0 {
		fmt.Fprintf(os.Stderr, "gavel bot: resuming the meeting in %s from its journal (%s)\n", ch, count(n, "line"))
	}
	return r, nil
}

func (b *botRun) recorder(ch string) *recorder.Recorder {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.recs[foldChannel(ch)]
}

// all lists the recorders.
func (b *botRun) all() []*recorder.Recorder {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]*recorder.Recorder, 0, len(b.recs))
	for _, r := range b.recs {
		out = append(out, r)
	}
	return out
}

// eventBatch takes a batch of events from IRC: the lines of each channel go
// to its recorder together, journaled with one fsync (group commit), in
// order; anything else — our own JOIN (it records the gap first), a
// roster, a state change — goes through event after the lines before it.
func (b *botRun) eventBatch(batch []ircconn.Event) {
	var order []*recorder.Recorder
	pending := map[*recorder.Recorder][]meeting.Line{}
	channel := map[*recorder.Recorder]string{}
	flush := func() {
		for _, rec := range order {
			if _, err := rec.Record(pending[rec]...); err != nil {
				b.log.Error("recording lines failed", "err", err, "channel", channel[rec], "lines", len(pending[rec]))
				fmt.Fprintf(os.Stderr, "gavel bot: %s: %v\n", channel[rec], err)
			}
		}
		order = order[:0]
		clear(pending)
	}
	for _, ev := range batch {
		if ev.Type == ircconn.EventLine && !(ev.Self && ev.Line.Kind == meeting.Join) {
			if rec := b.recorder(ev.Channel); rec != nil {
				if _, ok := pending[rec]; !ok {
					order = append(order, rec)
					channel[rec] = ev.Channel
				}
				pending[rec] = append(pending[rec], ev.Line)
			}
			continue
		}
		flush()
		b.event(ev)
	}
	flush()
}

// event is the one path from IRC into the recorders.
func (b *botRun) event(ev ircconn.Event) {
	switch ev.Type {
	case ircconn.EventLine:
		rec := b.recorder(ev.Channel)
		if rec == nil {
			return
		}
		if _, _, err := recordEvent(rec, ev); err != nil {
			b.log.Error("recording a line failed", "err", err, "channel", ev.Channel, "line", ev.Line)
			fmt.Fprintf(os.Stderr, "gavel bot: %s: %v\n", ev.Channel, err)
		}
	case ircconn.EventRoster:
		if rec := b.recorder(ev.Channel); rec != nil {
			recordEvent(rec, ev)
		}
	case ircconn.EventInvite:
		b.invitedTo(ev.Channel, ev.Line.Nick)
	case ircconn.EventState:
		for _, rec := range b.all() {
			recordEvent(rec, ev)
		}
		msg := "gavel bot: " + ev.State.String()
		switch {
		case ev.State == ircconn.StateDisconnected:
			msg += fmt.Sprintf(" (%v; retry in %s)", ev.Err, ev.RetryIn.Round(1e9))
		case ev.Err != nil:
			msg += fmt.Sprintf(" (%v)", ev.Err)
		}
		fmt.Fprintln(os.Stderr, msg)
	}
}

// invitedTo joins a channel we were invited to, when --join-on-invite, and
// remembers it so a restart joins it again.
func (b *botRun) invitedTo(ch, by string) {
	if b.invited == "" || b.client == nil {
		b.log.Info("invitation ignored (no --join-on-invite)", "channel", irctext.Clean(ch), "by", by)
		return
	}
	if b.recorder(ch) != nil {
		b.client.Join(ch) // we may have been kicked: join again
		return
	}
	if _, err := b.open(ch); err != nil {
		b.log.Error("cannot record the channel we were invited to", "channel", irctext.Clean(ch), "err", err)
		return
	}
	b.mu.Lock()
	b.inv = append(b.inv, ch)
	list := append([]string(nil), b.inv...)
	b.mu.Unlock()
	if err := recorder.SaveInvited(b.invited, list); err != nil {
		b.log.Error("remembering the invitation failed; it is lost at restart", "err", err, "channel", ch)
	}
	b.log.Info("joining on invitation", "channel", ch, "by", by)
	fmt.Fprintf(os.Stderr, "gavel bot: invited to %s by %s: joining\n", ch, by)
	b.client.Join(ch)
}

// close closes every recorder; an unfinished meeting stays in its journal.
func (b *botRun) close() {
	for _, r := range b.all() {
		if m := r.Minutes(); m != nil && !m.Finished && !m.Started.IsZero() {
			fmt.Fprintf(os.Stderr, "gavel bot: stopped during a meeting; it stays in the journal (%s) and resumes on the next start\n", r.JournalPath())
		}
		closeRecorder(r, os.Stderr, "gavel bot")
	}
}

// botOptions are `gavel bot`'s settings once flags, environment and config
// are read.
type botOptions struct {
	conn         ircconn.Config
	server       string
	network      string
	nick         string
	channels     []string
	per          map[string]channelSettings
	archiveDir   string
	journalDir   string
	quiet        bool
	setTopic     bool
	urlBase      string
	flavour      meeting.Flavour
	layout       string
	joinOnInvite bool
	events       []string
	eventsPrefix string
	eventsExch   string
	logger       *slog.Logger
}

// splitChannels turns repeated and comma-separated channel values into one
// list, without repeats (case-insensitive), checking each name.
func splitChannels(vals []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, v := range vals {
		for _, ch := range strings.Split(v, ",") {
			ch = strings.TrimSpace(ch)
			if ch == "" || seen[foldChannel(ch)] {
				continue
			}
			if !strings.HasPrefix(ch, "#") && !strings.HasPrefix(ch, "&") {
				return nil, fmt.Errorf("--channel %q: a channel starts with '#'", ch)
			}
			seen[foldChannel(ch)] = true
			out = append(out, ch)
		}
	}
	return out, nil
}

// runBotWith connects once and records every channel until ctx ends.
func runBotWith(ctx context.Context, o botOptions) error {
	events, err := openEvents(o.events, o.eventsPrefix, o.eventsExch, o.journalDir, o.logger)
	if err != nil {
		return usageErr(err)
	}
	defer closeEvents(events)
	b := &botRun{events: events, log: o.logger, per: map[string]channelSettings{}, recs: map[string]*recorder.Recorder{},
		base: recorder.Config{Network: o.network, BotNick: o.nick, Self: o.nick, JournalDir: o.journalDir,
			Quiet: o.quiet, SetTopic: o.setTopic, Write: archiveWriter(o.archiveDir, o.logger), URLBase: o.urlBase,
			ArchiveDir: o.archiveDir, Flavour: o.flavour, Layout: o.layout, Logger: o.logger}}
	for ch, s := range o.per {
		b.per[foldChannel(ch)] = s
	}
	// Channels we were invited to earlier are joined again, with or
	// without --join-on-invite this time.
	invitedPath := recorder.InvitedPath(o.journalDir, o.network)
	b.inv, err = recorder.LoadInvited(invitedPath)
	if err != nil {
		return err
	}
	if o.joinOnInvite {
		b.invited = invitedPath
	}
	channels := append([]string(nil), o.channels...)
	for _, ch := range b.inv {
		// one bad name in a hand-edited file costs that channel only
		more, err := splitChannels(append(channels, ch))
		if err != nil {
			o.logger.Warn("remembered invitation skipped", "channel", irctext.Clean(ch), "err", err)
			continue
		}
		channels = more
	}
	cfg := o.conn
	cfg.Channels = channels
	cfg.Logger = o.logger
	cfg.OnEvents = b.eventBatch
	cfg.HistorySince = func(ch string) time.Time {
		if r := b.recorder(ch); r != nil {
			return r.HistorySince()
		}
		return time.Time{}
	}
	b.base.Ident = showIdent(&cfg, recorder.RoleBot, quietEverywhere(o.quiet, o.per))
	client, err := ircconn.New(cfg)
	if err != nil {
		return usageErr(err)
	}
	b.client = client
	defer b.close()
	for _, ch := range channels {
		if _, err := b.open(ch); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "gavel bot: recording %s on %s as %s; minutes go to %s\n", strings.Join(channels, " "), o.server, o.nick, o.archiveDir)
	err = client.Run(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
